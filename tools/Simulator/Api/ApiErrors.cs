namespace Ticketing.Simulator.Api;

/// <summary>The contract's error body, <c>{ "error": { "code", "message", "details"? } }</c>, for every error.</summary>
public static class ApiErrors
{
    public static IResult Result(int status, string code, string message, IReadOnlyDictionary<string, string[]>? details = null) =>
        TypedResults.Json(new ErrorResponse(new ErrorBody(code, message, details)), SimJson.Context.ErrorResponse, statusCode: status);

    public static IResult NotFound(string message) => Result(StatusCodes.Status404NotFound, "not_found", message);

    public static IResult Validation(ValidationErrors errors) =>
        Result(StatusCodes.Status422UnprocessableEntity, "validation_failed", "The request is invalid.", errors.ToDictionary());

    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ErrorResponse(new ErrorBody(code, message)),
            SimJson.Context.ErrorResponse,
            contentType: null,
            context.RequestAborted);
    }
}

/// <summary>Messages by field name, collected so a 422 reports every problem at once.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}

using System.Text.Json;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator.Api;

/// <summary><c>GET</c> and <c>POST /tickets/{id}/comments</c> (contract 1.1).</summary>
public static class CommentEndpoints
{
    /// <summary>Counted in Unicode code points, so 20,000 emoji are as welcome as 20,000 letters.</summary>
    public const int MaxBodyLength = 20_000;

    private const int MaxAuthorLength = 200;

    public static IResult List(string id, HttpContext context, TicketStore store)
    {
        var errors = new ValidationErrors();
        var (page, limit) = TicketQueryParser.Paging(context.Request.Query, errors);
        var since = TicketQueryParser.Timestamp(context.Request.Query, "since", errors);
        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        return store.QueryComments(id, since, page, limit) is { } result
            ? TypedResults.Json(
                new CommentListResponse([.. result.Items.Select(CommentPayload.From)], Pagination.Of(page, limit, result.Total)),
                SimJson.Context.CommentListResponse)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
    }

    public static async Task<IResult> Create(string id, HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        var errors = new ValidationErrors();
        var idempotencyKey = ContractEndpoints.IdempotencyKey(context.Request, errors);
        using var body = await TicketBodyReader.ReadAsync(context.Request, errors, context.RequestAborted);
        var input = body is null ? null : Parse(body.RootElement, errors);
        if (input is null || errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var result = store.AddComment(id, input, idempotencyKey);
        switch (result.Outcome)
        {
            case PostOutcome.Replayed:
                counters.CountIdempotentReplay();
                return TypedResults.Json(CommentPayload.From(result.Value!), SimJson.Context.CommentPayload, statusCode: StatusCodes.Status200OK);
            case PostOutcome.Created:
                counters.CountCommentCreated();
                return TypedResults.Json(CommentPayload.From(result.Value!), SimJson.Context.CommentPayload, statusCode: StatusCodes.Status201Created);
            default:
                return ApiErrors.NotFound($"Ticket '{id}' does not exist.");
        }
    }

    /// <summary>The validated comment, or null with every problem in <paramref name="errors"/>.</summary>
    public static NewCommentInput? Parse(JsonElement body, ValidationErrors errors)
    {
        string? text = null;
        if (!body.TryGetProperty("body", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add("body", "is required");
        }
        else if (String(value, "body", errors) is { } candidate)
        {
            var length = CodePoints(candidate);
            if (length == 0)
            {
                errors.Add("body", "must not be empty");
            }
            else if (length > MaxBodyLength)
            {
                errors.Add("body", $"must be at most {MaxBodyLength} characters");
            }
            else
            {
                text = candidate;
            }
        }

        var visibility = CommentVisibility.Public;
        if (body.TryGetProperty("visibility", out value) && value.ValueKind != JsonValueKind.Null
            && String(value, "visibility", errors) is { } visibilityText
            && !CommentVisibilities.TryParse(visibilityText, out visibility))
        {
            errors.Add("visibility", "must be public or internal");
        }

        var authorName = OptionalText(body, "author_name", errors);
        var authorEmail = OptionalText(body, "author_email", errors);
        if (authorEmail is not null && !TicketBodyReader.IsEmail(authorEmail))
        {
            errors.Add("author_email", "must be a valid email address");
        }

        return errors.Any ? null : new NewCommentInput(text!, visibility, authorName, authorEmail);
    }

    private static string? OptionalText(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = String(value, name, errors);
        if (text is not null && text.Length > MaxAuthorLength)
        {
            errors.Add(name, $"must be at most {MaxAuthorLength} characters");
            return null;
        }

        return text;
    }

    /// <summary>The string, or null with an error when the value is not a string or holds a broken surrogate pair.</summary>
    private static string? String(JsonElement value, string name, ValidationErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string");
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(name, "must be valid Unicode text");
            return null;
        }
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Remote;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Turns what went wrong with a call to Championship IT (an unsuccessful status and its error body, or
/// the failure of the send itself) into one of the Application's remote exceptions, with a message an
/// admin can act on. Messages quote the remote at most <see cref="MaxRemoteMessageLength"/> characters.
/// </summary>
internal sealed class RemoteErrorReader(ILogger logger)
{
    private const int MaxRemoteMessageLength = 300;

    /// <summary>Returns when the response is a success; otherwise throws the exception its status means.</summary>
    public async Task EnsureSuccessAsync(
        RemoteCall call,
        HttpRequestMessage request,
        HttpResponseMessage response,
        int retries,
        CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                logger.LogWarning("Championship IT rejected the API key on {Request} (401)", Describe(request));
                throw new RemoteUnauthorizedException();
            case HttpStatusCode.Forbidden:
                logger.LogWarning("Championship IT refused {Request} for this API key (403)", Describe(request));
                throw new RemoteUnauthorizedException("The API key was refused access by Championship IT (403).");
            case HttpStatusCode.NotFound when call.Feature is { } feature:
                logger.LogInformation("Championship IT answered 404 to {Request}: it does not serve {Feature}", Describe(request), feature);
                throw RemoteNotSupportedException.For(feature);
            case HttpStatusCode.NotFound when call.NotFound is { } notFound:
                throw notFound();
            case HttpStatusCode.NotFound when call.TicketId is { } ticketId:
                throw RemoteNotFoundException.ForTicket(ticketId);
            case HttpStatusCode.RequestEntityTooLarge:
                logger.LogInformation("Championship IT refused {Request} as too large (413)", Describe(request));
                throw TooLarge(call.UploadFileName);
            case HttpStatusCode.NotFound:
                throw Unavailable(
                    RemoteUnavailableReason.InvalidResponse,
                    $"Championship IT answered 404 Not Found to {Describe(request)}: check the API base URL.");
            case HttpStatusCode.TooManyRequests:
                var wait = RemoteResilience.RetryAfter(response) is { } retryAfter && retryAfter > TimeSpan.Zero
                    ? $"; it asked to wait {Seconds(retryAfter)} s"
                    : string.Empty;
                throw Unavailable(
                    RemoteUnavailableReason.RateLimited,
                    $"Championship IT is limiting requests (429 Too Many Requests){Attempts(retries)}{wait}.");
            case HttpStatusCode.RequestTimeout:
            case >= HttpStatusCode.InternalServerError:
                throw Unavailable(
                    RemoteUnavailableReason.ServerError,
                    $"Championship IT failed with {status} {response.ReasonPhrase}{Attempts(retries)}.");
            case >= HttpStatusCode.BadRequest:
                var (message, details) = await ReadErrorAsync(response, cancellationToken);
                logger.LogInformation(
                    "Championship IT rejected {Request} with {Status} ({Fields})",
                    Describe(request),
                    status,
                    string.Join(", ", details.Keys));
                var what = call.IsUpload ? $"the file{(call.UploadFileName is null ? string.Empty : $" '{call.UploadFileName}'")}" : "the request";
                throw new RemoteRejectedException(
                    $"Championship IT rejected {what} ({status}): {message ?? response.ReasonPhrase}",
                    details,
                    status);
            default:
                throw Unavailable(RemoteUnavailableReason.InvalidResponse, $"Championship IT answered {Describe(request)} with an unexpected {status}.");
        }
    }

    /// <summary>A <see cref="RemoteUnavailableException"/>, logged once here so every path reports it alike.</summary>
    public RemoteUnavailableException Unavailable(RemoteUnavailableReason reason, string message, Exception? inner = null)
    {
        logger.LogWarning("Championship IT unavailable ({Reason}): {Message}", reason, message);
        return new RemoteUnavailableException(reason, message, inner);
    }

    /// <summary>An upload above the contract's 25 MiB, refused by the remote (413) or known before sending.</summary>
    public static RemoteRejectedException TooLarge(string? fileName) =>
        new(
            $"The file{(fileName is null ? string.Empty : $" '{fileName}'")} is larger than Championship IT accepts " +
            $"({RemoteAttachmentUpload.MaxBytes / (1024 * 1024)} MiB at most).",
            new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["file"] = [$"Files are limited to {RemoteAttachmentUpload.MaxBytes / (1024 * 1024)} MiB."],
            },
            (int)HttpStatusCode.RequestEntityTooLarge);

    public static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";

    public static string Attempts(int retries) => retries == 0 ? string.Empty : $" after {retries + 1} attempts";

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The contract's error body: <c>{ "error": { "code", "message", "details": { field: [messages] } } }</c>.</summary>
    private static async Task<(string? Message, IReadOnlyDictionary<string, string[]> Details)> ReadErrorAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var details = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, details);
            }

            if (error.TryGetProperty("details", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    details[field.Name] = field.Value.ValueKind switch
                    {
                        JsonValueKind.Array => [.. field.Value.EnumerateArray().Select(m => Truncate(m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText()))],
                        JsonValueKind.String => [Truncate(field.Value.GetString())],
                        _ => [Truncate(field.Value.GetRawText())],
                    };
                }
            }

            var message = error.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String
                ? Truncate(text.GetString())
                : null;
            return (message, details);
        }
        catch (JsonException)
        {
            return (null, details);
        }
    }

    private static string Truncate(string? text) =>
        text is null ? string.Empty : text.Length <= MaxRemoteMessageLength ? text : string.Concat(text.AsSpan(0, MaxRemoteMessageLength), "…");
}

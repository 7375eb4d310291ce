using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator.Api;

/// <summary>
/// <c>GET</c>/<c>POST /tickets/{id}/attachments</c> and <c>GET /attachments/{id}/content</c>
/// (contract 1.1). Uploads are read part by part from the request stream and never held twice:
/// the file's bytes go straight into the segments the store keeps, hashed on the way.
/// </summary>
public static class AttachmentEndpoints
{
    public const long MaxFileBytes = 25L * 1024 * 1024;

    /// <summary>Room for the multipart framing and the small fields beside the file.</summary>
    public const long MaxOverheadBytes = 64 * 1024;

    /// <summary>
    /// How much of a refused body is still read (and thrown away) after the answer, so that a
    /// client which sends its whole body before reading the response (HttpClient without
    /// <c>Expect: 100-continue</c> does) gets the answer rather than a broken pipe. A body
    /// announced as larger than this is cut off at once.
    /// </summary>
    public const long MaxDrainedBytes = 256L * 1024 * 1024;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private const int MaxFileNameLength = 1000;
    private const int MaxUploaderLength = 200;
    private const int MaxBoundaryLength = 70;

    public static IResult List(string id, TicketStore store) =>
        store.Attachments(id) is { } attachments
            ? TypedResults.Json(new AttachmentListResponse([.. attachments.Select(AttachmentPayload.From)]), SimJson.Context.AttachmentListResponse)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");

    public static async Task<IResult> Create(string id, HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        // The limits are enforced here, file by file; the server's own cap would cut a refused body short while draining it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var (answer, bodyRead) = await ReceiveAsync(id, context, store, counters);
        if (bodyRead)
        {
            return answer;
        }

        await AnswerThenDrainAsync(context, answer);
        return Results.Empty;
    }

    /// <summary>The answer, and whether the body was read to its end on the way to it.</summary>
    private static async Task<(IResult Answer, bool BodyRead)> ReceiveAsync(string id, HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        var errors = new ValidationErrors();
        var idempotencyKey = ContractEndpoints.IdempotencyKey(context.Request, errors);
        if (errors.Any)
        {
            return (ApiErrors.Validation(errors), false);
        }

        // Everything that can be answered without the body is answered before reading it.
        if (store.PrecheckAttachment(id, idempotencyKey) is { } early)
        {
            return (Answer(early, id, counters), false);
        }

        if (context.Request.ContentLength > MaxFileBytes + MaxOverheadBytes)
        {
            return (TooLarge(), false);
        }

        if (!TryGetBoundary(context.Request.ContentType, out var boundary))
        {
            errors.Add("body", "must be multipart/form-data with one part named file");
            return (ApiErrors.Validation(errors), false);
        }

        Upload upload;
        try
        {
            upload = await ReadUploadAsync(context.Request.Body, boundary, errors, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            errors.Add("body", "is not well-formed multipart/form-data");
            return (ApiErrors.Validation(errors), false);
        }

        if (upload.TooLarge)
        {
            return (TooLarge(), false);
        }

        if (upload.Input is null || errors.Any)
        {
            return (ApiErrors.Validation(errors), true);
        }

        return (Answer(store.AddAttachment(id, upload.Input, idempotencyKey), id, counters), true);
    }

    /// <summary>
    /// Sends the answer at once, then reads what is left of the body and throws it away (a
    /// "lingering close"): a client still sending gets the answer instead of a reset, and nothing
    /// is kept. Not for a client waiting on <c>Expect: 100-continue</c> (it sends nothing more) nor
    /// for a body announced larger than <see cref="MaxDrainedBytes"/> (cut off).
    /// </summary>
    private static async Task AnswerThenDrainAsync(HttpContext context, IResult answer)
    {
        context.Response.Headers.Connection = "close";
        await answer.ExecuteAsync(context);
        await context.Response.CompleteAsync();
        var request = context.Request;
        if (request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase)
            || request.ContentLength > MaxDrainedBytes)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var drained = 0L;
            int read;
            while (drained <= MaxDrainedBytes && (read = await request.Body.ReadAsync(buffer, timeout.Token)) > 0)
            {
                drained += read;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away or stalled: the connection closes either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static IResult Content(string id, TicketStore store) =>
        store.FindAttachment(id) is { } attachment
            ? new AttachmentContentResult(attachment)
            : ApiErrors.NotFound($"Attachment '{id}' does not exist.");

    /// <summary>
    /// <c>attachment; filename*=UTF-8''…</c> with the name percent-encoded as RFC 5987 asks: every
    /// byte of its UTF-8 outside the attr-char set is escaped, so quotes, angle brackets, line
    /// breaks and non-ASCII letters can neither end the header nor inject another.
    /// </summary>
    public static string ContentDispositionFor(string fileName)
    {
        var builder = new StringBuilder("attachment; filename*=UTF-8''", 30 + (fileName.Length * 3));
        // Encoding.UTF8 turns a lone surrogate into U+FFFD rather than throwing.
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            if (IsAttrChar(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsAttrChar(byte b) =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-'
            or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    private static IResult Answer(PostResult<TicketAttachment> result, string id, SimulatorCounters counters)
    {
        switch (result.Outcome)
        {
            case PostOutcome.Replayed:
                counters.CountIdempotentReplay();
                return TypedResults.Json(AttachmentPayload.From(result.Value!), SimJson.Context.AttachmentPayload, statusCode: StatusCodes.Status200OK);
            case PostOutcome.Created:
                counters.CountAttachmentCreated();
                return TypedResults.Json(AttachmentPayload.From(result.Value!), SimJson.Context.AttachmentPayload, statusCode: StatusCodes.Status201Created);
            case PostOutcome.LimitReached:
                var errors = new ValidationErrors();
                errors.Add("file", $"the ticket already has {TicketStore.MaxAttachmentsPerTicket} attachments, the most it may have");
                return ApiErrors.Validation(errors);
            default:
                return ApiErrors.NotFound($"Ticket '{id}' does not exist.");
        }
    }

    private static IResult TooLarge() =>
        ApiErrors.Result(
            StatusCodes.Status413PayloadTooLarge,
            "payload_too_large",
            $"An attachment may be at most 25 MiB ({MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes).");

    private static bool TryGetBoundary(string? contentType, out string boundary)
    {
        boundary = string.Empty;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        return boundary.Length is > 0 and <= MaxBoundaryLength;
    }

    private static async Task<Upload> ReadUploadAsync(Stream body, string boundary, ValidationErrors errors, CancellationToken ct)
    {
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        AttachmentContent? content = null;
        string? fileName = null;
        string? contentType = null;
        string? uploadedBy = null;
        var otherBytes = 0L;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            // Not IsFormDisposition(): that one excludes the parts that carry a file name.
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                ? HeaderUtilities.RemoveQuotes(disposition.Name).ToString()
                : null;
            if (name == "file" && content is null)
            {
                fileName = FileName(disposition!);
                contentType = MediaTypeHeaderValue.TryParse(section.ContentType, out _) ? section.ContentType!.Trim() : "application/octet-stream";
                content = await AttachmentContent.ReadAsync(section.Body, MaxFileBytes, ct);
                if (content is null)
                {
                    return new Upload(null, TooLarge: true);
                }

                continue;
            }

            if (name == "file")
            {
                errors.Add("file", "must be sent once; this request has several file parts");
            }

            // Small fields are read with a cap, and anything else is skipped without being kept.
            var cap = MaxOverheadBytes - otherBytes;
            var (read, text) = await ReadSmallAsync(section.Body, cap, keep: name == "uploaded_by_name", ct);
            otherBytes += read;
            if (otherBytes > MaxOverheadBytes)
            {
                return new Upload(null, TooLarge: true);
            }

            if (name == "uploaded_by_name")
            {
                uploadedBy = text;
            }
        }

        if (content is null)
        {
            errors.Add("file", "is required: one multipart part named file, with a file name");
        }
        else if (string.IsNullOrEmpty(fileName))
        {
            errors.Add("file", "must carry a file name (filename or filename* in its Content-Disposition)");
        }
        else if (fileName.Length > MaxFileNameLength)
        {
            errors.Add("file", $"its file name must be at most {MaxFileNameLength} characters");
        }

        if (uploadedBy is not null && uploadedBy.Length > MaxUploaderLength)
        {
            errors.Add("uploaded_by_name", $"must be at most {MaxUploaderLength} characters");
        }

        return errors.Any || content is null
            ? new Upload(null, TooLarge: false)
            : new Upload(new NewAttachmentInput(fileName!, contentType!, string.IsNullOrWhiteSpace(uploadedBy) ? null : uploadedBy, content), TooLarge: false);
    }

    /// <summary>
    /// The name as sent: <c>filename*</c> (RFC 5987, any characters) when present, else
    /// <c>filename</c> with its quoted-string escapes undone (or its MIME encoded-word decoded).
    /// </summary>
    private static string? FileName(ContentDispositionHeaderValue disposition)
    {
        var star = disposition.FileNameStar;
        if (star.HasValue && star.Length > 0)
        {
            return star.ToString();
        }

        var raw = disposition.Parameters.FirstOrDefault(p => p.Name.Equals("filename", StringComparison.OrdinalIgnoreCase))?.Value;
        if (raw is not { HasValue: true } value)
        {
            return null;
        }

        var decoded = disposition.FileName.ToString();
        var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
        // A quoted plain name still carries its backslash escapes; a decoded MIME word does not.
        return quoted && decoded == HeaderUtilities.RemoveQuotes(value).ToString()
            ? HeaderUtilities.UnescapeAsQuotedString(value).ToString()
            : decoded;
    }

    /// <summary>Reads a part to its end, counting bytes; keeps it as UTF-8 text only when asked and within the cap.</summary>
    private static async Task<(long Read, string? Text)> ReadSmallAsync(Stream section, long cap, bool keep, CancellationToken ct)
    {
        var buffer = new byte[4096];
        using var kept = keep ? new MemoryStream() : null;
        var total = 0L;
        int read;
        while ((read = await section.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > cap)
            {
                return (total, null);
            }

            kept?.Write(buffer, 0, read);
        }

        return (total, kept is null ? null : Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length));
    }

    private sealed record Upload(NewAttachmentInput? Input, bool TooLarge);

    /// <summary>The bytes as stored, never rendered: a download with the stored type, length and name.</summary>
    private sealed class AttachmentContentResult(TicketAttachment attachment) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = attachment.ContentType;
            response.ContentLength = attachment.SizeBytes;
            response.Headers.ContentDisposition = ContentDispositionFor(attachment.FileName);
            response.Headers.XContentTypeOptions = "nosniff";
            await attachment.Content.WriteToAsync(response.Body, httpContext.RequestAborted);
        }
    }
}

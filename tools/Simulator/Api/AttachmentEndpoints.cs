using System.Globalization;
using System.Text;
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

    private const int MaxFileNameLength = 1000;
    private const int MaxUploaderLength = 200;
    private const int MaxBoundaryLength = 70;

    public static IResult List(string id, TicketStore store) =>
        store.Attachments(id) is { } attachments
            ? TypedResults.Json(new AttachmentListResponse([.. attachments.Select(AttachmentPayload.From)]), SimJson.Context.AttachmentListResponse)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");

    public static async Task<IResult> Create(string id, HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        var errors = new ValidationErrors();
        var idempotencyKey = ContractEndpoints.IdempotencyKey(context.Request, errors);
        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        // Everything that can be answered without the body is answered before reading it.
        if (store.PrecheckAttachment(id, idempotencyKey) is { } early)
        {
            return Answer(early, id, context, counters);
        }

        if (context.Request.ContentLength > MaxFileBytes + MaxOverheadBytes)
        {
            return TooLarge(context);
        }

        if (!TryGetBoundary(context.Request.ContentType, out var boundary))
        {
            errors.Add("body", "must be multipart/form-data with one part named file");
            return ApiErrors.Validation(errors);
        }

        Upload upload;
        try
        {
            upload = await ReadUploadAsync(context.Request.Body, boundary, errors, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            errors.Add("body", "is not well-formed multipart/form-data");
            return ApiErrors.Validation(errors);
        }

        if (upload.TooLarge)
        {
            return TooLarge(context);
        }

        if (upload.Input is null || errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        return Answer(store.AddAttachment(id, upload.Input, idempotencyKey), id, context, counters);
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

    private static IResult Answer(PostResult<TicketAttachment> result, string id, HttpContext context, SimulatorCounters counters)
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
                // The body may still be on its way; closing saves reading up to 25 MiB for nothing.
                context.Response.Headers.Connection = "close";
                var errors = new ValidationErrors();
                errors.Add("file", $"the ticket already has {TicketStore.MaxAttachmentsPerTicket} attachments, the most it may have");
                return ApiErrors.Validation(errors);
            default:
                context.Response.Headers.Connection = "close";
                return ApiErrors.NotFound($"Ticket '{id}' does not exist.");
        }
    }

    private static IResult TooLarge(HttpContext context)
    {
        // Whatever is left of the body is not read: the connection ends with this answer.
        context.Response.Headers.Connection = "close";
        return ApiErrors.Result(
            StatusCodes.Status413PayloadTooLarge,
            "payload_too_large",
            $"An attachment may be at most 25 MiB ({MaxFileBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes).");
    }

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

using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Attachments;
using Ticketing.Application.Tickets.Commands.AddComment;
using Ticketing.Application.Tickets.Commands.UploadAttachment;
using Ticketing.Application.Tickets.Queries.GetAttachmentContent;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Endpoints;

/// <summary>
/// The ticket page's endpoints that a page handler cannot serve well: a comment sent by the page's
/// script (JSON in and out, so it shows as "sending…" and then confirmed without a reload), uploads
/// (read as a stream, section by section, never bound as a form: a bound form would buffer each file
/// on disk) and downloads (streamed from Championship IT). Every one checks the antiforgery token;
/// the page's forms work without JavaScript through the same upload endpoint and the page's own
/// comment handler.
/// </summary>
public static class TicketWorkspaceEndpoints
{
    public const string UploadKeyField = "uploadKey";
    public const string FileField = "files";
    public const string FailuresKey = "AttachmentFailures";

    /// <summary>Room for the multipart framing and the small fields beside the files.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    private const int MaxFieldBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapTicketWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tickets/{id:guid}/comments", PostCommentAsync).RequireAuthorization();
        app.MapPost("/tickets/{id:guid}/attachments", UploadAsync).RequireAuthorization();
        app.MapGet("/tickets/{id:guid}/attachments/{attachmentId}", DownloadAsync).RequireAuthorization();
        return app;
    }

    /// <summary>The body of <c>POST /tickets/{id}/comments</c>.</summary>
    public sealed record CommentRequest(string? Body, string? Visibility, Guid IdempotencyKey);

    private static async Task<IResult> PostCommentAsync(
        Guid id, HttpContext context, ISender sender, IAntiforgery antiforgery, UserTime time, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem("The page has expired: reload it (your draft is kept) and send again.", statusCode: StatusCodes.Status400BadRequest);
        }

        CommentRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<CommentRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return Results.Problem("The message could not be read.", statusCode: StatusCodes.Status400BadRequest);
        }

        var command = new AddCommentCommand
        {
            TicketId = id,
            IdempotencyKey = request.IdempotencyKey,
            Body = request.Body,
            Visibility = request.Visibility == "internal" ? CommentVisibility.Internal : CommentVisibility.Public,
        };
        AddCommentResult result;
        try
        {
            result = await sender.Send(command, cancellationToken);
        }
        catch (ValidationException validation)
        {
            return Results.Json(
                new { errors = validation.Errors.SelectMany(e => e.Value).ToArray() },
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
        catch (ForbiddenAccessException forbidden)
        {
            return Results.Problem(forbidden.Message, statusCode: StatusCodes.Status403Forbidden);
        }

        var comment = result.Comment;
        return Results.Json(
            new
            {
                outcome = result.Outcome == AddCommentOutcome.Sent ? "sent" : "queued",
                message = result.Outcome == AddCommentOutcome.Sent
                    ? null
                    : "Championship IT could not be reached, so this is queued: it will be posted, once, as soon as Championship IT answers.",
                nextKey = Guid.NewGuid(),
                comment = new
                {
                    authorName = comment.AuthorName,
                    authorEmail = comment.AuthorEmail,
                    internalNote = comment.Visibility == CommentVisibility.Internal,
                    body = comment.Body,
                    time = time.Relative(comment.CreatedAt),
                    exact = time.Exact(comment.CreatedAt),
                    iso = comment.CreatedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            statusCode: result.Outcome == AddCommentOutcome.Sent ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// <c>POST /tickets/{id}/attachments</c>: one or more files, each streamed to Championship IT as its
    /// part arrives. From the page's script (one file per request, with its own Idempotency-Key, the
    /// antiforgery token in a header, JSON back) or from the plain form (the token as the first part,
    /// then the form's upload key, then the files; a redirect back to the ticket with the outcome).
    /// </summary>
    private static async Task<IResult> UploadAsync(
        Guid id, HttpContext context, ISender sender, IAntiforgery antiforgery, IOptions<AttachmentOptions> options, CancellationToken cancellationToken)
    {
        var maxFiles = Math.Max(1, options.Value.MaxFilesPerRequest);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // For this endpoint only: the app's other requests keep the server's default limit.
            bodySize.MaxRequestBodySize = maxFiles * (AttachmentOptions.MaxFileBytes + FormOverheadBytes);
        }

        var wantsJson = context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Length is 0 or > 70)
        {
            return Results.Problem("Send the files as multipart/form-data.", statusCode: StatusCodes.Status400BadRequest);
        }

        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString(), context.Request.Body)
        {
            HeadersLengthLimit = 16 * 1024,
            HeadersCountLimit = 16,
            BodyLengthLimit = null,
        };
        var tokenChecked = false;
        if (context.Request.Headers.ContainsKey(AntiforgeryHeader))
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Expired();
            }

            tokenChecked = true;
        }

        var headerKey = Guid.TryParse(context.Request.Headers["Idempotency-Key"], out var key) ? key : (Guid?)null;
        Guid? formKey = null;
        var results = new List<UploadAttachmentResult>();
        var files = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                var isFile = disposition.FileName.HasValue || disposition.FileNameStar.HasValue;
                if (!isFile)
                {
                    var value = await ReadFieldAsync(section.Body, cancellationToken);
                    if (name == AntiforgeryField && !tokenChecked)
                    {
                        // The plain form sends its token as the first part: checked before any file is read.
                        context.Request.Headers[AntiforgeryHeader] = value;
                        if (!await antiforgery.IsRequestValidAsync(context))
                        {
                            return Expired();
                        }

                        tokenChecked = true;
                    }
                    else if (name == UploadKeyField && Guid.TryParse(value, out var parsed))
                    {
                        formKey = parsed;
                    }

                    continue;
                }

                if (!tokenChecked)
                {
                    return Expired();
                }

                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.ToString() : BrowserFileName(HeaderUtilities.RemoveQuotes(disposition.FileName).ToString());
                if (name != FileField || string.IsNullOrEmpty(fileName))
                {
                    // The plain form's empty file input sends a part without a file name: nothing was chosen.
                    continue;
                }

                if (++files > maxFiles)
                {
                    results.Add(new UploadAttachmentResult(
                        UploadOutcome.Refused, AttachmentFileName.Sanitize(fileName), $"“{AttachmentFileName.Sanitize(fileName)}” was not uploaded: at most {maxFiles} files at once."));
                    continue;
                }

                var fileKey = headerKey is { } single && files == 1 ? single : DeriveKey(formKey ?? Guid.NewGuid(), files);
                results.Add(await sender.Send(new UploadAttachmentCommand(id, section.Body, fileName, fileKey), cancellationToken));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            results.Add(new UploadAttachmentResult(
                UploadOutcome.TooLarge, "The upload", $"The upload is larger than the {maxFiles} files of at most 25 MiB it may carry, so the rest of it was not read."));
        }
        catch (InvalidDataException)
        {
            return Results.Problem("The upload was not well-formed multipart/form-data.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
        catch (ForbiddenAccessException forbidden)
        {
            // The plain form gets the error page, which says why (the same words as the script's answer).
            context.Items[MediatorExceptionPageFilter.ForbiddenReasonKey] = forbidden.Message;
            return wantsJson ? Results.Problem(forbidden.Message, statusCode: StatusCodes.Status403Forbidden) : Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!tokenChecked)
        {
            return Expired();
        }

        if (results.Count == 0)
        {
            results.Add(new UploadAttachmentResult(UploadOutcome.Empty, "", "Choose one or more files to attach first."));
        }

        return wantsJson ? UploadJson(results) : UploadRedirect(context, id, results);

        IResult Expired() => wantsJson
            ? Results.Problem("The page has expired: reload it and upload again.", statusCode: StatusCodes.Status400BadRequest)
            : UploadRedirect(context, id, [new UploadAttachmentResult(UploadOutcome.Refused, "", "The page had expired, so nothing was uploaded. Choose the files again.")]);
    }

    private static async Task<IResult> DownloadAsync(Guid id, string attachmentId, HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        AttachmentDownload download;
        try
        {
            download = await sender.Send(new GetAttachmentContentQuery(id, attachmentId), cancellationToken);
        }
        catch (NotFoundException)
        {
            return Results.NotFound();
        }
        catch (ForbiddenAccessException forbidden)
        {
            context.Items[MediatorExceptionPageFilter.ForbiddenReasonKey] = forbidden.Message;
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (Exception ex) when (ex is RemoteUnavailableException or RemoteUnauthorizedException or RemoteNotSupportedException)
        {
            return Results.Problem("Championship IT is unreachable, so the file cannot be downloaded now. Try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        await using (download)
        {
            var response = context.Response;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(download.FileName);
            response.ContentType = download.ContentType;
            response.ContentLength = download.Length;
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "private, no-store";

            // Should a browser ever open it anyway, it runs nothing and reaches nothing.
            response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            await download.Content.CopyToAsync(response.Body, cancellationToken);
        }

        return Results.Empty;
    }

    private const string AntiforgeryField = "__RequestVerificationToken";
    private const string AntiforgeryHeader = "RequestVerificationToken";

    private static IResult UploadJson(List<UploadAttachmentResult> results)
    {
        var status = results.FirstOrDefault(r => !r.Succeeded)?.Outcome switch
        {
            null when results.Any(r => r.Outcome == UploadOutcome.Queued) => StatusCodes.Status202Accepted,
            null => StatusCodes.Status201Created,
            UploadOutcome.TooLarge => StatusCodes.Status413PayloadTooLarge,
            UploadOutcome.TypeNotAllowed => StatusCodes.Status415UnsupportedMediaType,
            UploadOutcome.Unreachable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return Results.Json(
            new
            {
                results = results.Select(r => new
                {
                    fileName = r.FileName,
                    outcome = r.Outcome.ToString(),
                    message = r.Message,
                    attachmentId = r.Attachment?.Id,
                }),
            },
            statusCode: status);
    }

    /// <summary>Back to the ticket's attachments, with what happened to each file shown once there.</summary>
    private static IResult UploadRedirect(HttpContext context, Guid id, List<UploadAttachmentResult> results)
    {
        var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
        var uploaded = results.Where(r => r.Succeeded).Select(r => r.Message).ToArray();
        if (uploaded.Length > 0)
        {
            tempData[StatusMessage.Key] = string.Join(" ", uploaded);
        }

        var failed = results.Where(r => !r.Succeeded).Select(r => r.Message).ToArray();
        if (failed.Length > 0)
        {
            tempData[FailuresKey] = failed;
        }

        tempData.Save();
        return Results.Redirect($"/Tickets/Details/{id}#attachments");
    }

    /// <summary>The Idempotency-Key of the n-th file of a form: the same form sent twice stores each file once.</summary>
    private static Guid DeriveKey(Guid formKey, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{formKey:N}/{index}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// A file name as the browser had it: browsers write a quote as <c>%22</c> and line breaks as
    /// <c>%0D</c>/<c>%0A</c> in a multipart part's <c>filename</c> (the HTML form encoding), and nothing else.
    /// </summary>
    private static string BrowserFileName(string sent) =>
        sent.Replace("%22", "\"", StringComparison.Ordinal)
            .Replace("%0D", "\r", StringComparison.OrdinalIgnoreCase)
            .Replace("%0A", "\n", StringComparison.OrdinalIgnoreCase);

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                // Longer than any field this form has: not one of them.
                return string.Empty;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}

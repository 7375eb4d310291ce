using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Webhooks;
using Ticketing.Domain.Sync;

namespace Ticketing.Web.Webhooks;

/// <summary>
/// <c>POST /webhook/ticket-update</c>: checks where the message comes from, its size and its Standard
/// Webhooks signature over the raw body, then stores it in the inbox and answers at once; a background
/// processor applies it. Every refusal is a plain status code with a short reason and changes nothing.
/// </summary>
public sealed class TicketWebhookReceiver(
    IWebhookSignatureVerifier verifier,
    IWebhookInbox inbox,
    WebhookAllowlist allowlist,
    WebhookFailureLimiter failures,
    IWebhookMetrics metrics,
    TimeProvider clock,
    ILogger<TicketWebhookReceiver> logger)
{
    /// <summary>The column size of <c>webhook_messages.webhook_id</c>.</summary>
    private const int MaxWebhookIdLength = 256;

    private const int UnknownLengthBuffer = 16 * 1024;

    private static readonly TimeSpan NotConfiguredLogInterval = TimeSpan.FromMinutes(1);

    private long _notConfiguredLoggedAt = long.MinValue;

    public async Task HandleAsync(HttpContext context)
    {
        // Every answer carries its own short body; the app's HTML status pages are for people.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        var request = context.Request;
        var remoteIp = context.Connection.RemoteIpAddress;
        if (!allowlist.Allows(remoteIp))
        {
            await AnswerAsync(context, StatusCodes.Status403Forbidden, "forbidden");
            return;
        }

        if (request.ContentLength > TicketWebhookOptions.MaxBodyBytes)
        {
            await RefuseTooLargeAsync(context);
            return;
        }

        if (!await verifier.IsConfiguredAsync(context.RequestAborted))
        {
            LogNotConfigured();
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, "webhooks are not configured");
            return;
        }

        var webhookId = SingleHeader(request, "webhook-id");
        var timestamp = SingleHeader(request, "webhook-timestamp");
        var signatures = request.Headers["webhook-signature"] is { Count: > 0 } values ? string.Join(' ', values.ToArray()) : null;
        if (webhookId is null || timestamp is null || signatures is null)
        {
            await RefuseUnverifiedAsync(context, remoteIp, WebhookVerification.MissingHeaders);
            return;
        }

        var body = await ReadBodyAsync(context);
        if (body.TooLarge)
        {
            await RefuseTooLargeAsync(context);
            return;
        }

        try
        {
            var content = body.Buffer.AsMemory(0, body.Length);
            var verification = await verifier.VerifyAsync(webhookId, timestamp, signatures, content, context.RequestAborted);
            if (verification != WebhookVerification.Valid)
            {
                await RefuseUnverifiedAsync(context, remoteIp, verification);
                return;
            }

            await AcceptAsync(context, webhookId, content);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Buffer);
        }
    }

    private async Task AcceptAsync(HttpContext context, string webhookId, ReadOnlyMemory<byte> content)
    {
        // The signature covers the bytes as sent; a UTF-8 byte order mark is no part of the JSON.
        var json = content.Span.StartsWith(Encoding.UTF8.Preamble) ? content[Encoding.UTF8.Preamble.Length..] : content;
        string type;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (!WebhookEnvelope.TryReadType(root, out var readType))
            {
                await AnswerAsync(context, StatusCodes.Status400BadRequest, "the body must be a JSON object with a string \"type\"");
                return;
            }

            type = readType;
            if (!WebhookEventTypes.IsKnown(type))
            {
                // The remote may add types: acknowledging stops its retries; there is nothing to apply.
                logger.LogInformation("Ignored webhook {WebhookId} of unknown type {Type}", webhookId, Shorten(type));
                await AnswerAsync(context, StatusCodes.Status200OK, "ignored: unknown type");
                return;
            }

            if (!WebhookEnvelope.TryReadTicket(root, out _, out _))
            {
                await AnswerAsync(context, StatusCodes.Status400BadRequest, "data.ticket.id is missing");
                return;
            }
        }
        catch (JsonException)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "the body is not valid JSON");
            return;
        }

        if (webhookId.Length > MaxWebhookIdLength)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "webhook-id is too long");
            return;
        }

        var message = new WebhookMessage
        {
            WebhookId = webhookId,
            EventType = type,
            Body = Encoding.UTF8.GetString(json.Span),
            ReceivedAt = clock.GetUtcNow(),
        };

        bool stored;
        try
        {
            stored = await inbox.AcceptAsync(message, context.RequestAborted);
        }
        catch (WebhookInboxUnavailableException ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Not stored, so not acknowledged: the remote retries later with the same id.
            logger.LogError(ex, "Webhook {WebhookId} could not be stored; answered 503", webhookId);
            context.Response.Headers.RetryAfter = "5";
            await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, "temporarily unavailable");
            return;
        }

        if (stored)
        {
            await AnswerAsync(context, StatusCodes.Status202Accepted, "accepted");
        }
        else
        {
            await AnswerAsync(context, StatusCodes.Status200OK, "already received");
        }
    }

    private async Task RefuseUnverifiedAsync(HttpContext context, IPAddress? remoteIp, WebhookVerification verification)
    {
        if (!failures.TryRecordFailure(remoteIp, out var retryAfter))
        {
            // Over the limit: answered without a log line each, so a flood cannot flood the logs too.
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await AnswerAsync(context, StatusCodes.Status429TooManyRequests, "too many failed attempts");
            return;
        }

        var reason = verification switch
        {
            WebhookVerification.MissingHeaders => "missing webhook headers",
            WebhookVerification.InvalidTimestamp => "invalid webhook timestamp",
            WebhookVerification.StaleTimestamp => "webhook timestamp too old or too new",
            _ => "invalid webhook signature",
        };
        logger.LogWarning("Refused a webhook from {RemoteIp}: {Reason}", remoteIp, reason);
        await AnswerAsync(context, StatusCodes.Status401Unauthorized, reason);
    }

    private Task RefuseTooLargeAsync(HttpContext context)
    {
        // The rest of the body is not read: the connection is closed after the answer rather than drained.
        context.Response.Headers.Connection = "close";
        return AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, "payload too large");
    }

    /// <summary>
    /// Reads the raw body into a pooled buffer, never more than <see cref="TicketWebhookOptions.MaxBodyBytes"/>
    /// plus one byte: a chunked body gives no length up front, so it is capped while it is read.
    /// </summary>
    private static async Task<RawBody> ReadBodyAsync(HttpContext context)
    {
        const int limit = TicketWebhookOptions.MaxBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var declared = context.Request.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is { } length ? (int)Math.Max(length, 1) : UnknownLengthBuffer);
        var total = 0;
        try
        {
            var stream = context.Request.Body;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > limit)
                    {
                        return new RawBody(buffer, total, TooLarge: true);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, limit + 1) - total), context.RequestAborted);
                if (read == 0)
                {
                    return new RawBody(buffer, total, TooLarge: false);
                }

                total += read;
                if (total > limit)
                {
                    return new RawBody(buffer, total, TooLarge: true);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new RawBody(buffer, total, TooLarge: true);
        }
        catch
        {
            // The client went away mid-body: nothing to answer, but the buffer goes back to the pool.
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static string? SingleHeader(HttpRequest request, string name) =>
        request.Headers[name] is { Count: 1 } values && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

    private Task AnswerAsync(HttpContext context, int statusCode, string reason)
    {
        metrics.Answered(statusCode);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }

    private void LogNotConfigured()
    {
        // The remote keeps sending (and retrying) while nothing is configured: one line a minute is enough.
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _notConfiguredLoggedAt);
        if ((last == long.MinValue || clock.GetElapsedTime(last, now) >= NotConfiguredLogInterval)
            && Interlocked.CompareExchange(ref _notConfiguredLoggedAt, now, last) == last)
        {
            logger.LogWarning("Refused webhooks (503): no webhook secret is configured for the Championship IT integration");
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private readonly record struct RawBody(byte[] Buffer, int Length, bool TooLarge);
}

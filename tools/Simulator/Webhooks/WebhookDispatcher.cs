using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Ticketing.Simulator.Api;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Webhooks;

/// <summary>Where webhooks go and the key they are signed with.</summary>
public sealed record WebhookTarget(Uri Url, byte[] Key);

/// <summary>
/// Turns every store change into a signed Standard Webhooks message and delivers them one at a
/// time, in the order the changes happened, from a background queue. A failed attempt (non-2xx,
/// timeout, connection error) is retried with exponential backoff under the same webhook-id and a
/// fresh timestamp and signature; while one message is retried the ones behind it wait, so the
/// receiver sees changes in order unless it is the one reordering them, or the webhook faults
/// (<see cref="Faults"/>) drop, duplicate or hold back messages on purpose.
/// </summary>
public sealed partial class WebhookDispatcher : BackgroundService, ITicketChangeSink
{
    private readonly Channel<OutgoingWebhook> _queue =
        Channel.CreateUnbounded<OutgoingWebhook>(new UnboundedChannelOptions { SingleReader = true });

    private readonly SimulatorSettings _settings;
    private readonly SimulatorCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _http;
    private readonly Random _faultRolls;
    private volatile WebhookTarget? _target;
    private volatile WebhookFaultSettings _faults;
    private int _generation;
    private long _pending;

    public WebhookDispatcher(SimulatorSettings settings, SimulatorCounters counters, TimeProvider time, ILogger<WebhookDispatcher> logger)
    {
        _settings = settings;
        _counters = counters;
        _time = time;
        _logger = logger;
        _faults = settings.WebhookFaults;
        // Seeded, and rolled only by the one delivery loop: the same seed and message sequence give the same faults.
        _faultRolls = new Random(settings.Seed ^ 0x3EB400C);
        // Each attempt has its own timeout; pooled connections are recycled so a receiver that
        // restarts on another address behind the same name is found again.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.WebhookUrl is not null)
        {
            Configure(settings.WebhookUrl, settings.WebhookSecret);
        }
    }

    public WebhookTarget? Target => _target;

    /// <summary>The webhook faults in force; swapped atomically, applied to messages taken from the queue from then on.</summary>
    public WebhookFaultSettings Faults
    {
        get => _faults;
        set => _faults = value ?? WebhookFaultSettings.None;
    }

    /// <summary>Messages queued or being retried.</summary>
    public long Pending => Math.Max(0, Interlocked.Read(ref _pending));

    /// <summary>
    /// Points webhooks at <paramref name="url"/>, or turns them off with null (dropping what is
    /// still queued). Throws <see cref="FormatException"/> for a secret that is not <c>whsec_&lt;base64&gt;</c>.
    /// </summary>
    public void Configure(Uri? url, string? secret)
    {
        if (url is null)
        {
            _target = null;
            DropPending();
            return;
        }

        if (!WebhookSigner.TryParseSecret(secret, out var key))
        {
            throw new FormatException("The webhook secret must be whsec_ followed by base64 key bytes.");
        }

        _target = new WebhookTarget(url, key);
    }

    /// <summary>Forgets every queued message (a reset must not deliver changes from before it).</summary>
    public void DropPending() => Interlocked.Increment(ref _generation);

    public void Publish(TicketChange change)
    {
        if (_target is null)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        _counters.CountWebhookSent();
        _queue.Writer.TryWrite(new OutgoingWebhook("msg_" + Guid.NewGuid().ToString("N"), change, Volatile.Read(ref _generation)));
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var faults = _faults;
                var drop = Roll(faults.DropRate);
                var delay = Roll(faults.ReorderRate);
                var duplicate = Roll(faults.DuplicateRate);
                if (drop && IsCurrent(message))
                {
                    _counters.CountWebhookDropped();
                    Interlocked.Decrement(ref _pending);
                    continue;
                }

                if (delay && IsCurrent(message))
                {
                    _counters.CountWebhookDelayed();
                    _ = DeliverLaterAsync(message, TimeSpan.FromMilliseconds(faults.ReorderDelayMs), duplicate, stoppingToken);
                    continue;
                }

                try
                {
                    await DeliverWithCopyAsync(message, duplicate, stoppingToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whatever is still queued is lost, as with a remote that restarts.
        }
    }

    private bool Roll(double rate) => rate > 0 && _faultRolls.NextDouble() < rate;

    private bool IsCurrent(OutgoingWebhook message) => _target is not null && message.Generation == Volatile.Read(ref _generation);

    /// <summary>A held-back message: delivered on its own after the delay, while the queue moves on without it.</summary>
    private async Task DeliverLaterAsync(OutgoingWebhook message, TimeSpan delay, bool duplicate, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, _time, stoppingToken);
            await DeliverWithCopyAsync(message, duplicate, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the held message is lost with the rest of the queue.
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task DeliverWithCopyAsync(OutgoingWebhook message, bool duplicate, CancellationToken stoppingToken)
    {
        if (await DeliverAsync(message, copy: false, stoppingToken) && duplicate)
        {
            _counters.CountWebhookDuplicated();
            await DeliverAsync(message, copy: true, stoppingToken);
        }
    }

    /// <summary>True when the receiver took the message; a copy is not counted as a delivery of its own.</summary>
    private async Task<bool> DeliverAsync(OutgoingWebhook message, bool copy, CancellationToken stoppingToken)
    {
        var body = Serialize(message.Change);
        for (var attempt = 1; ; attempt++)
        {
            var target = _target;
            if (target is null || message.Generation != Volatile.Read(ref _generation))
            {
                return false;
            }

            var outcome = await SendAsync(target, message.Id, body, stoppingToken);
            if (message.Generation != Volatile.Read(ref _generation))
            {
                return false;
            }

            if (outcome is null)
            {
                if (!copy)
                {
                    _counters.CountWebhookDelivered();
                }

                return true;
            }

            _counters.CountWebhookFailedAttempt();
            if (attempt >= _settings.WebhookMaxAttempts)
            {
                _counters.CountWebhookAbandoned();
                LogAbandoned(message.Id, message.Change.Kind.ToEventType(), attempt, outcome);
                return false;
            }

            var delay = _settings.WebhookRetryBaseDelay * Math.Pow(2, attempt - 1);
            LogRetrying(message.Id, attempt, outcome, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, stoppingToken);
        }
    }

    /// <summary>Null when the receiver answered 2xx, otherwise why the attempt failed.</summary>
    private async Task<string?> SendAsync(WebhookTarget target, string messageId, byte[] body, CancellationToken stoppingToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(target.Key, messageId, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_settings.WebhookAttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException exception)
        {
            return exception.HttpRequestError.ToString();
        }
    }

    private static byte[] Serialize(TicketChange change)
    {
        var type = change.Kind.ToEventType();
        return change.Kind == TicketChangeKind.Deleted
            ? JsonSerializer.SerializeToUtf8Bytes(
                new WebhookEnvelope<DeletedTicketData>(type, change.OccurredAt, new DeletedTicketData(new DeletedTicket(change.Ticket.Id))),
                SimJson.Context.WebhookEnvelopeDeletedTicketData)
            : JsonSerializer.SerializeToUtf8Bytes(
                new WebhookEnvelope<TicketEventData>(
                    type,
                    change.OccurredAt,
                    new TicketEventData(
                        change.Ticket,
                        change.Comment is null ? null : CommentPayload.From(change.Comment),
                        change.Attachment is null ? null : AttachmentPayload.From(change.Attachment))),
                SimJson.Context.WebhookEnvelopeTicketEventData);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {MessageId} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string messageId, int attempt, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {MessageId} ({EventType}) abandoned after {Attempts} attempts; last failure: {Reason}")]
    private partial void LogAbandoned(string messageId, string eventType, int attempts, string reason);

    private sealed record OutgoingWebhook(string Id, TicketChange Change, int Generation);
}

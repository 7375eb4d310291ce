using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// <see cref="ITicketingApi"/> over HTTP, as a typed <see cref="HttpClient"/>. The base URL and the
/// protected API key come from <c>ticketing_system_config</c> (cached briefly); the API key is added by
/// <see cref="RemoteAuthenticationHandler"/>; retries, timeouts and the circuit breaker come from
/// <see cref="RemoteResilience"/>. Every failure leaves as one of the Application's remote exceptions.
/// </summary>
internal sealed class ChampionshipItClient(
    HttpClient http,
    RemoteSettingsProvider settings,
    HybridCache cache,
    LocalTicketStatsReader localStats,
    IOptions<RemoteClientOptions> options,
    TimeProvider clock,
    ILogger<ChampionshipItClient> logger) : ITicketingApi
{
    private const string StatsCacheKey = "ticketing:remote:stats";

    /// <summary>How many times one page of a ticket's comments is asked for: a failure only leaves the ticket for the next sync.</summary>
    private const int CommentPageRounds = 3;

    /// <summary>The longest pause before a failed page is asked for again (unless the circuit's break is longer).</summary>
    private static readonly TimeSpan MaxPagePause = TimeSpan.FromSeconds(30);

    private readonly RemoteErrorReader _errors = new(logger);
    private readonly RemoteResponseReader _responses = new(logger);

    public Task<RemoteTicketPage> GetTicketsAsync(RemoteTicketQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CallAsync(
            new RemoteCall(HttpMethod.Get, "tickets" + QueryString(query)),
            (root, _, retries) => _responses.ReadTicketPage(root, retries),
            cancellationToken);
    }

    public Task<RemoteTicketResult> GetTicketAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        return CallAsync(
            new RemoteCall(HttpMethod.Get, TicketPath(externalId)) { TicketId = externalId },
            (root, _, retries) => new RemoteTicketResult(RemoteResponseReader.ReadSingle(root, externalId), retries),
            cancellationToken);
    }

    public Task<RemoteCreatedTicket> CreateTicketAsync(RemoteTicketCreate ticket, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        RequireKey(idempotencyKey);

        return CallAsync(
            new RemoteCall(HttpMethod.Post, "tickets") { Body = RemoteTicketJson.WriteCreateBody(ticket), IdempotencyKey = idempotencyKey },
            (root, status, retries) => new RemoteCreatedTicket(RemoteResponseReader.ReadSingle(root, null), status == HttpStatusCode.OK, retries),
            cancellationToken);
    }

    public Task<RemoteTicketResult> UpdateTicketAsync(string externalId, RemoteTicketUpdate update, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        ArgumentNullException.ThrowIfNull(update);
        return CallAsync(
            new RemoteCall(HttpMethod.Patch, TicketPath(externalId)) { Body = RemoteTicketJson.WriteUpdateBody(update), TicketId = externalId },
            (root, _, retries) => new RemoteTicketResult(RemoteResponseReader.ReadSingle(root, externalId), retries),
            cancellationToken);
    }

    public async Task<RemoteTicketStats> GetStatsAsync(bool refresh, CancellationToken cancellationToken)
    {
        Observability.TicketingMetrics.StatsCacheLookup();
        var lifetime = TimeSpan.FromSeconds(options.Value.StatsCacheSeconds);
        var entry = new HybridCacheEntryOptions
        {
            Expiration = lifetime,
            LocalCacheExpiration = lifetime,
            Flags = refresh ? HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableDistributedCacheRead : null,
        };

        try
        {
            return await cache.GetOrCreateAsync(
                StatsCacheKey,
                this,
                static async (client, token) => await client.FetchStatsAsync(token),
                entry,
                cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is RemoteUnavailableException or RemoteUnauthorizedException && !cancellationToken.IsCancellationRequested)
        {
            // A page with figures from the last sync, clearly labelled, beats an error page.
            var local = await localStats.ReadAsync(cancellationToken);
            logger.LogWarning(
                "Championship IT stats unavailable ({Failure}); showing the local cache's figures as of {AsOf}",
                ex.GetType().Name,
                local.LocalDataAsOf);
            return local with { FallbackReason = ex.Message };
        }
    }

    public async IAsyncEnumerable<RemoteTicketBatch> StreamChangedSinceAsync(
        DateTimeOffset? since,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = StreamFeedAsync<Ticket>(
            "Change stream",
            since,
            pageSize,
            new FeedRetry(int.MaxValue, options.Value.FeedPagePatience),
            cursor => new RemoteCall(HttpMethod.Get, "tickets" + QueryString(new RemoteTicketQuery
            {
                UpdatedSince = cursor.Since,
                SortBy = RemoteSortField.UpdatedAt,
                SortDirection = RemoteSortDirection.Ascending,
                Page = cursor.Page,
                Limit = cursor.PageSize,
            })),
            RemoteTicketJson.TryReadKey,
            RemoteTicketJson.TryRead,
            cancellationToken);
        await foreach (var page in feed)
        {
            yield return new RemoteTicketBatch(page.Items, page.Errors, page.Highest, page.Retries) { UnverifiedTieGroups = page.UnverifiedTieGroups, RemoteTotal = page.Total };
        }
    }

    public async IAsyncEnumerable<RemoteTombstoneBatch> StreamDeletedSinceAsync(
        DateTimeOffset? since,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = StreamFeedAsync<RemoteTombstone>(
            "Deletions feed",
            since,
            pageSize,
            new FeedRetry(int.MaxValue, options.Value.FeedPagePatience),
            cursor => new RemoteCall(HttpMethod.Get, "tickets/deleted" + FeedQuery("deleted_since", cursor)) { Feature = DeletionsFeature },
            RemoteResourceJson.TryReadTombstoneKey,
            RemoteResourceJson.TryReadTombstone,
            cancellationToken);
        await foreach (var page in feed)
        {
            yield return new RemoteTombstoneBatch(page.Items, page.Errors, page.Retries);
        }
    }

    public async IAsyncEnumerable<RemoteCommentBatch> StreamCommentsAsync(
        string externalTicketId,
        DateTimeOffset? since,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalTicketId);
        var feed = StreamFeedAsync<TicketComment>(
            "Comments of " + externalTicketId,
            since,
            pageSize,
            new FeedRetry(CommentPageRounds, options.Value.FeedPagePatience),
            cursor => new RemoteCall(HttpMethod.Get, TicketPath(externalTicketId) + "/comments" + FeedQuery("since", cursor)) { TicketId = externalTicketId },
            RemoteResourceJson.TryReadCommentKey,
            RemoteResourceJson.TryReadComment,
            cancellationToken);
        await foreach (var page in feed)
        {
            yield return new RemoteCommentBatch(page.Items, page.Errors, page.Retries);
        }
    }

    public Task<RemoteCreatedComment> AddCommentAsync(string externalTicketId, RemoteCommentCreate comment, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalTicketId);
        ArgumentNullException.ThrowIfNull(comment);
        RequireKey(idempotencyKey);
        return CallAsync(
            new RemoteCall(HttpMethod.Post, TicketPath(externalTicketId) + "/comments")
            {
                Body = RemoteResourceJson.WriteCommentBody(comment),
                IdempotencyKey = idempotencyKey,
                TicketId = externalTicketId,
            },
            (root, status, retries) => new RemoteCreatedComment(RemoteResponseReader.ReadOne<TicketComment>(root, RemoteResourceJson.TryReadComment, "comment"), status == HttpStatusCode.OK, retries),
            cancellationToken);
    }

    public Task<RemoteAttachmentList> GetAttachmentsAsync(string externalTicketId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalTicketId);
        return CallAsync(
            new RemoteCall(HttpMethod.Get, TicketPath(externalTicketId) + "/attachments") { TicketId = externalTicketId },
            (root, _, retries) =>
            {
                var (attachments, errors) = _responses.ReadDataList<RemoteAttachment>(root, RemoteResourceJson.TryReadAttachment, "attachment list");
                return new RemoteAttachmentList(attachments, errors, retries);
            },
            cancellationToken);
    }

    public async Task<RemoteCreatedAttachment> UploadAttachmentAsync(string externalTicketId, RemoteAttachmentUpload upload, Guid idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalTicketId);
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentException.ThrowIfNullOrWhiteSpace(upload.FileName);
        RequireKey(idempotencyKey);
        if (!upload.Content.CanRead)
        {
            throw new ArgumentException("The upload's stream cannot be read.", nameof(upload));
        }

        if (upload.Content.CanSeek && upload.Content.Length - upload.Content.Position > RemoteAttachmentUpload.MaxBytes)
        {
            // Known too large before a byte is sent: the remote would answer 413 after reading it all.
            throw RemoteErrorReader.TooLarge(upload.FileName);
        }

        return await CallAsync(
            new RemoteCall(HttpMethod.Post, TicketPath(externalTicketId) + "/attachments")
            {
                Content = () => AttachmentContent(upload),
                IdempotencyKey = idempotencyKey,
                TicketId = externalTicketId,
                IsUpload = true,
                // A stream that cannot be rewound cannot be sent a second time.
                IsRepeatable = upload.Content.CanSeek,
                UploadFileName = upload.FileName,
            },
            (root, status, retries) => new RemoteCreatedAttachment(
                RemoteResponseReader.ReadOne<RemoteAttachment>(root, RemoteResourceJson.TryReadAttachment, "attachment"),
                status == HttpStatusCode.OK,
                retries),
            cancellationToken);
    }

    public async Task<RemoteAttachmentContent> GetAttachmentContentAsync(string attachmentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attachmentId);
        var call = new RemoteCall(HttpMethod.Get, "attachments/" + Uri.EscapeDataString(attachmentId) + "/content")
        {
            NotFound = () => RemoteNotFoundException.ForAttachment(attachmentId),
            Accept = "*/*",
        };
        var (request, response, _) = await SendCallAsync(call, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var headers = response.Content.Headers;
            var fileName = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"');
            return new RemoteAttachmentContent(
                stream,
                headers.ContentType?.ToString() ?? "application/octet-stream",
                headers.ContentLength,
                fileName,
                new ResponseOwner(request, response));
        }
        catch
        {
            response.Dispose();
            request.Dispose();
            throw;
        }
    }

    public Task<RemoteAgentList> GetAgentsAsync(CancellationToken cancellationToken) =>
        CallAsync(
            new RemoteCall(HttpMethod.Get, "agents") { Feature = AgentsFeature },
            (root, _, retries) =>
            {
                var (agents, errors) = _responses.ReadDataList<RemoteAgent>(root, RemoteResourceJson.TryReadAgent, "agent list");
                return new RemoteAgentList(agents, errors, retries);
            },
            cancellationToken);

    /// <summary>
    /// Pages a feed ordered by a timestamp and then id (changes, deletions, comments) with a
    /// <see cref="ChangeFeedCursor"/>, yielding each page that brought something (or needed retries).
    /// </summary>
    private async IAsyncEnumerable<FeedPage<T>> StreamFeedAsync<T>(
        string name,
        DateTimeOffset? since,
        int pageSize,
        FeedRetry retry,
        Func<ChangeFeedCursor, RemoteCall> request,
        FeedKeyReader readKey,
        FeedItemReader<T> readItem,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var cursor = new ChangeFeedCursor(since?.ToUniversalTime(), Math.Clamp(pageSize, 1, RemoteTicketQuery.MaxLimit));
        while (!cursor.IsDone)
        {
            var call = request(cursor);
            var pageNumber = cursor.Page;
            var unverifiedBefore = cursor.UnverifiedTieGroups;
            var page = await FetchFeedPageAsync(name, pageNumber, call, retry, (root, retries) => _responses.ReadFeedPage(root, cursor, readKey, readItem, retries), cancellationToken);
            page = page with { UnverifiedTieGroups = cursor.UnverifiedTieGroups - unverifiedBefore };
            if (page.UnverifiedTieGroups > 0)
            {
                logger.LogWarning(
                    "{Feed}: a group of records sharing one timestamp kept changing for {Passes} passes; moving on without proof that none was missed there",
                    name,
                    cursor.MaxTiePasses);
            }

            logger.LogDebug(
                "{Feed} page {Page} since {Since}: {Items} records, {Errors} unreadable, {Retries} retries",
                name,
                pageNumber,
                since,
                page.Items.Count,
                page.Errors.Count,
                page.Retries);
            if (page.Items.Count > 0 || page.Errors.Count > 0 || page.Retries > 0 || page.UnverifiedTieGroups > 0)
            {
                yield return page;
            }
        }
    }

    /// <summary>
    /// One page of a feed. A page that still fails after the call's own retries is asked for again after a
    /// growing pause (at least the circuit's break when it is open, at most <see cref="MaxPagePause"/>): a
    /// long sync through a flaky remote must not be lost to one unlucky page, nor to a circuit that opens
    /// now and then. It gives up after <paramref name="retry"/>'s rounds, or when the next try would start
    /// after its patience — a remote that failed that long is down — saying for how long it tried. A failed
    /// round counts as the call's full attempts (one when the open circuit refused it) in the page's retries.
    /// </summary>
    private async Task<FeedPage<T>> FetchFeedPageAsync<T>(
        string name,
        int pageNumber,
        RemoteCall call,
        FeedRetry retry,
        Func<JsonElement, int, FeedPage<T>> read,
        CancellationToken cancellationToken)
        where T : class
    {
        var failedAttempts = 0;
        RemoteUnavailableException? lastFailure = null;
        var started = clock.GetTimestamp();
        for (var round = 1; ; round++)
        {
            try
            {
                var page = await CallAsync(call, (root, _, retries) => read(root, retries), cancellationToken);
                return failedAttempts == 0 ? page : page with { Retries = page.Retries + failedAttempts };
            }
            catch (RemoteUnavailableException ex) when (ex.Reason is RemoteUnavailableReason.ServerError
                or RemoteUnavailableReason.RateLimited or RemoteUnavailableReason.Timeout or RemoteUnavailableReason.NetworkError
                or RemoteUnavailableReason.CircuitOpen)
            {
                var circuitOpen = ex.Reason == RemoteUnavailableReason.CircuitOpen;
                failedAttempts += circuitOpen ? 1 : RemoteResilience.MaxAttempts;
                var pause = PagePause(round, circuitOpen);
                var elapsed = clock.GetElapsedTime(started);
                if (round >= retry.MaxRounds || elapsed + pause > retry.Patience)
                {
                    var failure = GaveUp(name, pageNumber, round, elapsed, retry, ex, lastFailure);
                    if (ReferenceEquals(failure, ex))
                    {
                        throw;
                    }

                    throw failure;
                }

                lastFailure = circuitOpen ? lastFailure : ex;
                logger.LogWarning(
                    "{Feed} page {Page} failed ({Reason}); asking for it again in {PauseMs:F0} ms (try {Round}, {ElapsedSeconds:F0} s of {PatienceSeconds:F0} s spent)",
                    name, pageNumber, ex.Reason, pause.TotalMilliseconds, round + 1, elapsed.TotalSeconds, retry.Patience.TotalSeconds);
                await Task.Delay(pause, clock, cancellationToken);
            }
        }
    }

    /// <summary>The pause before asking for a failed page again: doubling from the retry delay, at least the circuit's break while it is open.</summary>
    private TimeSpan PagePause(int round, bool circuitOpen)
    {
        var pause = options.Value.RetryBaseDelay * Math.Pow(2, Math.Min(round + 1, 20));
        if (pause > MaxPagePause)
        {
            pause = MaxPagePause;
        }

        var circuitBreak = TimeSpan.FromSeconds(options.Value.CircuitBreakerBreakSeconds);
        return circuitOpen && pause < circuitBreak ? circuitBreak : pause;
    }

    /// <summary>
    /// The failure that ends a page: the last one, with the one before when the last was only the open circuit
    /// (the circuit opened on this page's own failures: say what they were, not only that calls are paused),
    /// and, after a long wait, for how long the page was asked for.
    /// </summary>
    private static RemoteUnavailableException GaveUp(
        string name, int pageNumber, int rounds, TimeSpan elapsed, FeedRetry retry, RemoteUnavailableException last, RemoteUnavailableException? before)
    {
        var circuitOpen = last.Reason == RemoteUnavailableReason.CircuitOpen && before is not null;
        if (rounds < retry.MaxRounds)
        {
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: Championship IT kept failing page {pageNumber} for {elapsed.TotalSeconds:0.#} s ({rounds} tries; a page is asked for up to {retry.Patience.TotalSeconds:0.#} s). {last.Message}");
            return new RemoteUnavailableException(last.Reason, circuitOpen ? $"{message} The failure before: {before!.Message}" : message, last);
        }

        return circuitOpen ? new RemoteUnavailableException(last.Reason, $"{last.Message} The failure before: {before!.Message}", last) : last;
    }

    /// <summary>The query string of <c>GET /tickets</c>, starting with <c>?</c>.</summary>
    internal static string QueryString(RemoteTicketQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        var parts = new List<string>
        {
            "page=" + query.Page.ToString(CultureInfo.InvariantCulture),
            "limit=" + Math.Clamp(query.Limit, 1, RemoteTicketQuery.MaxLimit).ToString(CultureInfo.InvariantCulture),
        };
        AddList(parts, "status", query.Statuses?.Select(s => WireName<TicketStatus>.Of(s)));
        AddList(parts, "priority", query.Priorities?.Select(p => WireName<TicketPriority>.Of(p)));
        AddList(parts, "category", query.Categories);
        AddList(parts, "department", query.Departments);
        AddValue(parts, "assignee_id", query.AssigneeId);
        AddValue(parts, "search", query.Search);
        if (query.UpdatedSince is { } since)
        {
            AddValue(parts, "updated_since", RemoteTicketJson.FormatTimestamp(since));
        }

        if (query.SortBy is { } sortBy)
        {
            AddValue(parts, "sort_by", WireName<RemoteSortField>.Of(sortBy));
        }

        if (query.SortDirection is { } direction)
        {
            AddValue(parts, "sort_direction", direction == RemoteSortDirection.Descending ? "desc" : "asc");
        }

        return "?" + string.Join('&', parts);
    }

    private async Task<RemoteTicketStats> FetchStatsAsync(CancellationToken cancellationToken)
    {
        Observability.TicketingMetrics.StatsCacheMiss();
        return await CallAsync(new RemoteCall(HttpMethod.Get, "tickets/stats"), (root, _, _) => RemoteResponseReader.ReadStats(root), cancellationToken);
    }

    private async Task<T> CallAsync<T>(RemoteCall call, Func<JsonElement, HttpStatusCode, int, T> read, CancellationToken cancellationToken)
    {
        var (request, response, retries) = await SendCallAsync(call, HttpCompletionOption.ResponseContentRead, cancellationToken);
        using (request)
        using (response)
        {
            JsonDocument document;
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                document = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw _errors.Unavailable(RemoteUnavailableReason.InvalidResponse, $"Championship IT answered {RemoteErrorReader.Describe(request)} with a body that is not JSON.", ex);
            }

            using (document)
            {
                return read(document.RootElement, response.StatusCode, retries);
            }
        }
    }

    /// <summary>
    /// Builds and sends one call through the resilience pipeline and returns its successful response,
    /// which the caller disposes with the request; any failure leaves as a remote exception.
    /// </summary>
    private async Task<(HttpRequestMessage Request, HttpResponseMessage Response, int Retries)> SendCallAsync(
        RemoteCall call,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(cancellationToken);
        if (current.Problem is not null || current.BaseUrl is null)
        {
            throw new RemoteUnavailableException(RemoteUnavailableReason.NotConfigured, current.Problem ?? RemoteSettings.NotConfiguredMessage);
        }

        var request = new HttpRequestMessage(call.Method, RemoteBaseUrl.Combine(current.BaseUrl, call.Path));
        try
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(call.Accept));
            if (call.Body is { } body)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            else if (call.Content is { } content)
            {
                request.Content = content();
            }

            if (call.IdempotencyKey is { } key)
            {
                request.Headers.Add(RemoteResilience.IdempotencyKeyHeader, key.ToString("D"));
            }

            var retries = new RetryCounter();
            request.Options.Set(RemoteResilience.RetryCounterKey, retries);
            request.Options.Set(RemoteAuthenticationHandler.SettingsKey, current);
            if (call.IsUpload)
            {
                request.Options.Set(RemoteResilience.UploadKey, true);
            }

            if (!call.IsRepeatable)
            {
                request.Options.Set(RemoteResilience.NotRepeatableKey, true);
            }

            var response = await SendAsync(request, completion, retries, cancellationToken);
            try
            {
                await _errors.EnsureSuccessAsync(call, request, response, retries.Count, cancellationToken);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            return (request, response, retries.Count);
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, RetryCounter retries, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            // The total timeout speaks for the whole call; an attempt timeout says how often it struck.
            var attempts = ex.Timeout == RemoteResilience.TotalTimeoutFor(request, options.Value) ? string.Empty : RemoteErrorReader.Attempts(retries.Count);
            throw _errors.Unavailable(
                RemoteUnavailableReason.Timeout,
                $"Championship IT did not answer within {RemoteErrorReader.Seconds(ex.Timeout)} s{attempts}.",
                ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw _errors.Unavailable(
                RemoteUnavailableReason.CircuitOpen,
                "Championship IT failed repeatedly, so calls to it are paused for a few seconds; try again shortly.",
                ex);
        }
        catch (InvalidOperationException ex) when (request.Options.TryGetValue(RemoteResilience.NotRepeatableKey, out _))
        {
            // Defensive: a one-time upload stream asked for a second time; say so instead of a bare exception.
            throw _errors.Unavailable(
                RemoteUnavailableReason.NetworkError,
                "The upload could not be sent again: its stream can be read only once. Repeat it with the same Idempotency-Key.",
                ex);
        }
        catch (HttpRequestException ex)
        {
            throw _errors.Unavailable(
                RemoteUnavailableReason.NetworkError,
                $"Championship IT could not be reached ({ex.HttpRequestError}){RemoteErrorReader.Attempts(retries.Count)}.",
                ex);
        }
        catch (OperationCanceledException ex)
        {
            // HttpClient's own timeout, the backstop for a body that never finishes.
            throw _errors.Unavailable(
                RemoteUnavailableReason.Timeout,
                $"Championship IT did not answer within {RemoteErrorReader.Seconds(RemoteResilience.TotalTimeoutFor(request, options.Value))} s.",
                ex);
        }
    }

    private const string DeletionsFeature = "the deletions feed (GET /tickets/deleted)";
    private const string AgentsFeature = "the agents list (GET /agents)";

    private static string TicketPath(string externalId) => "tickets/" + Uri.EscapeDataString(externalId);

    /// <summary>The query of a 1.1 feed: the cursor's position as <paramref name="sinceName"/>, page and limit.</summary>
    private static string FeedQuery(string sinceName, ChangeFeedCursor cursor)
    {
        var parts = new List<string>();
        if (cursor.Since is { } since)
        {
            AddValue(parts, sinceName, RemoteTicketJson.FormatTimestamp(since));
        }

        parts.Add("page=" + cursor.Page.ToString(CultureInfo.InvariantCulture));
        parts.Add("limit=" + cursor.PageSize.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }

    private static void RequireKey(Guid idempotencyKey)
    {
        if (idempotencyKey == Guid.Empty)
        {
            throw new ArgumentException("An Idempotency-Key must be a fresh, non-empty GUID.", nameof(idempotencyKey));
        }
    }

    /// <summary>
    /// The multipart body of an upload: one part <c>file</c> streamed from the caller's stream (never
    /// copied into memory), and <c>uploaded_by_name</c> when given. A retry sends the same content again,
    /// and <see cref="StreamContent"/> rewinds a seekable stream to where it started; the caller's
    /// stream is not disposed with the request, since the caller owns it.
    /// </summary>
    private static MultipartFormDataContent AttachmentContent(RemoteAttachmentUpload upload)
    {
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new NonDisposingStream(upload.Content), 81920);
        file.Headers.ContentType = MediaTypeHeaderValue.TryParse(upload.ContentType, out var type)
            ? type
            : new MediaTypeHeaderValue("application/octet-stream");
        file.Headers.ContentDisposition = FileDisposition(upload.FileName);
        form.Add(file);
        if (!string.IsNullOrWhiteSpace(upload.UploadedByName))
        {
            form.Add(new StringContent(upload.UploadedByName), "uploaded_by_name");
        }

        return form;
    }

    /// <summary>
    /// <c>form-data; name="file"; filename="…"; filename*=UTF-8''…</c>: the name travels whole in the
    /// RFC 5987 <c>filename*</c>, which the contract reads first, so quotes, backslashes, line breaks and
    /// non-ASCII letters survive (the quoted <c>filename</c> cannot carry a quote: .NET refuses it); the
    /// plain <c>filename</c> is an ASCII stand-in for readers that know only it.
    /// </summary>
    private static ContentDispositionHeaderValue FileDisposition(string fileName)
    {
        var plain = new string([.. fileName.Select(c => c is >= ' ' and < '\x7f' and not '"' and not '\\' ? c : '_')]);
        return new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"file\"",
            FileName = "\"" + plain + "\"",
            FileNameStar = fileName,
        };
    }

    private static void AddValue(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    private static void AddList(List<string> parts, string name, IEnumerable<string>? values)
    {
        var list = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Uri.EscapeDataString).ToList();
        if (list is { Count: > 0 })
        {
            parts.Add(name + "=" + string.Join(',', list));
        }
    }

    /// <summary>How long a failing page of a feed is asked for: at most so many tries, and none starting after the patience.</summary>
    private readonly record struct FeedRetry(int MaxRounds, TimeSpan Patience);

    /// <summary>Disposes the request and response behind a streamed download when the caller is done.</summary>
    private sealed class ResponseOwner(HttpRequestMessage request, HttpResponseMessage response) : IDisposable
    {
        public void Dispose()
        {
            response.Dispose();
            request.Dispose();
        }
    }
}

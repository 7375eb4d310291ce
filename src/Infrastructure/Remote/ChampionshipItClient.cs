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
    ILogger<ChampionshipItClient> logger) : ITicketingApi
{
    private const string StatsCacheKey = "ticketing:remote:stats";

    /// <summary>How many times one page of the change stream is asked for, each with the call's own retries.</summary>
    private const int ChangePageRounds = 3;

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
        if (idempotencyKey == Guid.Empty)
        {
            throw new ArgumentException("An Idempotency-Key must be a fresh, non-empty GUID.", nameof(idempotencyKey));
        }

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
        var cursor = new ChangeFeedCursor(since?.ToUniversalTime(), Math.Clamp(pageSize, 1, RemoteTicketQuery.MaxLimit));
        while (!cursor.IsDone)
        {
            var query = new RemoteTicketQuery
            {
                UpdatedSince = cursor.Since,
                SortBy = RemoteSortField.UpdatedAt,
                SortDirection = RemoteSortDirection.Ascending,
                Page = cursor.Page,
                Limit = cursor.PageSize,
            };
            var batch = await FetchChangePageAsync(query, cursor, cancellationToken);

            logger.LogDebug(
                "Change stream page {Page} since {Since}: {Tickets} tickets, {Errors} unreadable, {Retries} retries",
                query.Page,
                query.UpdatedSince,
                batch.Tickets.Count,
                batch.Errors.Count,
                batch.Retries);
            if (batch.Tickets.Count > 0 || batch.Errors.Count > 0 || batch.Retries > 0)
            {
                yield return batch;
            }
        }
    }

    /// <summary>
    /// One page of the change stream. A page that still fails after the call's own retries is asked for
    /// again, up to <see cref="ChangePageRounds"/> times with a growing pause (at least the circuit's break
    /// when it opened): a long sync through a flaky remote should not be lost to one unlucky page. A failed
    /// round counts as the call's full attempts (one when the open circuit refused it) in the page's retries.
    /// </summary>
    private async Task<RemoteTicketBatch> FetchChangePageAsync(RemoteTicketQuery query, ChangeFeedCursor cursor, CancellationToken cancellationToken)
    {
        var failedAttempts = 0;
        for (var round = 1; ; round++)
        {
            try
            {
                var batch = await CallAsync(
                    new RemoteCall(HttpMethod.Get, "tickets" + QueryString(query)),
                    (root, _, retries) => _responses.ReadChangePage(root, cursor, retries),
                    cancellationToken);
                return failedAttempts == 0 ? batch : batch with { Retries = batch.Retries + failedAttempts };
            }
            catch (RemoteUnavailableException ex) when (round < ChangePageRounds && ex.Reason is RemoteUnavailableReason.ServerError
                or RemoteUnavailableReason.RateLimited or RemoteUnavailableReason.Timeout or RemoteUnavailableReason.NetworkError
                or RemoteUnavailableReason.CircuitOpen)
            {
                failedAttempts += ex.Reason == RemoteUnavailableReason.CircuitOpen ? 1 : RemoteResilience.MaxAttempts;
                var pause = options.Value.RetryBaseDelay * Math.Pow(2, round + 1);
                if (ex.Reason == RemoteUnavailableReason.CircuitOpen)
                {
                    pause = TimeSpan.FromSeconds(Math.Max(pause.TotalSeconds, options.Value.CircuitBreakerBreakSeconds));
                }

                logger.LogWarning(
                    "Change stream page {Page} failed ({Reason}); asking for it again in {PauseMs:F0} ms (round {Round} of {Rounds})",
                    query.Page, ex.Reason, pause.TotalMilliseconds, round + 1, ChangePageRounds);
                await Task.Delay(pause, cancellationToken);
            }
        }
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
        var current = await settings.GetAsync(cancellationToken);
        if (current.Problem is not null || current.BaseUrl is null)
        {
            throw new RemoteUnavailableException(RemoteUnavailableReason.NotConfigured, current.Problem ?? RemoteSettings.NotConfiguredMessage);
        }

        using var request = new HttpRequestMessage(call.Method, RemoteBaseUrl.Combine(current.BaseUrl, call.Path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (call.IdempotencyKey is { } key)
        {
            request.Headers.Add(RemoteResilience.IdempotencyKeyHeader, key.ToString("D"));
        }

        var retries = new RetryCounter();
        request.Options.Set(RemoteResilience.RetryCounterKey, retries);
        request.Options.Set(RemoteAuthenticationHandler.SettingsKey, current);

        using var response = await SendAsync(request, retries, cancellationToken);
        await _errors.EnsureSuccessAsync(call, request, response, retries.Count, cancellationToken);

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
            return read(document.RootElement, response.StatusCode, retries.Count);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, RetryCounter retries, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
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

    private static string TicketPath(string externalId) => "tickets/" + Uri.EscapeDataString(externalId);

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
}

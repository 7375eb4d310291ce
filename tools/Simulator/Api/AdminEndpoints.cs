using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ticketing.Simulator.Churn;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tickets;
using Ticketing.Simulator.Webhooks;

namespace Ticketing.Simulator.Api;

/// <summary>
/// <c>/_sim/…</c>: the controls tests, the run script and benchmarks use. No bearer key and no
/// faults; loopback clients only (see <see cref="LoopbackOnlyMiddleware"/>).
/// </summary>
public static class AdminEndpoints
{
    private const int MaxChurnPerCall = 100_000;
    private const int MaxSeededTickets = 5_000_000;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapGet("/health", (TicketStore store) =>
            TypedResults.Json(new HealthResponse("ok", store.Count), SimJson.Context.HealthResponse));
        sim.MapGet("/counters", (TicketStore store, SimulatorCounters counters, WebhookDispatcher webhooks) =>
            TypedResults.Json(Counters(store, counters, webhooks), SimJson.Context.CountersResponse));

        sim.MapGet("/faults", (FaultController faults) => TypedResults.Json(faults.Current, SimJson.Context.FaultSettings));
        sim.MapPut("/faults", PutFaults);
        sim.MapDelete("/faults", (FaultController faults) =>
        {
            faults.Reset();
            return TypedResults.Json(faults.Current, SimJson.Context.FaultSettings);
        });

        sim.MapGet("/webhook", (WebhookDispatcher webhooks) =>
            TypedResults.Json(new WebhookConfigResponse(webhooks.Target?.Url.ToString(), webhooks.Target is not null), SimJson.Context.WebhookConfigResponse));
        sim.MapPut("/webhook", PutWebhook);

        sim.MapPost("/reset", Reset);
        sim.MapPost("/churn", Churn);

        sim.MapGet("/tickets/all", StreamAllTickets);
        sim.MapPost("/tickets/same-updated-at", SameUpdatedAt);
        sim.MapDelete("/tickets/{id}", (string id, TicketStore store) =>
            store.Delete(id) ? Results.NoContent() : ApiErrors.NotFound($"Ticket '{id}' does not exist."));
        sim.MapPost("/tickets/{id}/comments", AddComment);
    }

    public static CountersResponse Counters(TicketStore store, SimulatorCounters counters, WebhookDispatcher webhooks) => new(
        store.Count,
        counters.Creates,
        counters.CreateRequests,
        counters.IdempotentReplays,
        counters.PatchRequests,
        counters.Requests,
        counters.FaultsInjected,
        counters.WebhooksSent,
        counters.WebhooksDelivered,
        counters.WebhooksFailedAttempts,
        webhooks.Pending,
        counters.WebhooksAbandoned);

    private static async Task<IResult> PutFaults(HttpContext context, FaultController faults)
    {
        var (settings, error) = await ReadAsync(context, SimJson.Context.FaultSettings);
        if (error is not null)
        {
            return error;
        }

        settings ??= FaultSettings.None;
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, "validation_failed", "The fault settings are invalid.", problems);
        }

        faults.Current = settings;
        return TypedResults.Json(settings, SimJson.Context.FaultSettings);
    }

    private static async Task<IResult> PutWebhook(HttpContext context, WebhookDispatcher webhooks)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.WebhookConfigRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(request?.Url)
            && (!Uri.TryCreate(request.Url, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add("url", "must be an absolute http(s) URL, or null to turn webhooks off");
        }

        if (url is not null && !WebhookSigner.TryParseSecret(request?.Secret, out _))
        {
            errors.Add("secret", "must be whsec_ followed by the base64 of the key");
        }

        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        webhooks.Configure(url, request?.Secret);
        return TypedResults.Json(new WebhookConfigResponse(url?.ToString(), url is not null), SimJson.Context.WebhookConfigResponse);
    }

    private static async Task<IResult> Reset(
        HttpContext context,
        TicketStore store,
        SimulatorCounters counters,
        WebhookDispatcher webhooks,
        ChurnEngine churn,
        ILoggerFactory loggers)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.ResetRequest);
        if (error is not null)
        {
            return error;
        }

        var tickets = request?.Tickets ?? store.Count;
        var seed = request?.Seed ?? store.Seed;
        if (tickets is < 0 or > MaxSeededTickets)
        {
            var errors = new ValidationErrors();
            errors.Add("tickets", $"must be between 0 and {MaxSeededTickets}");
            return ApiErrors.Validation(errors);
        }

        webhooks.DropPending();
        var elapsed = store.Reseed(tickets, seed);
        churn.Reseed(seed);
        counters.Reset();
        loggers.CreateLogger("Ticketing.Simulator.Admin")
            .LogInformation("Reset to {Tickets} tickets with seed {Seed} in {SeedMs} ms", tickets, seed, (long)elapsed.TotalMilliseconds);
        return TypedResults.Json(new ResetResponse(tickets, seed, (long)elapsed.TotalMilliseconds), SimJson.Context.ResetResponse);
    }

    private static async Task<IResult> Churn(HttpContext context, ChurnEngine churn)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.ChurnRequest);
        if (error is not null)
        {
            return error;
        }

        if (request is null || request.Count is < 1 or > MaxChurnPerCall)
        {
            var errors = new ValidationErrors();
            errors.Add("count", $"must be between 1 and {MaxChurnPerCall}");
            return ApiErrors.Validation(errors);
        }

        var changes = churn.Apply(request.Count)
            .Select(change => new ChurnChangeResponse(change.Kind.ToWire(), change.Id))
            .ToList();
        return TypedResults.Json(new ChurnResponse(changes), SimJson.Context.ChurnResponse);
    }

    private static async Task<IResult> SameUpdatedAt(HttpContext context, TicketStore store, TimeProvider time)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.SameUpdatedAtRequest);
        if (error is not null)
        {
            return error;
        }

        if (request is null || request.Count < 1)
        {
            var errors = new ValidationErrors();
            errors.Add("count", "must be at least 1");
            return ApiErrors.Validation(errors);
        }

        var updatedAt = request.UpdatedAt ?? Timestamps.Now(time);
        var ids = store.SetSharedUpdatedAt(request.Count, updatedAt, Random.Shared);
        return TypedResults.Json(new SameUpdatedAtResponse(ids, updatedAt), SimJson.Context.SameUpdatedAtResponse);
    }

    private static async Task<IResult> AddComment(string id, HttpContext context, TicketStore store)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.CommentRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request?.AuthorName))
        {
            errors.Add("author_name", "is required");
        }

        if (string.IsNullOrWhiteSpace(request?.Body))
        {
            errors.Add("body", "is required");
        }

        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        return store.AddComment(id, request!.AuthorName!, request.Body!) is var (ticket, comment)
            ? TypedResults.Json(new TicketEventData(ticket, CommentPayload.From(comment)), SimJson.Context.TicketEventData, statusCode: StatusCodes.Status201Created)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
    }

    /// <summary>Every live ticket as one JSON array, written in batches so a million tickets never sit in one buffer.</summary>
    private static async Task StreamAllTickets(HttpContext context, TicketStore store)
    {
        var tickets = store.Snapshot();
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, SimJson.WriterOptions);
        writer.WriteStartArray();
        for (var i = 0; i < tickets.Count; i++)
        {
            TicketJsonConverter.WriteTicket(writer, tickets[i]);
            if (writer.BytesPending > 64 * 1024)
            {
                writer.Flush();
                await body.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>A JSON body, or null for an empty one; a 422 result when it does not parse.</summary>
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class
    {
        if (context.Request.ContentLength == 0)
        {
            return (null, null);
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted), null);
        }
        catch (JsonException exception)
        {
            var errors = new ValidationErrors();
            errors.Add(exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body", exception.Message);
            return (null, ApiErrors.Validation(errors));
        }
    }
}

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

        sim.MapGet("/webhook-faults", (WebhookDispatcher webhooks) => TypedResults.Json(webhooks.Faults, SimJson.Context.WebhookFaultSettings));
        sim.MapPut("/webhook-faults", PutWebhookFaults);
        sim.MapDelete("/webhook-faults", (WebhookDispatcher webhooks) =>
        {
            webhooks.Faults = WebhookFaultSettings.None;
            return TypedResults.Json(webhooks.Faults, SimJson.Context.WebhookFaultSettings);
        });

        sim.MapGet("/webhook", (WebhookDispatcher webhooks) =>
            TypedResults.Json(new WebhookConfigResponse(webhooks.Target?.Url.ToString(), webhooks.Target is not null), SimJson.Context.WebhookConfigResponse));
        sim.MapPut("/webhook", PutWebhook);

        sim.MapPost("/reset", Reset);
        sim.MapPost("/churn", Churn);

        sim.MapGet("/tickets/all", StreamAllTickets);
        sim.MapPost("/tickets/same-updated-at", SameUpdatedAt);
        sim.MapDelete("/tickets/{id}", DeleteTicket);
        sim.MapPost("/tickets/{id}/touch", Touch);
        sim.MapPost("/tickets/{id}/comments", AddComment);
        sim.MapPost("/tickets/{id}/attachments", AddAttachment);

        sim.MapGet("/hooks", (ListingHooks hooks) =>
            TypedResults.Json(new HookListResponse([.. hooks.List().Select(HookResponse.From)]), SimJson.Context.HookListResponse));
        sim.MapPost("/hooks/after-page", ArmAfterPage);
        sim.MapDelete("/hooks", (ListingHooks hooks) =>
        {
            hooks.Clear();
            return Results.NoContent();
        });
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
        counters.WebhooksAbandoned,
        counters.CommentsCreated,
        counters.AttachmentsCreated,
        store.Tombstones().Count,
        counters.WebhooksDropped,
        counters.WebhooksDuplicated,
        counters.WebhooksDelayed);

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

    private static async Task<IResult> PutWebhookFaults(HttpContext context, WebhookDispatcher webhooks)
    {
        var (settings, error) = await ReadAsync(context, SimJson.Context.WebhookFaultSettings);
        if (error is not null)
        {
            return error;
        }

        settings ??= WebhookFaultSettings.None;
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            return ApiErrors.Result(StatusCodes.Status422UnprocessableEntity, "validation_failed", "The webhook fault settings are invalid.", problems);
        }

        webhooks.Faults = settings;
        return TypedResults.Json(settings, SimJson.Context.WebhookFaultSettings);
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
        ListingHooks hooks,
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
        hooks.Clear();
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

    private static IResult DeleteTicket(string id, HttpContext context, TicketStore store)
    {
        if (WebhookFlag(context) is not { } notify)
        {
            return WebhookFlagError();
        }

        return store.Delete(id, notify) ? Results.NoContent() : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
    }

    private static IResult Touch(string id, HttpContext context, TicketStore store)
    {
        if (WebhookFlag(context) is not { } notify)
        {
            return WebhookFlagError();
        }

        return store.Touch(id, notify) is { } ticket
            ? TypedResults.Json(new TicketEventData(ticket, null), SimJson.Context.TicketEventData)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
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

        var visibility = CommentVisibility.Public;
        if (request?.Visibility is { } text && !CommentVisibilities.TryParse(text, out visibility))
        {
            errors.Add("visibility", "must be public or internal");
        }

        if (request?.AuthorEmail is { } email && !TicketBodyReader.IsEmail(email))
        {
            errors.Add("author_email", "must be a valid email address");
        }

        if (WebhookFlag(context) is not { } notify)
        {
            errors.Add("webhook", "must be true or false");
            notify = false;
        }

        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var input = new NewCommentInput(request!.Body!, visibility, request.AuthorName, request.AuthorEmail);
        var result = store.AddComment(id, input, idempotencyKey: null, notify);
        return result is { Outcome: PostOutcome.Created, Value: { } comment } && store.Find(id) is { } ticket
            ? TypedResults.Json(new TicketEventData(ticket, CommentPayload.From(comment)), SimJson.Context.TicketEventData, statusCode: StatusCodes.Status201Created)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
    }

    private static async Task<IResult> AddAttachment(string id, HttpContext context, TicketStore store)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.AttachmentRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(request?.FileName))
        {
            errors.Add("file_name", "is required");
        }

        var content = AttachmentBytes(request, errors);
        if (WebhookFlag(context) is not { } notify)
        {
            errors.Add("webhook", "must be true or false");
            notify = false;
        }

        if (errors.Any || content is null)
        {
            return ApiErrors.Validation(errors);
        }

        var contentType = string.IsNullOrWhiteSpace(request!.ContentType) ? "application/octet-stream" : request.ContentType;
        var result = store.AddAttachment(id, new NewAttachmentInput(request.FileName!, contentType, request.UploadedByName, content), idempotencyKey: null, notify);
        switch (result.Outcome)
        {
            case PostOutcome.Created when store.Find(id) is { } ticket:
                return TypedResults.Json(
                    new TicketEventData(ticket, null, AttachmentPayload.From(result.Value!)),
                    SimJson.Context.TicketEventData,
                    statusCode: StatusCodes.Status201Created);
            case PostOutcome.LimitReached:
                errors.Add("file", $"the ticket already has {TicketStore.MaxAttachmentsPerTicket} attachments");
                return ApiErrors.Validation(errors);
            default:
                return ApiErrors.NotFound($"Ticket '{id}' does not exist.");
        }
    }

    /// <summary>The bytes given as base64, or generated filler of the given size; null with an error otherwise.</summary>
    private static AttachmentContent? AttachmentBytes(AttachmentRequest? request, ValidationErrors errors)
    {
        if (request?.ContentBase64 is { } encoded)
        {
            try
            {
                var bytes = Convert.FromBase64String(encoded);
                if (bytes.Length <= AttachmentEndpoints.MaxFileBytes)
                {
                    return AttachmentContent.FromBytes(bytes);
                }

                errors.Add("content_base64", "must decode to at most 25 MiB");
            }
            catch (FormatException)
            {
                errors.Add("content_base64", "must be base64");
            }

            return null;
        }

        if (request?.SizeBytes is { } size and >= 0 and <= AttachmentEndpoints.MaxFileBytes)
        {
            var filler = new byte[size];
            for (var i = 0; i < filler.Length; i++)
            {
                filler[i] = (byte)('a' + (i % 26));
            }

            return AttachmentContent.FromBytes(filler);
        }

        errors.Add("content_base64", "or size_bytes (0 to 25 MiB) is required");
        return null;
    }

    private static async Task<IResult> ArmAfterPage(HttpContext context, ListingHooks hooks)
    {
        var (request, error) = await ReadAsync(context, SimJson.Context.AfterPageHookRequest);
        if (error is not null)
        {
            return error;
        }

        var errors = new ValidationErrors();
        if (request is null || request.Page < 1)
        {
            errors.Add("page", "must be at least 1");
        }

        if (request is not null && (request.Touch?.Count ?? 0) + (request.Delete?.Count ?? 0) == 0)
        {
            errors.Add("touch", "or delete must name at least one ticket");
        }

        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var state = hooks.Arm(new AfterPageHook(request!.Page, request.UpdatedSince, request.Touch ?? [], request.Delete ?? [], request.Webhooks ?? true));
        return TypedResults.Json(HookResponse.From(state), SimJson.Context.HookResponse, statusCode: StatusCodes.Status201Created);
    }

    /// <summary><c>?webhook=false</c> makes a change without its webhook, as if the message had been lost; null when the value is not a boolean.</summary>
    private static bool? WebhookFlag(HttpContext context)
    {
        var text = context.Request.Query["webhook"].ToString();
        return text.Length == 0 ? true : bool.TryParse(text, out var value) ? value : null;
    }

    private static IResult WebhookFlagError()
    {
        var errors = new ValidationErrors();
        errors.Add("webhook", "must be true or false");
        return ApiErrors.Validation(errors);
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

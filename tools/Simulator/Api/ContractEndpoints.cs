using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

/// <summary>The Championship IT API 1.1 (shared/championship-it-api.md). Auth and faults run before these.</summary>
public static class ContractEndpoints
{
    private const int MaxIdempotencyKeyLength = 255;

    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/tickets");
        tickets.MapGet("/", ListTickets);
        // Literal segments outrank {id} in routing, so "stats" and "deleted" are never taken for ticket ids.
        tickets.MapGet("/stats", (TicketStore store) => TypedResults.Json(store.Stats(), SimJson.Context.TicketStats));
        tickets.MapGet("/deleted", ListDeleted);
        tickets.MapGet("/{id}", GetTicket);
        tickets.MapPost("/", CreateTicket);
        tickets.MapPatch("/{id}", UpdateTicket);
        tickets.MapGet("/{id}/comments", CommentEndpoints.List);
        tickets.MapPost("/{id}/comments", CommentEndpoints.Create);
        tickets.MapGet("/{id}/attachments", AttachmentEndpoints.List);
        tickets.MapPost("/{id}/attachments", AttachmentEndpoints.Create);
        app.MapGet("/attachments/{id}/content", AttachmentEndpoints.Content);
        app.MapGet("/agents", ListAgents);
    }

    /// <summary>The Idempotency-Key header, trimmed; null when absent, with an error when too long.</summary>
    internal static string? IdempotencyKey(HttpRequest request, ValidationErrors errors)
    {
        var key = request.Headers["Idempotency-Key"].ToString().Trim();
        if (key.Length > MaxIdempotencyKeyLength)
        {
            errors.Add("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters");
        }

        return key.Length == 0 ? null : key;
    }

    private static IResult ListTickets(HttpContext context, TicketStore store, ListingHooks hooks)
    {
        var errors = new ValidationErrors();
        var query = TicketQueryParser.Parse(context.Request.Query, errors);
        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var page = store.Query(query);
        hooks.AfterListing(query);
        return TypedResults.Json(
            new TicketListResponse(page.Items, Pagination.Of(query.Page, query.Limit, page.Total)),
            SimJson.Context.TicketListResponse);
    }

    private static IResult ListDeleted(HttpContext context, TicketStore store)
    {
        var errors = new ValidationErrors();
        var (page, limit) = TicketQueryParser.Paging(context.Request.Query, errors);
        var since = TicketQueryParser.Timestamp(context.Request.Query, "deleted_since", errors);
        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var result = store.QueryTombstones(since, page, limit);
        return TypedResults.Json(
            new TombstoneListResponse([.. result.Items.Select(t => new TombstonePayload(t.Id, t.DeletedAt))], Pagination.Of(page, limit, result.Total)),
            SimJson.Context.TombstoneListResponse);
    }

    private static JsonHttpResult<AgentListResponse> ListAgents() => TypedResults.Json(
        new AgentListResponse([.. People.Agents.Select(agent => new AgentPayload(agent.Id, agent.Name, agent.Email, agent.Active))]),
        SimJson.Context.AgentListResponse);

    private static IResult GetTicket(string id, TicketStore store) =>
        store.Find(id) is { } ticket
            ? TypedResults.Json(ticket, SimJson.Context.Ticket)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");

    private static async Task<IResult> CreateTicket(HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        counters.CountCreateRequest();
        var errors = new ValidationErrors();
        var idempotencyKey = IdempotencyKey(context.Request, errors);

        using var body = await TicketBodyReader.ReadAsync(context.Request, errors, context.RequestAborted);
        var input = body is null ? null : TicketBodyReader.ParseCreate(body.RootElement, errors);
        if (input is null || errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var result = store.Create(input, idempotencyKey);
        if (result.Replayed)
        {
            counters.CountIdempotentReplay();
            return TypedResults.Json(result.Ticket, SimJson.Context.Ticket, statusCode: StatusCodes.Status200OK);
        }

        counters.CountCreate();
        context.Response.Headers.Location = $"{context.Request.PathBase}/tickets/{result.Ticket.Id}";
        return TypedResults.Json(result.Ticket, SimJson.Context.Ticket, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateTicket(string id, HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        counters.CountPatchRequest();
        if (store.Find(id) is null)
        {
            return ApiErrors.NotFound($"Ticket '{id}' does not exist.");
        }

        var errors = new ValidationErrors();
        using var body = await TicketBodyReader.ReadAsync(context.Request, errors, context.RequestAborted);
        var patch = body is null ? null : TicketBodyReader.ParsePatch(body.RootElement, errors);
        if (patch is null || errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        return store.Update(id, patch) is { } ticket
            ? TypedResults.Json(ticket, SimJson.Context.Ticket)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");
    }
}

using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

/// <summary>The Championship IT API v1 (shared/championship-it-api.md). Auth and faults run before these.</summary>
public static class ContractEndpoints
{
    private const int MaxIdempotencyKeyLength = 255;

    public static void MapContractEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/tickets");
        tickets.MapGet("/", ListTickets);
        // A literal segment outranks {id} in routing, so "stats" is never taken for a ticket id.
        tickets.MapGet("/stats", (TicketStore store) => TypedResults.Json(store.Stats(), SimJson.Context.TicketStats));
        tickets.MapGet("/{id}", GetTicket);
        tickets.MapPost("/", CreateTicket);
        tickets.MapPatch("/{id}", UpdateTicket);
    }

    private static IResult ListTickets(HttpContext context, TicketStore store)
    {
        var errors = new ValidationErrors();
        var query = TicketQueryParser.Parse(context.Request.Query, errors);
        if (errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var page = store.Query(query);
        var totalPages = (int)((page.Total + (long)query.Limit - 1) / query.Limit);
        return TypedResults.Json(
            new TicketListResponse(page.Items, new Pagination(query.Page, query.Limit, page.Total, totalPages)),
            SimJson.Context.TicketListResponse);
    }

    private static IResult GetTicket(string id, TicketStore store) =>
        store.Find(id) is { } ticket
            ? TypedResults.Json(ticket, SimJson.Context.Ticket)
            : ApiErrors.NotFound($"Ticket '{id}' does not exist.");

    private static async Task<IResult> CreateTicket(HttpContext context, TicketStore store, SimulatorCounters counters)
    {
        counters.CountCreateRequest();
        var errors = new ValidationErrors();
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString().Trim();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors.Add("Idempotency-Key", $"must be at most {MaxIdempotencyKeyLength} characters");
        }

        using var body = await TicketBodyReader.ReadAsync(context.Request, errors, context.RequestAborted);
        var input = body is null ? null : TicketBodyReader.ParseCreate(body.RootElement, errors);
        if (input is null || errors.Any)
        {
            return ApiErrors.Validation(errors);
        }

        var result = store.Create(input, idempotencyKey.Length == 0 ? null : idempotencyKey);
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

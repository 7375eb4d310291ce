using Mediator;
using Ticketing.Application.Channels.Queries.GetCalendarFeed;
using Ticketing.Application.Common.Exceptions;

namespace Ticketing.Web.Endpoints;

/// <summary><c>GET /calendar/{token}.ics</c>: a user's due dates for calendar apps, which cannot sign in (the token is the key).</summary>
public static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/{token}.ics", async (string token, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                try
                {
                    var ics = await sender.Send(new GetCalendarFeedQuery(token), ct);
                    http.Response.Headers.CacheControl = "private, no-store";
                    return Results.Text(ics, "text/calendar; charset=utf-8");
                }
                catch (Exception ex) when (ex is NotFoundException or ValidationException)
                {
                    // An old (rotated) or made-up address: nothing is there, and nothing says why.
                    return Results.NotFound();
                }
            })
            .AllowAnonymous();
        return app;
    }
}

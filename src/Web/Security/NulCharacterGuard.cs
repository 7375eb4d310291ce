namespace Ticketing.Web.Security;

/// <summary>
/// Refuses (400) a query string carrying a NUL character (<c>%00</c>): PostgreSQL cannot store or
/// compare one in text, so a search or filter holding it would otherwise fail as a 500.
/// </summary>
internal static class NulCharacterGuard
{
    public static IApplicationBuilder UseNulCharacterGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.QueryString.HasValue && HasNul(context.Request.Query))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await next(context);
        });

    private static bool HasNul(IQueryCollection query) =>
        query.Any(pair => pair.Key.Contains('\0', StringComparison.Ordinal)
            || pair.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true));
}

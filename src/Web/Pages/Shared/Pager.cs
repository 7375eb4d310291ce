namespace Ticketing.Web.Pages.Shared;

/// <summary>
/// The pager under a list (<c>_Pager</c>): where we are, and where the previous and next pages are.
/// </summary>
public sealed record Pager(int Page, int TotalPages, int Total, string? PreviousUrl, string? NextUrl)
{
    /// <summary>
    /// The query parameter that carries the page number. Never "page": Razor Pages keeps the route
    /// value "page" for the page's own path, so a "page" value is not bound from the query string,
    /// and a link or redirect given one points at no page at all.
    /// </summary>
    public const string Parameter = "p";
}

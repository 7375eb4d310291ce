using Ticketing.Application.Tickets;
using Ticketing.Domain.Views;

namespace Ticketing.Application.Views;

/// <summary>A saved view as the list shows it: a name, the query string it opens, and whose it is.</summary>
public sealed record SavedViewSummary(Guid Id, string Name, string QueryString, bool IsShared, bool IsMine)
{
    public static SavedViewSummary From(SavedView view, string? userId) =>
        new(view.Id, view.Name, view.QueryString, view.IsShared, string.Equals(view.UserId, userId, StringComparison.Ordinal));
}

/// <summary>The ticket list's query string as a view stores it.</summary>
public static class SavedViewQuery
{
    /// <summary>
    /// The list's clean address for the same filters and sort, without a leading <c>?</c> and without
    /// the page (a view opens on page 1): what the list writes for it, so the list can tell that it
    /// shows a view by comparing its own address. Parameters the list does not understand are dropped.
    /// </summary>
    public static string Normalize(string? queryString) => TicketListAddress.Parse(queryString).ToQueryString(includePage: false);
}

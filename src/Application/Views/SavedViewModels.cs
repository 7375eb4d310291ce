using Ticketing.Domain.Views;

namespace Ticketing.Application.Views;

/// <summary>A saved view as the list's panel shows it: a name and the query string it opens.</summary>
public sealed record SavedViewSummary(Guid Id, string Name, string QueryString)
{
    public static SavedViewSummary From(SavedView view) => new(view.Id, view.Name, view.QueryString);
}

/// <summary>The ticket list's query string as a view stores it.</summary>
public static class SavedViewQuery
{
    /// <summary>Parameters that are about one visit, not the view: the page shown and a page handler.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase) { "page", "handler" };

    /// <summary>
    /// Without a leading <c>?</c>, empty pairs and the dropped parameters (a view opens on page 1);
    /// every other pair is kept exactly as written, so the list reads it back the same.
    /// </summary>
    public static string Normalize(string? queryString)
    {
        if (string.IsNullOrWhiteSpace(queryString))
        {
            return string.Empty;
        }

        var pairs = queryString.Trim().TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !Dropped.Contains(KeyOf(pair)));
        return string.Join('&', pairs);
    }

    private static string KeyOf(string pair)
    {
        var key = pair.Split('=', 2)[0].Replace('+', ' ');
        try
        {
            return Uri.UnescapeDataString(key).Trim();
        }
        catch (UriFormatException)
        {
            return key;
        }
    }
}

using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Ticketing.Web.Pages.Shared;

/// <summary>
/// The outcome of the last change ("Project saved.", "Sync started."), put in TempData by the page
/// that made it and shown once, after its redirect, by <c>_StatusMessage</c>.
/// </summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";

    /// <summary>
    /// The message, if there is one, read (and so removed) from <paramref name="tempData"/>. The list page writes it
    /// with this instead of the partial view, which cost a view's activation and buffer on every first view (decision 155).
    /// </summary>
    public static IHtmlContent Html(ITempDataDictionary tempData)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        return tempData[Key] is string message
            ? new HtmlString("    <div class=\"alert alert-success py-2\" role=\"status\" data-testid=\"status-message\">" + HtmlEncoder.Default.Encode(message) + "</div>\n")
            : HtmlString.Empty;
    }
}

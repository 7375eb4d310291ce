namespace Ticketing.Web.Pages.Shared;

/// <summary>
/// The outcome of the last change ("Project saved.", "Sync started."), put in TempData by the page
/// that made it and shown once, after its redirect, by <c>_StatusMessage</c>.
/// </summary>
public static class StatusMessage
{
    public const string Key = "StatusMessage";
}

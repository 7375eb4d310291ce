using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// What the ticket forms share: due dates typed in the user's own time zone, and errors tied to
/// their fields (an id per message, referenced by the control's <c>aria-describedby</c>).
/// </summary>
public static class TicketForm
{
    /// <summary>The value format of <c>&lt;input type="datetime-local"&gt;</c>, to the minute.</summary>
    public const string LocalInputFormat = "yyyy-MM-dd'T'HH:mm";

    public const string InvalidLocalTimeMessage = "That time does not exist in your time zone (the clocks change then). Choose another time.";

    /// <summary>A UTC time as the user's wall-clock time for a datetime-local input.</summary>
    public static string? LocalInputValue(DateTimeOffset? utc, UserTime time) =>
        utc is { } value ? time.ToLocal(value).ToString(LocalInputFormat, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The input's value as the user typed it when the form comes back with errors, the model's
    /// value otherwise (so a half-typed or invalid date is never replaced by something else).
    /// </summary>
    public static string? LocalInputValue(ModelStateDictionary modelState, string key, DateTimeOffset? utc, UserTime time) =>
        modelState.TryGetValue(key, out var entry) && entry.AttemptedValue is { } typed ? typed : LocalInputValue(utc, time);

    /// <summary>
    /// A datetime-local value carries no zone, so the model binder read it as the server's local
    /// time; its wall-clock reading is what the user meant, in their own zone. Returns it in UTC,
    /// or null with an error on <paramref name="key"/> for a time the zone skips (clocks going forward).
    /// </summary>
    public static DateTimeOffset? ToUtc(DateTimeOffset? bound, UserTime time, ModelStateDictionary modelState, string key)
    {
        if (bound is not { } value)
        {
            return null;
        }

        var wallClock = DateTime.SpecifyKind(value.DateTime, DateTimeKind.Unspecified);
        if (time.Zone.IsInvalidTime(wallClock))
        {
            modelState.AddModelError(key, InvalidLocalTimeMessage);
            return null;
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wallClock, time.Zone), TimeSpan.Zero);
    }

    public static string ErrorId(string key) => FormErrors.ControlId(key) + "-error";

    public static bool HasError(ModelStateDictionary modelState, string key) =>
        modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>" is-invalid" for a control with errors, for its class attribute.</summary>
    public static string InvalidClass(ModelStateDictionary modelState, string key) => HasError(modelState, key) ? " is-invalid" : string.Empty;

    /// <summary>"true" or nothing (the attribute is left out), for <c>aria-invalid</c>.</summary>
    public static string? AriaInvalid(ModelStateDictionary modelState, string key) => HasError(modelState, key) ? "true" : null;

    /// <summary>The control's <c>aria-describedby</c>: its help text and its errors, or nothing.</summary>
    public static string? DescribedBy(ModelStateDictionary modelState, string key, string? helpId = null)
    {
        var ids = new[] { helpId, HasError(modelState, key) ? ErrorId(key) : null }.Where(id => id is not null);
        var value = string.Join(' ', ids);
        return value.Length == 0 ? null : value;
    }

    /// <summary>The field's messages under it, with the id its control refers to; nothing when it has none.</summary>
    public static IHtmlContent Errors(ModelStateDictionary modelState, string key)
    {
        if (!modelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var encoder = HtmlEncoder.Default;
        var messages = string.Join("<br />", entry.Errors.Select(e => encoder.Encode(FormErrors.Message(e))));
        return new HtmlString($"<div id=\"{ErrorId(key)}\" class=\"invalid-feedback d-block\">{messages}</div>");
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Ticketing.Web.Pages.Shared;

/// <summary>
/// What a form's error box (<c>_FormErrors</c>) lists. Forms whose fields show their own messages
/// beside them list only the errors about the whole form; forms with an error summary list every
/// message, each field's linked to its control.
/// </summary>
public sealed record FormErrors(string[] Fields, bool IsSummary)
{
    /// <summary>Only the errors about the whole form (filed under the empty key): the fields show theirs.</summary>
    public static FormErrors FormOnly { get; } = new([], IsSummary: false);

    /// <summary>Every error under a "There is a problem" heading; those of <paramref name="fields"/> (in page order) link to their controls.</summary>
    public static FormErrors Summary(params string[] fields) => new(fields, IsSummary: true);

    /// <summary>The id <c>asp-for</c> gives the control of <paramref name="key"/> (<c>Input.Title</c> → <c>Input_Title</c>).</summary>
    public static string ControlId(string key) => key.Replace('.', '_').Replace('[', '_').Replace(']', '_');

    public static string Message(ModelError error) =>
        string.IsNullOrEmpty(error.ErrorMessage) ? "This value is not valid." : error.ErrorMessage;

    /// <summary>The messages to show, the form's own first, then the fields' in the order given.</summary>
    public IReadOnlyList<(string Key, string Message)> Errors(ModelStateDictionary modelState)
    {
        int Rank(string key)
        {
            var index = Array.IndexOf(Fields, key);
            return key.Length == 0 ? -1 : index < 0 ? Fields.Length : index;
        }

        return
        [
            .. modelState
                .Where(p => p.Value is { Errors.Count: > 0 } && (IsSummary || p.Key.Length == 0))
                .OrderBy(p => Rank(p.Key))
                .SelectMany(p => p.Value!.Errors.Select(e => (p.Key, Message(e)))),
        ];
    }

    /// <summary>Whether the summary links this key's message to its control.</summary>
    public bool Links(string key) => Array.IndexOf(Fields, key) >= 0;
}

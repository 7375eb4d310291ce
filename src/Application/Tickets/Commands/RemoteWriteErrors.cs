using System.Diagnostics.CodeAnalysis;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Remote;

namespace Ticketing.Application.Tickets.Commands;

/// <summary>
/// Turns Championship IT's answers to a write into what a form can show. A 422's field messages go
/// on the command's own properties (so they appear next to the field the user typed into); anything
/// else becomes one message for the whole form. A <see cref="ValidationException"/> makes the page
/// show the form again with the posted values, so the user never loses what they typed.
/// </summary>
internal static class RemoteWriteErrors
{
    private static readonly Dictionary<string, (string Property, string Label)> Fields = new(StringComparer.Ordinal)
    {
        ["title"] = ("Title", "Title"),
        ["description"] = ("Description", "Description"),
        ["status"] = ("Status", "Status"),
        ["priority"] = ("Priority", "Priority"),
        ["category"] = ("Category", "Category"),
        ["department"] = ("Department", "Department"),
        ["assignee_id"] = ("AssigneeId", "Assignee"),
        ["assignee_name"] = ("AssigneeId", "Assignee"),
        ["due_date"] = ("DueDate", "Due date"),
        ["tags"] = ("Tags", "Tags"),
        ["custom_fields"] = ("CustomFields", "Custom fields"),
        ["body"] = ("Body", "Message"),
        ["requester_name"] = ("RequesterName", "Requester's name"),
        ["requester_email"] = ("RequesterEmail", "Requester's e-mail"),
    };

    /// <summary>
    /// The failure as form errors, or false for exceptions that are not the remote's (a bug, the
    /// caller's cancellation), which must travel on unchanged.
    /// </summary>
    public static bool TryTranslate(Exception exception, IReadOnlySet<string> properties, [NotNullWhen(true)] out ValidationException? failure)
    {
        failure = exception switch
        {
            RemoteRejectedException rejected => FromRejection(rejected, properties),
            RemoteUnavailableException unavailable => General(
                $"Championship IT could not be reached, so nothing was saved. {unavailable.Message} Try again in a moment."),
            RemoteUnauthorizedException unauthorized => General(
                $"Championship IT refused the dashboard's API key, so nothing was saved. {unauthorized.Message} Ask an administrator to check the integration settings."),
            _ => null,
        };
        return failure is not null;
    }

    /// <summary>The remote's 422 details mapped onto <paramref name="properties"/>; fields the form does not have go to the summary.</summary>
    public static ValidationException FromRejection(RemoteRejectedException rejected, IReadOnlySet<string> properties)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (field, messages) in rejected.Errors)
        {
            var (property, label) = Fields.TryGetValue(field, out var known) ? known : (string.Empty, field.Replace('_', ' '));
            var key = properties.Contains(property) ? property : string.Empty;
            foreach (var message in messages)
            {
                Add(errors, key, Readable(label, message));
            }
        }

        if (errors.Count == 0)
        {
            Add(errors, string.Empty, Sentence(rejected.Message));
        }

        return new ValidationException(errors.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>A short reason for one ticket of a bulk action, e.g. "Priority must be one of low, …".</summary>
    public static string Reason(RemoteRejectedException rejected)
    {
        var messages = rejected.Errors
            .SelectMany(p => p.Value.Select(m => Readable(Fields.TryGetValue(p.Key, out var f) ? f.Label : p.Key.Replace('_', ' '), m)))
            .ToList();
        return messages.Count == 0
            ? Sentence(rejected.Message)
            : $"Rejected by Championship IT ({rejected.StatusCode}): {string.Join(" ", messages)}";
    }

    public static ValidationException General(string message) =>
        new(new Dictionary<string, string[]> { [string.Empty] = [message] });

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    /// <summary>The remote words its messages as the rest of a sentence ("must not be blank"): give them their subject.</summary>
    private static string Readable(string label, string message) =>
        Sentence(message.Length > 0 && char.IsLower(message[0]) ? $"{label} {message}" : message);

    private static string Sentence(string text)
    {
        text = text.Trim();
        return text.Length == 0 || text[^1] is '.' or '!' or '?' ? text : text + ".";
    }
}

using System.Text.Json;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Triage;
using Ticketing.Application.Triage.Commands.RecordTriageFeedback;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>
/// The top suggestion per target the create form showed, carried in one hidden field, and what the saved
/// ticket says beside it: accepted when they agree, overridden when the person chose another value.
/// </summary>
public static class TriageFeedbackForm
{
    public const string FieldName = "TriageShown";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(TriageSuggestions suggestions) =>
        JsonSerializer.Serialize(
            suggestions.Targets
                .Where(t => t.Suggestions.Count > 0)
                .Select(t => new Shown(WireName<TriageTarget>.Of(t.Target), t.Suggestions[0].Value, Math.Round(t.Suggestions[0].Confidence, 4), t.ModelVersion)),
            Json);

    /// <summary>The feedback to record; empty when nothing was shown or the field is not ours.</summary>
    public static IReadOnlyList<TriageFeedbackItem> Feedback(string? shown, CreateTicketCommand saved)
    {
        if (string.IsNullOrWhiteSpace(shown) || shown.Length > 4_000)
        {
            return [];
        }

        Shown[]? items;
        try
        {
            items = JsonSerializer.Deserialize<Shown[]>(shown, Json);
        }
        catch (JsonException)
        {
            return [];
        }

        var result = new List<TriageFeedbackItem>();
        foreach (var item in items ?? [])
        {
            if (!WireName<TriageTarget>.TryParse(item.Target, out var target) || string.IsNullOrWhiteSpace(item.Value) || item.Value.Length > 200)
            {
                continue;
            }

            // A field left empty is no decision either way.
            if (Chosen(target, saved) is { Length: > 0 } chosen)
            {
                result.Add(new TriageFeedbackItem(target, item.Value, chosen, Math.Clamp(item.Confidence, 0, 1), item.Version));
            }
        }

        return result;
    }

    private static string? Chosen(TriageTarget target, CreateTicketCommand saved) => target switch
    {
        TriageTarget.Category => saved.Category?.Trim(),
        TriageTarget.Department => saved.Department?.Trim(),
        _ => saved.Priority is { } priority ? WireName<TicketPriority>.Of(priority) : null,
    };

    private sealed record Shown(string Target, string Value, double Confidence, long? Version);
}

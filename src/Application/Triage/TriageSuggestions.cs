using System.ComponentModel;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage;

/// <summary>The suggestions for one ticket: per target with an active model, the likeliest values.</summary>
[ImmutableObject(true)]
public sealed record TriageSuggestions(IReadOnlyList<TriageTargetSuggestions> Targets)
{
    public static TriageSuggestions None { get; } = new([]);

    public TriageTargetSuggestions? For(TriageTarget target) => Targets.FirstOrDefault(t => t.Target == target);
}

/// <summary>One target's suggestions and the model version that made them (recorded with the feedback).</summary>
public sealed record TriageTargetSuggestions(TriageTarget Target, long ModelVersion, IReadOnlyList<TriageSuggestion> Suggestions);

/// <param name="Value">The value as the ticket stores it (a category's name, a priority's wire name).</param>
/// <param name="Confidence">The model's probability, 0–1.</param>
/// <param name="Words">The input's words that speak most for it, strongest first.</param>
public sealed record TriageSuggestion(string Value, double Confidence, IReadOnlyList<string> Words);

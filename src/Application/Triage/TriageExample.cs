using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage;

/// <summary>
/// One resolved or closed ticket as training reads it: its text, the requester's department when known,
/// the three labels (a person's feedback, when there is one, already replaces the ticket's value), and
/// whether the PHI classification flagged the ticket (its text then stays out of training unless an admin allows it).
/// </summary>
public sealed record TriageExample(
    Guid TicketId,
    string Title,
    string? Description,
    string? Department,
    string? Category,
    string? Priority,
    DateTimeOffset CreatedAt,
    bool IsPhi = false)
{
    public string? LabelFor(TriageTarget target) => target switch
    {
        TriageTarget.Category => Category,
        TriageTarget.Department => Department,
        _ => Priority,
    };

    public TriageInput Input => new(Title, Description, Department);
}

/// <summary>What a suggestion is made from: the text typed so far and the requester's department when known.</summary>
public sealed record TriageInput(string? Title, string? Description, string? Department)
{
    /// <summary>
    /// The text one target's model reads: the title twice (it is short and says the most), the description,
    /// and, except for the department's own model, the department as a token of its own.
    /// </summary>
    public string TextFor(TriageTarget target)
    {
        var department = target != TriageTarget.Department && !string.IsNullOrWhiteSpace(Department)
            ? " dept_" + Department.Trim().Replace(' ', '_').ToLowerInvariant()
            : string.Empty;
        return $"{Title} {Title} {Description}{department}";
    }
}

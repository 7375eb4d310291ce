namespace Ticketing.Domain.Triage;

/// <summary>
/// What a person did with a suggestion (<c>triage_feedback</c>): accepted it or chose another value.
/// The next training takes <see cref="ChosenValue"/> as the ticket's label, and the admin page shows
/// the acceptance rate.
/// </summary>
public sealed class TriageFeedback
{
    public long Id { get; set; }
    public Guid? TicketId { get; set; }
    public TriageTarget Target { get; set; }
    public required string SuggestedValue { get; set; }
    public required string ChosenValue { get; set; }
    public double Confidence { get; set; }
    public long? ModelVersion { get; set; }
    public bool Accepted { get; set; }
    public string? UserId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

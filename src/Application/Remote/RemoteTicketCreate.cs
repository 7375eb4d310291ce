using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Remote;

/// <summary>
/// The body of <c>POST /tickets</c>. <see cref="CustomFieldsJson"/> is a JSON object's text, sent as is.
/// The requester's email is personal data, so <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record RemoteTicketCreate(
    string Title,
    TicketPriority Priority,
    string? Description = null,
    string? Category = null,
    string? Department = null,
    string? RequesterName = null,
    string? RequesterEmail = null,
    DateTimeOffset? DueDate = null,
    IReadOnlyList<string>? Tags = null,
    string? CustomFieldsJson = null)
{
    public override string ToString() =>
        $"RemoteTicketCreate {{ Title = {Title}, Priority = {Priority}, Category = {Category}, Department = {Department}, " +
        $"RequesterEmail = {(RequesterEmail is null ? "null" : "(set)")}, DueDate = {DueDate} }}";
}

using FluentValidation;
using Mediator;
using Ticketing.Application.Channels.Commands.RotateCalendarFeed;
using Ticketing.Application.Common.Exceptions;

namespace Ticketing.Application.Channels.Queries.GetCalendarFeed;

/// <summary>
/// A user's calendar (iCalendar) of the due dates of the open tickets assigned to or followed by them, found by the secret token in its
/// address: calendar apps fetch it without signing in. An unknown token is a 404.
/// </summary>
public sealed record GetCalendarFeedQuery(string? Token) : IQuery<string>
{
    /// <summary>The token is a credential: it never reaches a log line.</summary>
    public override string ToString() => nameof(GetCalendarFeedQuery);
}

public sealed class GetCalendarFeedValidator : AbstractValidator<GetCalendarFeedQuery>
{
    public GetCalendarFeedValidator() => RuleFor(q => q.Token).NotEmpty().MaximumLength(100);
}

public sealed class GetCalendarFeedHandler(
    ICalendarFeedStore calendars,
    ICalendarTicketReader tickets,
    ICalendarWriter writer,
    ChannelLinks links,
    Phi.IPhiClassification classification,
    Phi.IPhiAccessStore access) : IQueryHandler<GetCalendarFeedQuery, string>
{
    public async ValueTask<string> Handle(GetCalendarFeedQuery query, CancellationToken cancellationToken)
    {
        var userId = await calendars.FindUserAsync(RotateCalendarFeedHandler.HashOf(query.Token!), cancellationToken)
            ?? throw new NotFoundException("calendar", "(token)");
        var due = await tickets.GetAsync(userId, cancellationToken);
        // A calendar is read without signing in, by its owner's permission: PHI titles are masked for others.
        var masked = due.Count == 0 || await access.HasAccessAsync(userId, cancellationToken)
            ? new HashSet<Guid>()
            : await classification.PhiAmongAsync([.. due.Select(t => t.Id)], cancellationToken);
        var events = due
            .Select(t => masked.Contains(t.Id) ? t with { Title = Phi.PhiMask.Text } : t)
            .Select(t => (Ticket: t, Due: TicketDueDate.Of(t)))
            .Where(x => x.Due is not null)
            .Select(x => new CalendarEvent(
                $"ticket-{x.Ticket.Id:N}@ticketing",
                $"Due: {x.Ticket.TicketNumber} {x.Ticket.Title}",
                $"{x.Ticket.TicketNumber}: {x.Ticket.Title}\nStatus: {NotificationTypeText.Status(x.Ticket.Status)} · Priority: {NotificationTypeText.Priority(x.Ticket.Priority)}\n" +
                $"{(x.Ticket.Assigned ? "Assigned to you" : "You follow it")}\n{links.Ticket(x.Ticket.Id)}",
                links.Ticket(x.Ticket.Id),
                x.Due!.Value,
                x.Ticket.UpdatedAt))
            .ToList();
        return writer.Write("IT tickets due", events);
    }
}

/// <summary>
/// When a calendar ticket is due: its SLA policy's resolution due date when a policy applies, else
/// Championship IT's due date (the calendar reader takes the first of the two that is set).
/// </summary>
public static class TicketDueDate
{
    public static DateTimeOffset? Of(CalendarTicket ticket) => ticket.DueDate;
}

using System.Text.Json;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Queries.GetTicketWorkspace;

namespace Ticketing.Application.Tickets.Queries.GetTicketChanges;

/// <summary>
/// What changed on a ticket since a page showed it: the values the page's edit form was loaded with
/// (<see cref="UpdateTicketCommand.Original"/>) against the mirror now, and the conversation now. Asked by the
/// ticket page when it hears that its ticket changed, so it can say what changed and show new comments without
/// reloading over the reader's work.
/// </summary>
public sealed record GetTicketChangesQuery(Guid Id, string? Original) : IQuery<TicketChangesSince>;

/// <summary>
/// <see cref="Gone"/>: the ticket was deleted (or is unknown). Otherwise the changed fields in form order (none:
/// nothing the page's form shows changed) and the ticket's workspace as it is now (its values, its conversation), so
/// the page can say what changed and bring itself up to date from the same read (one PHI-audited read per question).
/// </summary>
public sealed record TicketChangesSince(bool Gone, IReadOnlyList<string> Fields, TicketWorkspace? Workspace)
{
    public static TicketChangesSince Deleted { get; } = new(true, [], null);
}

public sealed class GetTicketChangesValidator : AbstractValidator<GetTicketChangesQuery>
{
    /// <summary>The form's values hold at most a 64 KiB description and a few short fields.</summary>
    public const int MaxOriginalLength = 256 * 1024;

    public GetTicketChangesValidator()
    {
        RuleFor(q => q.Original)
            .NotEmpty().WithMessage("The page did not say which values it shows: reload the page.")
            .MaximumLength(MaxOriginalLength).WithMessage("The page's values are too long to compare.")
            .Must(Readable).WithMessage("The page's values could not be read: reload the page.");
    }

    private static bool Readable(string? original)
    {
        if (string.IsNullOrWhiteSpace(original))
        {
            return true;
        }

        try
        {
            return new UpdateTicketCommand { Original = original }.OriginalValues() is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public sealed class GetTicketChangesHandler(ITicketRepository tickets, PhiGuard guard, TicketWorkspaceReader reader)
    : IQueryHandler<GetTicketChangesQuery, TicketChangesSince>
{
    public async ValueTask<TicketChangesSince> Handle(GetTicketChangesQuery query, CancellationToken cancellationToken)
    {
        if (await tickets.FindAsync(query.Id, cancellationToken) is not { } ticket)
        {
            return TicketChangesSince.Deleted;
        }

        await guard.EnsureMayReadAsync(ticket.Id, ticket.TicketNumber, cancellationToken);
        var shown = new UpdateTicketCommand { Original = query.Original }.OriginalValues()!;
        return new TicketChangesSince(false, TicketEditableFields.Of(ticket).ChangedFrom(shown), await reader.ReadAsync(ticket, cancellationToken));
    }
}

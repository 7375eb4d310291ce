using FluentValidation;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Phi.Commands.BreakGlass;

/// <summary>
/// "Break the glass": a user without the PHI permission opens one PHI ticket for
/// <see cref="PhiAccess.BreakGlassDuration"/> after giving a reason. Audited with the reason (admins find
/// it on the audit page under "ticket.break_glass"). Returns when the access ends.
/// </summary>
public sealed record BreakGlassCommand(Guid TicketId, string? Reason) : ICommand<DateTimeOffset>
{
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;
}

public sealed class BreakGlassValidator : AbstractValidator<BreakGlassCommand>
{
    public BreakGlassValidator() =>
        RuleFor(c => c.Reason)
            .Must(r => r is not null && r.Trim().Length >= BreakGlassCommand.MinReasonLength)
            .WithMessage($"Say why you need this ticket (at least {BreakGlassCommand.MinReasonLength} characters).")
            .MaximumLength(BreakGlassCommand.MaxReasonLength)
            .WithMessage($"Keep the reason to {BreakGlassCommand.MaxReasonLength} characters.");
}

public sealed class BreakGlassHandler(
    ICurrentUser user,
    ITicketRepository tickets,
    IPhiClassification classification,
    IPhiAccessStore access,
    IAuditLog audit,
    TimeProvider clock)
    : ICommandHandler<BreakGlassCommand, DateTimeOffset>
{
    public async ValueTask<DateTimeOffset> Handle(BreakGlassCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        var ticket = await tickets.FindAsync(command.TicketId, cancellationToken);
        if (ticket is null || ticket.IsDeleted)
        {
            throw new NotFoundException("Ticket", command.TicketId);
        }

        if (await classification.GetAsync(ticket.Id, cancellationToken) is null)
        {
            throw new ValidationException(new Dictionary<string, string[]> { [nameof(BreakGlassCommand.Reason)] = ["This ticket holds no protected health information: open it as usual."] });
        }

        var reason = command.Reason!.Trim();
        var now = clock.GetUtcNow();
        var until = now + PhiAccess.BreakGlassDuration;
        await access.AddBreakGlassAsync(userId, ticket.Id, reason, now, until, cancellationToken);
        await audit.WriteTicketAccessAsync(
            new TicketAccess(PhiAuditActions.BreakGlass, [ticket.TicketNumber], Details: new { reason, until }),
            cancellationToken);

        return until;
    }
}

using FluentValidation;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Phi.Commands.BreakGlass;

/// <summary>
/// "Break the glass": a user without the PHI permission opens one PHI ticket for
/// <see cref="PhiAccess.BreakGlassDuration"/> after giving a reason. Audited with the reason (admins find
/// it on the audit page under "ticket.break_glass") and told to every other admin in their inbox and,
/// through the usual fan-out, by e-mail and their own chat. Returns when the access ends.
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
    INotificationRepository notifications,
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

        // One notice per admin per break-glass (the key is unique per grant); the admin who broke the
        // glass knows already. The text names the user, the number and the reason, never the ticket's text.
        var name = user.DisplayName ?? userId;
        var grant = Guid.NewGuid().ToString("N");
        foreach (var admin in (await access.AdminUserIdsAsync(cancellationToken)).Where(a => a != userId))
        {
            await notifications.AddAsync(
                new DirectNotification(
                    admin,
                    ticket.Id,
                    NotificationType.PhiBreakGlass,
                    $"Break-glass: {name} opened {ticket.TicketNumber}",
                    $"{name} opened {ticket.TicketNumber}, which holds protected health information, for {(int)PhiAccess.BreakGlassDuration.TotalMinutes} minutes. Reason given: {reason}",
                    $"phi_break_glass:{grant}:{admin}"),
                cancellationToken);
        }

        return until;
    }
}

using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;

namespace Ticketing.Application.Admin.Phi.Commands.SetPhiAccess;

/// <summary>Grants or revokes a user's PHI access permission (audited; the user's session follows within a minute).</summary>
public sealed record SetPhiAccessCommand(string UserId, bool HasAccess) : ICommand, IAdminRequest;

public sealed class SetPhiAccessValidator : AbstractValidator<SetPhiAccessCommand>
{
    public SetPhiAccessValidator() => RuleFor(c => c.UserId).NotEmpty().WithMessage("Choose a user.");
}

public sealed class SetPhiAccessHandler(IPhiAccessStore access, IAuditLog audit) : ICommandHandler<SetPhiAccessCommand>
{
    public async ValueTask<Unit> Handle(SetPhiAccessCommand command, CancellationToken cancellationToken)
    {
        var holder = await access.SetAsync(command.UserId, command.HasAccess, cancellationToken) ?? throw new NotFoundException("User", command.UserId);
        await audit.WriteAsync(
            command.HasAccess ? PhiAuditActions.AccessGranted : PhiAuditActions.AccessRevoked,
            "user",
            holder.UserId,
            new { email = holder.Email },
            cancellationToken);
        return Unit.Value;
    }
}

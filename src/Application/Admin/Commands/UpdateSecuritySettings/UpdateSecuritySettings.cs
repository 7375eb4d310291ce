using Mediator;
using Ticketing.Application.Account.Queries.GetMfaPolicy;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Admin.Commands.UpdateSecuritySettings;

/// <summary>
/// "Require two-step sign-in for administrators". Turned on, every admin who signed in without a second
/// step is sent to set it up before anything else (the admin who turns it on too, unless already enrolled).
/// </summary>
public sealed record UpdateSecuritySettingsCommand(bool RequireMfaForAdmins) : ICommand, IAdminRequest;

public sealed class UpdateSecuritySettingsHandler(ISecuritySettingsStore settings, ICurrentUser currentUser, IAuditLog audit, ICacheInvalidator cache)
    : ICommandHandler<UpdateSecuritySettingsCommand>
{
    public const string AuditAction = "settings.security_update";

    public async ValueTask<Unit> Handle(UpdateSecuritySettingsCommand command, CancellationToken cancellationToken)
    {
        var before = await settings.GetAsync(cancellationToken);
        if (before.RequireMfaForAdmins == command.RequireMfaForAdmins)
        {
            return Unit.Value;
        }

        await settings.SaveAsync(command.RequireMfaForAdmins, currentUser.UserId, cancellationToken);
        await cache.InvalidateAsync(GetMfaPolicyQuery.Tag);
        await audit.WriteAsync(
            AuditAction,
            "settings",
            "security",
            new { field = "require_mfa_for_admins", old = before.RequireMfaForAdmins, @new = command.RequireMfaForAdmins },
            cancellationToken);
        return Unit.Value;
    }
}

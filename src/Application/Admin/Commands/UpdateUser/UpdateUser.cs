using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Admin.Commands.UpdateUser;

/// <summary>
/// Sets an account's name, role (Admin or Staff), lock and remote assignee id. The last admin who can
/// sign in cannot be demoted or locked.
/// </summary>
public sealed record UpdateUserCommand(string Id, string? DisplayName, string? Role, bool Locked, string? RemoteAssigneeId) : ICommand, IAdminRequest
{
    public static UpdateUserCommand From(AdminUser user, DateTimeOffset now) =>
        new(user.Id, user.DisplayName, user.Role, user.IsLocked(now), user.RemoteAssigneeId);
}

public sealed class UpdateUserValidator : AbstractValidator<UpdateUserCommand>
{
    public const string SelfLockMessage = "You cannot lock your own account.";

    public UpdateUserValidator(IAdminUserDirectory users, ICurrentUser currentUser, TimeProvider clock)
    {
        RuleFor(c => c.DisplayName)
            .NotEmpty().WithMessage("Enter the user's name.")
            .MaximumLength(CreateUser.CreateUserCommand.MaxDisplayNameLength)
            .WithMessage($"The name must be at most {CreateUser.CreateUserCommand.MaxDisplayNameLength} characters.");
        RuleFor(c => c.Role)
            .Must(role => role is not null && Roles.All.Contains(role)).WithMessage("Choose Admin or Staff.");
        RuleFor(c => c.RemoteAssigneeId)
            .MaximumLength(CreateUser.CreateUserCommand.MaxRemoteAssigneeIdLength)
            .WithMessage($"The remote assignee id must be at most {CreateUser.CreateUserCommand.MaxRemoteAssigneeIdLength} characters.");
        RuleFor(c => c.Locked)
            .Must((command, locked) => !locked || command.Id != currentUser.UserId).WithMessage(SelfLockMessage);

        RuleFor(c => c).CustomAsync(async (command, context, ct) =>
        {
            if (command.Role is null || !Roles.All.Contains(command.Role) || await users.FindAsync(command.Id, ct) is not { } user)
            {
                return;
            }

            var now = clock.GetUtcNow();
            if (LastAdminRule.WouldRemoveLastAdmin(user, command.Role, command.Locked, await users.CountActiveAdminsAsync(ct), now))
            {
                var demoted = command.Role != Roles.Admin;
                context.AddFailure(
                    demoted ? nameof(UpdateUserCommand.Role) : nameof(UpdateUserCommand.Locked),
                    demoted ? LastAdminRule.DemoteMessage : LastAdminRule.LockMessage);
            }
        });
    }
}

public sealed class UpdateUserHandler(IAdminUserDirectory users, IAuditLog audit, TimeProvider clock) : ICommandHandler<UpdateUserCommand>
{
    public async ValueTask<Unit> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindAsync(command.Id, cancellationToken) ?? throw new NotFoundException("User", command.Id);
        var now = clock.GetUtcNow();
        var displayName = command.DisplayName!.Trim();
        var remoteId = string.IsNullOrWhiteSpace(command.RemoteAssigneeId) ? null : command.RemoteAssigneeId.Trim();
        var wasLocked = user.IsLocked(now);

        var result = await users.UpdateAsync(new AdminUserUpdate(user.Id, displayName, command.Role!, command.Locked, remoteId), cancellationToken);
        if (!result.Succeeded)
        {
            throw new ValidationException(result.Errors);
        }

        // One entry per kind of change, so the audit log can be filtered by what happened.
        if (user.DisplayName != displayName)
        {
            await audit.WriteAsync("user.rename", "user", user.Id, new { email = user.Email, old = user.DisplayName, @new = displayName }, cancellationToken);
        }

        if (user.Role != command.Role)
        {
            await audit.WriteAsync("user.role_change", "user", user.Id, new { email = user.Email, old = user.Role, @new = command.Role }, cancellationToken);
        }

        if (wasLocked != command.Locked)
        {
            await audit.WriteAsync(
                command.Locked ? "user.lock" : "user.unlock",
                "user",
                user.Id,
                new { email = user.Email, old = wasLocked ? "locked" : "active", @new = command.Locked ? "locked" : "active" },
                cancellationToken);
        }

        if (user.RemoteAssigneeId != remoteId)
        {
            await audit.WriteAsync("user.remote_assignee_change", "user", user.Id, new { email = user.Email, old = user.RemoteAssigneeId, @new = remoteId }, cancellationToken);
        }

        return Unit.Value;
    }
}

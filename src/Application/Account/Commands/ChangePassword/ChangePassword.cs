using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Admin.Commands.CreateUser;

namespace Ticketing.Application.Account.Commands.ChangePassword;

/// <summary>
/// The signed-in user changes their own password (the current one is checked); this also ends the
/// "must change password" state that a temporary password starts.
/// </summary>
public sealed record ChangePasswordCommand(string? CurrentPassword, string? NewPassword, string? ConfirmPassword) : ICommand
{
    /// <summary>Never prints the passwords, wherever a record is turned into text.</summary>
    public override string ToString() => nameof(ChangePasswordCommand);
}

public sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(c => c.NewPassword)
            .NotEmpty().WithMessage("Enter a new password.")
            .MinimumLength(CreateUserCommand.MinPasswordLength)
            .WithMessage($"The new password must be at least {CreateUserCommand.MinPasswordLength} characters.")
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
        RuleFor(c => c.ConfirmPassword)
            .Equal(c => c.NewPassword).WithMessage("The two new passwords do not match.");
    }
}

public sealed class ChangePasswordHandler(IAdminUserDirectory users, ICurrentUser currentUser, IAuditLog audit) : ICommandHandler<ChangePasswordCommand>
{
    public const string AuditAction = "user.password_change";

    public async ValueTask<Unit> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        var result = await users.ChangePasswordAsync(userId, command.CurrentPassword!, command.NewPassword!, cancellationToken);
        if (!result.Succeeded)
        {
            throw new ValidationException(result.Errors);
        }

        await audit.WriteAsync(AuditAction, "user", userId, new { by = "self" }, cancellationToken);
        return Unit.Value;
    }
}

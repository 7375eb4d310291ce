using FluentValidation;
using Mediator;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Admin.Commands.CreateUser;

/// <summary>
/// Creates an account with a temporary password the admin passes on; the user must choose their own
/// at the first sign-in. There is no self-registration: this is the only way in.
/// </summary>
public sealed record CreateUserCommand(string? Email, string? DisplayName, string? Role, string? TemporaryPassword, string? RemoteAssigneeId)
    : ICommand<string>, IAdminRequest
{
    public const int MaxEmailLength = 256;
    public const int MaxDisplayNameLength = 200;
    public const int MaxRemoteAssigneeIdLength = 128;
    public const int MinPasswordLength = 10;

    public static CreateUserCommand Empty { get; } = new(null, null, Roles.Staff, null, null);

    /// <summary>Never prints the password, wherever a record is turned into text.</summary>
    public override string ToString() => nameof(CreateUserCommand);
}

public sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator(IAdminUserDirectory users)
    {
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Enter the user's email address.")
            .MaximumLength(CreateUserCommand.MaxEmailLength).WithMessage($"The email address must be at most {CreateUserCommand.MaxEmailLength} characters.")
            .EmailAddress().WithMessage("Enter a valid email address.")
            .MustAsync(async (email, ct) => !await users.EmailExistsAsync(email!.Trim(), ct))
            .WithMessage("An account with this email address already exists.");
        RuleFor(c => c.DisplayName)
            .NotEmpty().WithMessage("Enter the user's name.")
            .MaximumLength(CreateUserCommand.MaxDisplayNameLength).WithMessage($"The name must be at most {CreateUserCommand.MaxDisplayNameLength} characters.");
        RuleFor(c => c.Role)
            .Must(role => role is not null && Roles.All.Contains(role)).WithMessage("Choose Admin or Staff.");
        RuleFor(c => c.TemporaryPassword)
            .NotEmpty().WithMessage("Enter a temporary password.")
            .MinimumLength(CreateUserCommand.MinPasswordLength).WithMessage($"The temporary password must be at least {CreateUserCommand.MinPasswordLength} characters.");
        RuleFor(c => c.RemoteAssigneeId)
            .MaximumLength(CreateUserCommand.MaxRemoteAssigneeIdLength).WithMessage($"The remote assignee id must be at most {CreateUserCommand.MaxRemoteAssigneeIdLength} characters.");
    }
}

public sealed class CreateUserHandler(IAdminUserDirectory users, IAuditLog audit) : ICommandHandler<CreateUserCommand, string>
{
    public const string AuditAction = "user.create";

    public async ValueTask<string> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email!.Trim();
        var remoteId = string.IsNullOrWhiteSpace(command.RemoteAssigneeId) ? null : command.RemoteAssigneeId.Trim();
        var result = await users.CreateAsync(
            new NewAdminUser(email, command.DisplayName!.Trim(), command.Role!, command.TemporaryPassword!, remoteId),
            cancellationToken);
        if (!result.Succeeded)
        {
            // Identity's own rules (password strength, a duplicate created meanwhile) as field errors.
            throw new ValidationException(result.Errors);
        }

        await audit.WriteAsync(
            AuditAction,
            "user",
            result.UserId,
            new { email, display_name = command.DisplayName.Trim(), role = command.Role, remote_assignee_id = remoteId, must_change_password = true },
            cancellationToken);
        return result.UserId!;
    }
}

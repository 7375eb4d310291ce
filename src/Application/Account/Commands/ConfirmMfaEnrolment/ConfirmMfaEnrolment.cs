using FluentValidation;
using Mediator;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Account.Commands.ConfirmMfaEnrolment;

/// <summary>
/// The signed-in user proves their authenticator app works by typing its current code: two-step sign-in
/// is then on, and the answer holds the recovery codes (shown once).
/// </summary>
public sealed record ConfirmMfaEnrolmentCommand(string? Code) : ICommand<RecoveryCodes>
{
    public const string WrongCodeMessage = "That code is not right. Type the six digits your app shows now.";

    public override string ToString() => nameof(ConfirmMfaEnrolmentCommand);
}

/// <summary>Recovery codes: each signs in once in place of a code from the app.</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes)
{
    public override string ToString() => nameof(RecoveryCodes);
}

public sealed class ConfirmMfaEnrolmentValidator : AbstractValidator<ConfirmMfaEnrolmentCommand>
{
    public ConfirmMfaEnrolmentValidator() =>
        RuleFor(c => c.Code)
            .Must(code => MfaCodes.IsAuthenticatorCode(MfaCodes.Normalise(code)))
            .WithMessage("Type the six-digit code your authenticator app shows.");
}

public sealed class ConfirmMfaEnrolmentHandler(IMfaAccounts accounts, ICurrentUser currentUser, IAuditLog audit)
    : ICommandHandler<ConfirmMfaEnrolmentCommand, RecoveryCodes>
{
    public async ValueTask<RecoveryCodes> Handle(ConfirmMfaEnrolmentCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        if (!await accounts.VerifyAuthenticatorCodeAsync(userId, MfaCodes.Normalise(command.Code), cancellationToken))
        {
            await audit.WriteAsync(MfaCodes.FailedAction, "user", userId, new { step = "enrolment" }, cancellationToken);
            throw new ValidationException(new Dictionary<string, string[]> { [nameof(command.Code)] = [ConfirmMfaEnrolmentCommand.WrongCodeMessage] });
        }

        var codes = await accounts.EnableAsync(userId, MfaCodes.RecoveryCodeCount, cancellationToken);
        await audit.WriteAsync(MfaCodes.EnableAction, "user", userId, new { by = "self", recovery_codes = codes.Count }, cancellationToken);
        return new RecoveryCodes(codes);
    }
}

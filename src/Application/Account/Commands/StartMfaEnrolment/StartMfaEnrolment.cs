using Mediator;
using Ticketing.Application.Account.Mfa;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Account.Commands.StartMfaEnrolment;

/// <summary>
/// What the signed-in user adds to their authenticator app: the key (made now if they have none) and
/// the <c>otpauth://</c> address its QR code carries. A command, as it may create the key.
/// </summary>
public sealed record StartMfaEnrolmentCommand : ICommand<MfaEnrolment>;

/// <param name="SharedKey">The key in groups of four, for typing.</param>
/// <param name="AuthenticatorUri">The address the QR code carries.</param>
public sealed record MfaEnrolment(string SharedKey, string AuthenticatorUri)
{
    /// <summary>Never prints the key, wherever a record is turned into text (a log line).</summary>
    public override string ToString() => nameof(MfaEnrolment);
}

public sealed class StartMfaEnrolmentHandler(IMfaAccounts accounts, ICurrentUser currentUser) : ICommandHandler<StartMfaEnrolmentCommand, MfaEnrolment>
{
    public async ValueTask<MfaEnrolment> Handle(StartMfaEnrolmentCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.UserId ?? throw new ForbiddenAccessException();
        var key = await accounts.GetOrCreateAuthenticatorKeyAsync(userId, cancellationToken) ?? throw new NotFoundException("User", userId);
        return new MfaEnrolment(MfaCodes.Readable(key), MfaCodes.AuthenticatorUri(currentUser.Email ?? userId, key));
    }
}

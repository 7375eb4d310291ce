using Microsoft.AspNetCore.Identity;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Infrastructure.Identity;

/// <summary>
/// Two-step sign-in over Identity's authenticator support: the key and the recovery codes live in
/// <c>user_tokens</c>, the switch in <c>users.two_factor_enabled</c>.
/// </summary>
internal sealed class MfaAccounts(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store) : IMfaAccounts
{
    public async Task<MfaStatus?> GetStatusAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null
            ? null
            : new MfaStatus(await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));
    }

    public async Task<string?> GetOrCreateAuthenticatorKeyAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        if (await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key)
        {
            return key;
        }

        // Identity's ResetAuthenticatorKeyAsync would also change the security stamp and so end the very
        // session that is enrolling; a key that protects nothing yet needs no such thing.
        var keys = (IUserAuthenticatorKeyStore<ApplicationUser>)store;
        key = users.GenerateNewAuthenticatorKey();
        await keys.SetAuthenticatorKeyAsync(user, key, cancellationToken);
        var saved = await users.UpdateAsync(user);
        return saved.Succeeded ? key : throw new InvalidOperationException("The authenticator key could not be saved.");
    }

    public async Task<bool> VerifyAuthenticatorCodeAsync(string userId, string code, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        return user is not null
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
    }

    public async Task<IReadOnlyList<string>> EnableAsync(string userId, int recoveryCodes, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The account no longer exists.");
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, recoveryCodes) ?? []];
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(string userId, int recoveryCodes, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The account no longer exists.");
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, recoveryCodes) ?? []];
    }

    public async Task<bool> DisableAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return false;
        }

        Check(await users.SetTwoFactorEnabledAsync(user, false));
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        // A new key (and security stamp): a copy of the old key, or a session begun with it, is worth nothing.
        Check(await users.ResetAuthenticatorKeyAsync(user));
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.Web.Security;

/// <summary>
/// A password hash no one knows the password of, made with the app's own hasher (its iteration count).
/// A sign-in for an unknown e-mail, or for a locked-out account (which Identity refuses before hashing),
/// checks the typed password against it, so every failed sign-in costs the same hashing time and the
/// answer's timing does not tell which accounts exist. A singleton, so it builds its own hasher from the
/// same options rather than holding Identity's scoped one.
/// </summary>
public sealed class DummyPasswordHash
{
    private static readonly ApplicationUser Nobody = new() { UserName = "nobody", Email = "nobody@invalid" };

    private readonly PasswordHasher<ApplicationUser> _hasher;

    private readonly Lazy<string> _hash;

    public DummyPasswordHash(IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<ApplicationUser>(options);
        _hash = new(() => _hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>Spends the time a real password check spends; the result is always a failure.</summary>
    public void Verify(string password) => _hasher.VerifyHashedPassword(Nobody, _hash.Value, password);
}

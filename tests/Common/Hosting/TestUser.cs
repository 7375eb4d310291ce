using Ticketing.Infrastructure.Seeding;

namespace Ticketing.Tests.Common;

/// <summary>
/// Who a test acts as: the seeded admin or staff user (with their passwords, for a real sign-in), any
/// other user of the database by id or email, an anonymous visitor, or the system (a job, a background
/// loop: no HTTP request, no user).
/// </summary>
public sealed class TestUser
{
    private readonly string _label;

    private TestUser(string label, string? email = null, string? password = null, string? id = null, bool anonymous = false)
    {
        _label = label;
        Email = email;
        Password = password;
        Id = id;
        IsAnonymous = anonymous;
    }

    /// <summary>The first admin, seeded from <c>Ticketing:Seed:AdminEmail</c> / <c>AdminPassword</c>.</summary>
    public static TestUser Admin { get; } = new("the admin", "root.admin@admin-tests.example", "Admin-Tests-Password1");

    /// <summary>The first demo staff user (Alex Morgan, remote assignee <c>agt_1</c>), seeded in demo mode.</summary>
    public static TestUser Staff { get; } = new("a staff user", IdentitySeeder.DemoStaff[0].Email, "Staff-Tests-Password1");

    /// <summary>A request without a sign-in.</summary>
    public static TestUser Anonymous { get; } = new("an anonymous visitor", anonymous: true);

    /// <summary>
    /// Background work: no request at all, in a scope the app's <c>SystemScopes.CreateSystemScope</c> marks as
    /// the system's, as a Hangfire job or a background loop sends its commands.
    /// </summary>
    public static TestUser System { get; } = new("the system");

    public string? Email { get; }

    public string? Password { get; }

    public string? Id { get; }

    public bool IsAnonymous { get; }

    /// <summary>A signed-in person (as opposed to <see cref="Anonymous"/> and <see cref="System"/>).</summary>
    public bool IsPerson => Email is not null || Id is not null;

    /// <summary>The system actor: neither a person nor an anonymous visitor.</summary>
    public bool IsSystem => !IsPerson && !IsAnonymous;

    /// <summary>A user the test put in the database itself.</summary>
    public static TestUser WithId(string userId) => new($"user {userId}", id: userId);

    public static TestUser WithEmail(string email, string? password = null) => new(email, email, password);

    public override string ToString() => _label;
}

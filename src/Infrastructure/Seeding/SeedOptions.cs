namespace Ticketing.Infrastructure.Seeding;

/// <summary>Start-up seeding, bound from <c>Ticketing:Seed</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "Ticketing:Seed";

    /// <summary>The admin created at start-up when no admin exists.</summary>
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Demo mode: also creates two staff users and a few projects and assignments.</summary>
    public bool Demo { get; set; }

    /// <summary>The password of the demo staff users (demo mode only).</summary>
    public string? DemoStaffPassword { get; set; }
}

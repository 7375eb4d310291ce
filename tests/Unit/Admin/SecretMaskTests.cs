using Shouldly;
using Ticketing.Application.Admin;

namespace Ticketing.UnitTests.Admin;

public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("sk_live_0123456789abcdef4f2a", "…4f2a")]
    [InlineData("short-secret", "…")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_secret_shows_only_its_last_four_characters(string? secret, string? hint)
    {
        SecretMask.Hint(secret).ShouldBe(hint);
    }

    [Theory]
    [InlineData("dana.ruiz@example.org", "d***@example.org")]
    [InlineData(" A@b.co ", "A***@b.co")]
    [InlineData("not-an-address", "***")]
    [InlineData("@example.org", "***")]
    [InlineData("", "(none)")]
    public void An_email_address_keeps_its_first_letter_and_domain(string email, string masked)
    {
        SecretMask.Email(email).ShouldBe(masked);
    }
}

using Shouldly;
using Ticketing.Application.Admin.Commands.UpdateIntegrationSettings;
using Ticketing.Application.Remote;

namespace Ticketing.UnitTests.Admin;

public sealed class IntegrationSettingsValidatorTests
{
    private readonly UpdateIntegrationSettingsValidator _validator = new();

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1440)]
    public void Accepts_an_interval_from_one_minute_to_a_day(int minutes)
    {
        _validator.Validate(Valid() with { SyncIntervalMinutes = minutes }).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1441)]
    [InlineData(null)]
    public void Refuses_an_interval_outside_one_minute_to_a_day(int? minutes)
    {
        var result = _validator.Validate(Valid() with { SyncIntervalMinutes = minutes });

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(UpdateIntegrationSettingsCommand.SyncIntervalMinutes));
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(120, true)]
    [InlineData(121, false)]
    public void Bounds_the_request_timeout_to_5_to_120_seconds(int seconds, bool valid)
    {
        _validator.Validate(Valid() with { RequestTimeoutSeconds = seconds }).IsValid.ShouldBe(valid);
    }

    [Theory]
    [InlineData("https://example.supabase.co/functions/v1", null)]
    [InlineData("http://127.0.0.1:5080", null)]
    [InlineData("http://localhost:5080/api", null)]
    [InlineData("http://example.org/api", RemoteBaseUrl.MustBeHttpsMessage)]
    [InlineData("https://example.org/api?key=1", RemoteBaseUrl.NoQueryMessage)]
    [InlineData("ftp://example.org", RemoteBaseUrl.MustBeAbsoluteMessage)]
    [InlineData("", RemoteBaseUrl.MustBeAbsoluteMessage)]
    public void Applies_the_one_base_url_rule(string url, string? error)
    {
        var result = _validator.Validate(Valid() with { ApiBaseUrl = url });

        if (error is null)
        {
            result.IsValid.ShouldBeTrue();
        }
        else
        {
            var failure = result.Errors.ShouldHaveSingleItem();
            failure.PropertyName.ShouldBe(nameof(UpdateIntegrationSettingsCommand.ApiBaseUrl));
            failure.ErrorMessage.ShouldBe(error);
        }
    }

    [Fact]
    public void Refuses_a_key_with_spaces_inside_but_not_around()
    {
        _validator.Validate(Valid() with { NewApiKey = "  sk_live_abc  " }).IsValid.ShouldBeTrue();
        _validator.Validate(Valid() with { NewApiKey = "sk live abc" }).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void The_command_never_prints_the_key()
    {
        (Valid() with { NewApiKey = "sk_live_secret" }).ToString().ShouldNotContain("sk_live_secret");
    }

    private static UpdateIntegrationSettingsCommand Valid() =>
        new("https://example.org/api", SyncEnabled: true, SyncIntervalMinutes: 5, IsActive: true, RequestTimeoutSeconds: 30, NewApiKey: null);
}

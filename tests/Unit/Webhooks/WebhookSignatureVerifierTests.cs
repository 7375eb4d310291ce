using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shouldly;
using Ticketing.Application.Webhooks;
using Ticketing.Infrastructure.Webhooks;

namespace Ticketing.UnitTests.Webhooks;

public sealed class WebhookSignatureVerifierTests
{
    private const string CurrentSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PreviousSecret = "whsec_cHJldmlvdXMtc2VjcmV0LWtleS1ieXRlcw==";
    private const string OtherSecret = "whsec_c29tZW9uZS1lbHNlcy1rZXk=";
    private const string WebhookId = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

    // Raw bytes as the remote sent them: the spacing is part of what is signed.
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"ticket.updated",  "data":{"ticket":{"id":"tkt_1"}}}""");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly WebhookSignatureVerifier _verifier;

    public WebhookSignatureVerifierTests() => _verifier = new WebhookSignatureVerifier(_clock);

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public void Accepts_a_message_signed_with_the_current_secret()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);

        Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, CurrentSecret)
            .ShouldBe(WebhookVerification.Valid);
    }

    [Fact]
    public void Accepts_a_secret_given_without_its_whsec_prefix()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);
        WebhookSigningKey.TryParse(CurrentSecret["whsec_".Length..], out var key).ShouldBeTrue();

        _verifier.Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, [key])
            .ShouldBe(WebhookVerification.Valid);
    }

    [Fact]
    public void Rejects_a_signature_made_with_another_secret()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);

        Verify(WebhookId, timestamp, Sign(OtherSecret, WebhookId, timestamp, Body), Body, CurrentSecret)
            .ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Fact]
    public void Rejects_a_body_changed_after_signing_even_by_whitespace()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);
        var signature = Sign(CurrentSecret, WebhookId, timestamp, Body);
        var reformatted = Encoding.UTF8.GetBytes("""{"type":"ticket.updated","data":{"ticket":{"id":"tkt_1"}}}""");

        Verify(WebhookId, timestamp, signature, reformatted, CurrentSecret).ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Fact]
    public void Rejects_a_signature_replayed_under_another_id_or_timestamp()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);
        var signature = Sign(CurrentSecret, WebhookId, timestamp, Body);

        Verify("msg_other", timestamp, signature, Body, CurrentSecret).ShouldBe(WebhookVerification.InvalidSignature);
        Verify(WebhookId, (Now - 1).ToString(CultureInfo.InvariantCulture), signature, Body, CurrentSecret).ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Accepts_a_timestamp_exactly_five_minutes_from_the_clock(int offsetSeconds)
    {
        var timestamp = (Now + offsetSeconds).ToString(CultureInfo.InvariantCulture);

        Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, CurrentSecret)
            .ShouldBe(WebhookVerification.Valid);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Rejects_a_stale_or_future_timestamp_beyond_five_minutes(int offsetSeconds)
    {
        var timestamp = (Now + offsetSeconds).ToString(CultureInfo.InvariantCulture);

        Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, CurrentSecret)
            .ShouldBe(WebhookVerification.StaleTimestamp);
    }

    [Theory]
    [InlineData("2026-11-21T10:00:00Z")]
    [InlineData("1.7e9")]
    [InlineData("-1")]
    [InlineData(" 1795255200")]
    [InlineData("99999999999999999999999")]
    public void Rejects_a_timestamp_that_is_not_unix_seconds(string timestamp)
    {
        Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, CurrentSecret)
            .ShouldBe(WebhookVerification.InvalidTimestamp);
    }

    [Theory]
    [InlineData(null, "ts", "sig")]
    [InlineData("", "ts", "sig")]
    [InlineData("id", null, "sig")]
    [InlineData("id", "", "sig")]
    [InlineData("id", "ts", null)]
    [InlineData("id", "ts", "  ")]
    public void Rejects_a_message_missing_a_header(string? id, string? timestamp, string? signature)
    {
        var realTimestamp = timestamp is "ts" ? Now.ToString(CultureInfo.InvariantCulture) : timestamp;
        var realSignature = signature is "sig" ? Sign(CurrentSecret, id ?? "", realTimestamp ?? "", Body) : signature;

        Verify(id, realTimestamp, realSignature, Body, CurrentSecret).ShouldBe(WebhookVerification.MissingHeaders);
    }

    [Fact]
    public void Accepts_a_list_of_signatures_when_any_one_is_valid()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);
        var signatures = string.Join(' ',
            Sign(OtherSecret, WebhookId, timestamp, Body),
            "v1a,ZHVtbXktZWQyNTUxOS1zaWduYXR1cmU=",
            "v1,not-base64!",
            Sign(CurrentSecret, WebhookId, timestamp, Body),
            Sign(PreviousSecret, WebhookId, timestamp, Body));

        Verify(WebhookId, timestamp, signatures, Body, CurrentSecret).ShouldBe(WebhookVerification.Valid);
    }

    [Fact]
    public void Accepts_messages_signed_with_the_previous_or_the_current_secret_during_a_rotation()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);

        Verify(WebhookId, timestamp, Sign(PreviousSecret, WebhookId, timestamp, Body), Body, PreviousSecret, CurrentSecret)
            .ShouldBe(WebhookVerification.Valid);
        Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, PreviousSecret, CurrentSecret)
            .ShouldBe(WebhookVerification.Valid);
        Verify(WebhookId, timestamp, Sign(OtherSecret, WebhookId, timestamp, Body), Body, PreviousSecret, CurrentSecret)
            .ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Fact]
    public void Rejects_every_message_when_no_secret_is_valid()
    {
        var timestamp = Now.ToString(CultureInfo.InvariantCulture);

        _verifier.Verify(WebhookId, timestamp, Sign(CurrentSecret, WebhookId, timestamp, Body), Body, [])
            .ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Theory]
    [InlineData("v1,")]
    [InlineData("v1")]
    [InlineData(",,,")]
    [InlineData("v1,====")]
    [InlineData("v1,AAAA")]
    [InlineData("v1,!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("v2,MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=")]
    [InlineData("v1,MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public void Rejects_malformed_signature_values_without_throwing(string signature)
    {
        Verify(WebhookId, Now.ToString(CultureInfo.InvariantCulture), signature, Body, CurrentSecret).ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Fact]
    public void Rejects_a_very_long_signature_header_without_throwing()
    {
        var signature = string.Join(' ', Enumerable.Repeat("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 2_000));

        Verify(WebhookId, Now.ToString(CultureInfo.InvariantCulture), signature, Body, CurrentSecret).ShouldBe(WebhookVerification.InvalidSignature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_AAA")]
    public void Refuses_malformed_secrets_without_throwing(string? secret)
    {
        WebhookSigningKey.TryParse(secret, out var key).ShouldBeFalse();
        key.ShouldBeNull();
    }

    [Fact]
    public void Never_shows_the_key_bytes_as_text()
    {
        WebhookSigningKey.TryParse(CurrentSecret, out var key).ShouldBeTrue();

        key.ToString().ShouldNotContain("MfKQ9r8G");
    }

    private WebhookVerification Verify(string? id, string? timestamp, string? signature, byte[] body, params string[] secrets)
    {
        var keys = secrets.Select(s => WebhookSigningKey.TryParse(s, out var key) ? key : throw new ArgumentException("bad test secret")).ToList();
        return _verifier.Verify(id, timestamp, signature, body, keys);
    }

    /// <summary>The spec's signature, computed independently of the code under test.</summary>
    private static string Sign(string secret, string id, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}

namespace Ticketing.Web.Webhooks;

/// <summary>The webhook endpoint's protections, bound from <c>Ticketing:Webhooks</c>.</summary>
public sealed class TicketWebhookOptions
{
    public const string Section = "Ticketing:Webhooks";

    /// <summary>The largest body accepted; a larger one is refused (413) before it is read whole.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// IP addresses or CIDR ranges allowed to call the endpoint (others get 403); empty allows every
    /// address. Also accepted as one comma-separated value.
    /// </summary>
    public List<string> AllowedIps { get; set; } = [];

    /// <summary>Failed verifications an address may make within <see cref="FailedAttemptWindowSeconds"/> before its further failures get 429.</summary>
    public int FailedAttemptLimit { get; set; } = 20;

    public int FailedAttemptWindowSeconds { get; set; } = 10;

    public TimeSpan FailedAttemptWindow => TimeSpan.FromSeconds(FailedAttemptWindowSeconds);
}

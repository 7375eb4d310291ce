namespace Ticketing.Application.Webhooks;

/// <summary>The outcome of checking a webhook's Standard Webhooks headers against its raw body.</summary>
public enum WebhookVerification
{
    Valid = 0,

    /// <summary><c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> is absent or empty.</summary>
    MissingHeaders = 1,

    /// <summary><c>webhook-timestamp</c> is not Unix seconds.</summary>
    InvalidTimestamp = 2,

    /// <summary>The timestamp is more than five minutes from the clock, either way.</summary>
    StaleTimestamp = 3,

    /// <summary>No <c>v1</c> signature matches any valid key.</summary>
    InvalidSignature = 4,
}

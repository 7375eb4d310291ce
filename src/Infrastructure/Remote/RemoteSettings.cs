using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// What the client needs of the <c>ticketing_system_config</c> row. The secrets stay protected here;
/// they are unprotected only on their way into a request or a signature check.
/// </summary>
public sealed class RemoteSettings
{
    private RemoteSettings(Uri? baseUrl, string? protectedApiKey, string? protectedWebhookSecret, string? problem, TimeSpan? requestTimeout = null)
    {
        RequestTimeout = requestTimeout;
        BaseUrl = baseUrl;
        ProtectedApiKey = protectedApiKey;
        ProtectedWebhookSecret = protectedWebhookSecret;
        Problem = problem;
    }

    public const string NotConfiguredMessage =
        "The Championship IT integration is not configured: set its API base URL and API key on the admin page.";

    /// <summary>The base URL, with a trailing slash; null when the stored one is unusable.</summary>
    public Uri? BaseUrl { get; }

    public string? ProtectedApiKey { get; }

    /// <summary>The admin's limit for one call, retries included; null when none is stored.</summary>
    public TimeSpan? RequestTimeout { get; }

    public string? ProtectedWebhookSecret { get; }

    /// <summary>Why the client cannot call the remote with these settings; null when it can.</summary>
    public string? Problem { get; }

    public static RemoteSettings NotConfigured { get; } = new(null, null, null, NotConfiguredMessage);

    public static RemoteSettings From(TicketingSystemConfig? config)
    {
        if (config is null)
        {
            return NotConfigured;
        }

        var apiKey = string.IsNullOrEmpty(config.ApiKeyEncrypted) ? null : config.ApiKeyEncrypted;
        var webhookSecret = string.IsNullOrEmpty(config.WebhookSecret) ? null : config.WebhookSecret;
        if (!RemoteBaseUrl.TryParse(config.ApiBaseUrl, out var baseUrl, out var error))
        {
            return new RemoteSettings(null, apiKey, webhookSecret, $"The stored API base URL is not usable. {error}");
        }

        string? problem = null;
        if (!config.IsActive)
        {
            problem = "The Championship IT integration is switched off (inactive) on the admin page.";
        }
        else if (apiKey is null)
        {
            problem = "No API key is set for Championship IT: set one on the admin page.";
        }

        TimeSpan? requestTimeout = config.RequestTimeoutSeconds > 0 ? TimeSpan.FromSeconds(config.RequestTimeoutSeconds) : null;
        return new RemoteSettings(baseUrl, apiKey, webhookSecret, problem, requestTimeout);
    }

    /// <summary>Never shows the protected values: they are not secret alone, but nothing of a secret goes to a log.</summary>
    public override string ToString() =>
        $"BaseUrl = {BaseUrl?.ToString() ?? "(not set)"}, ApiKey = {RemoteClientOptions.Redacted(ProtectedApiKey)}, " +
        $"WebhookSecret = {RemoteClientOptions.Redacted(ProtectedWebhookSecret)}, Problem = {Problem ?? "none"}";
}

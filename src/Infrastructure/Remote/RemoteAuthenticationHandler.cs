using System.Net.Http.Headers;
using Ticketing.Application.Remote;
using Ticketing.Infrastructure.Integration;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Puts <c>Authorization: Bearer &lt;api key&gt;</c> on each request to Championship IT. This is the only
/// place the API key is unprotected, and only for the request on its way out; it sits outside the
/// retries, so one unprotect serves every attempt.
/// </summary>
internal sealed class RemoteAuthenticationHandler(RemoteSettingsProvider settings, IntegrationSecretProtector protector)
    : DelegatingHandler
{
    /// <summary>The settings the client built the request from, so both use the same row.</summary>
    public static readonly HttpRequestOptionsKey<RemoteSettings> SettingsKey = new("Ticketing.Remote.Settings");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(SettingsKey, out var current))
        {
            current = await settings.GetAsync(cancellationToken);
        }

        if (current.ProtectedApiKey is not { } protectedKey)
        {
            throw new RemoteUnavailableException(RemoteUnavailableReason.NotConfigured, current.Problem ?? RemoteSettings.NotConfiguredMessage);
        }

        var apiKey = protector.TryUnprotect(protectedKey)
            ?? throw new RemoteUnavailableException(
                RemoteUnavailableReason.NotConfigured,
                "The stored API key cannot be decrypted (were the Data Protection keys replaced?): set it again on the admin page.");

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await base.SendAsync(request, cancellationToken);
    }
}

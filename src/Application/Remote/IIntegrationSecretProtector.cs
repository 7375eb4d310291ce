namespace Ticketing.Application.Remote;

/// <summary>Protects a secret (API key, webhook secret) for storage in <c>ticketing_system_config</c>.</summary>
public interface IIntegrationSecretProtector
{
    string Protect(string secret);
}

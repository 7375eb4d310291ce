namespace Ticketing.Application.Remote;

/// <summary>
/// The integration settings are read from the database and cached briefly; whoever changes them
/// (the admin page) calls <see cref="Invalidate"/> so the next remote call uses the new ones.
/// </summary>
public interface IIntegrationSettingsCache
{
    void Invalidate();
}

namespace Ticketing.Application.Common.Interfaces;

/// <summary>
/// Marks a request that background work (the system actor of <see cref="Security.SystemScopes"/>) may
/// send. Alone it is for background work only (no signed-in user, not even an admin, may send it);
/// together with <see cref="IAdminRequest"/> an admin may send it too.
/// </summary>
public interface ISystemRequest;

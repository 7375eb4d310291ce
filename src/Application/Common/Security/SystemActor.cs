namespace Ticketing.Application.Common.Security;

/// <summary>
/// Whether the requests of the current scope are sent by the system: background work (a Hangfire job,
/// the webhook loop, a manual sync running on after its request, a command-line verb) that has no
/// signed-in user. Only <see cref="SystemScopes.CreateSystemScope(Microsoft.Extensions.DependencyInjection.IServiceScopeFactory)"/>
/// sets it, on a scope it has just created: a request's scope never becomes the system, and a scope
/// nobody marked is never the system (no user does not mean "allowed").
/// </summary>
public sealed class SystemActor
{
    public bool IsSystem { get; private set; }

    internal void Assume() => IsSystem = true;
}

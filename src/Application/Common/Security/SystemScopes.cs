using Microsoft.Extensions.DependencyInjection;

namespace Ticketing.Application.Common.Security;

/// <summary>The one way to act as the system: a new scope, marked before anything is resolved from it.</summary>
public static class SystemScopes
{
    /// <summary>
    /// A scope whose requests are sent by the system actor. For the code that starts background work
    /// only: jobs, background loops and command-line verbs, never a request handler.
    /// </summary>
    public static AsyncServiceScope CreateSystemScope(this IServiceScopeFactory scopes)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SystemActor>().Assume();
        return scope;
    }

    /// <inheritdoc cref="CreateSystemScope(IServiceScopeFactory)"/>
    public static AsyncServiceScope CreateSystemScope(this IServiceProvider services) =>
        services.GetRequiredService<IServiceScopeFactory>().CreateSystemScope();
}

using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Security;

namespace Ticketing.Infrastructure.Jobs;

/// <summary>
/// Gives every Hangfire job a DI scope of its own that acts as the system: a job has no signed-in
/// user, and what it sends passes the authorization behaviour only where a request allows background
/// work. Replaces Hangfire's ASP.NET Core activator, which makes a plain scope.
/// </summary>
internal sealed class SystemJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new SystemJobScope(scopes.CreateSystemScope());

    private sealed class SystemJobScope(AsyncServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        // Hangfire disposes on its own worker thread and waits for it; the scope holds async-only
        // disposables (the DbContext), so it is disposed asynchronously.
        public override void DisposeScope() => scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

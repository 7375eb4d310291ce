using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Jobs;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>The scope a Hangfire job runs in: this app's, and the system's.</summary>
public sealed class HangfireJobScopeTests
{
    [Fact]
    public async Task A_job_runs_in_a_system_scope_of_its_own_app_even_after_another_app_configured_hangfire_and_went_away()
    {
        // Composed only (no job server): nothing but their Hangfire configuration matters here.
        await using var first = await TestApp.StartAsync(new()
        {
            Purpose = "hangfire_scope",
            Hosting = AppHosting.Composed,
            Simulator = null,
            SeedUsers = false,
            RunStartupTasks = false,
        });
        first.Services.GetRequiredService<IGlobalConfiguration>();

        // The second app configures Hangfire last, so the process-wide activator is its own; then it goes away.
        await using (var second = await first.StartAnotherAsync())
        {
            second.Services.GetRequiredService<IGlobalConfiguration>();
        }

        // What the first app's job server is given (it prefers the service to the process-wide one).
        var activator = first.Services.GetRequiredService<JobActivator>();
        var scope = activator.BeginScope((JobActivatorContext)null!);
        try
        {
            var user = (ICurrentUser)scope.Resolve(typeof(ICurrentUser));
            user.IsSystem.ShouldBeTrue();
            user.IsAdmin.ShouldBeFalse();
            user.UserId.ShouldBeNull();
            scope.Resolve(typeof(SyncJobs)).ShouldBeOfType<SyncJobs>();
        }
        finally
        {
            scope.DisposeScope();
        }
    }
}

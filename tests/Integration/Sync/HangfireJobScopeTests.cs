using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Jobs;
using Ticketing.Web;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>The scope a Hangfire job runs in: this app's, and the system's.</summary>
public sealed class HangfireJobScopeTests
{
    [Fact]
    public async Task A_job_runs_in_a_system_scope_of_its_own_app_even_after_another_app_configured_hangfire_and_went_away()
    {
        await using var database = await TestDatabase.CreateAsync("hangfire_scope", TestContext.Current.CancellationToken);
        string[] args =
        [
            "--environment=Testing",
            $"--ConnectionStrings:Ticketing={database.ConnectionString}",
            "--Ticketing:Jobs:RunServer=false",
        ];
        await using var first = TicketingWebApp.Build(args, runStartupTasks: false);
        first.Services.GetRequiredService<IGlobalConfiguration>();

        // The second app configures Hangfire last, so the process-wide activator is its own; then it goes away.
        var second = TicketingWebApp.Build(args, runStartupTasks: false);
        second.Services.GetRequiredService<IGlobalConfiguration>();
        await second.DisposeAsync();

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

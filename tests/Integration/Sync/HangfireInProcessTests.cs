using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// Hangfire logs through one process-wide provider that every app built in the process replaces. The
/// integration tests start many apps in one process; one being disposed must not break the others.
/// </summary>
public sealed class HangfireInProcessTests
{
    [Fact]
    public async Task An_app_keeps_scheduling_jobs_after_another_app_in_the_same_process_is_disposed()
    {
        await using var first = await TestApp.StartAsync(new()
        {
            Purpose = "hangfire_apps",
            Hosting = AppHosting.Composed,
            Simulator = null,
            RunStartupTasks = false,
        });
        first.Services.GetRequiredService<IGlobalConfiguration>();

        // The second app configures Hangfire last, so the process-wide log provider is its own; then it goes away.
        var second = await first.StartAnotherAsync();
        second.Services.GetRequiredService<IGlobalConfiguration>();
        await second.DisposeAsync();

        // Creating Hangfire's job manager asks the process-wide provider for loggers: with the disposed
        // app's logger factory behind it, that threw ObjectDisposedException.
        var jobs = first.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate("in-process-check", () => Console.WriteLine("never runs"), Cron.Never());
        using var connection = first.Services.GetRequiredService<JobStorage>().GetConnection();
        connection.GetRecurringJobs().ShouldContain(job => job.Id == "in-process-check");
    }
}

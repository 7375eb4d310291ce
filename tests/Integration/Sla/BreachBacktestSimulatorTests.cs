using Shouldly;
using Ticketing.Application.Sla.Commands.RunBreachBacktest;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Sync.Commands.RunSync;
using Ticketing.Domain.Sync;

namespace Ticketing.IntegrationTests.Sla;

/// <summary>
/// The backtest on the simulator's data (20,000 tickets, seed 7, synced into the mirror): the figures
/// docs/sla.md quotes. The simulator's resolution times differ by category and department, so the
/// estimate must warn earlier than the fixed window and be roughly calibrated.
/// </summary>
public sealed class BreachBacktestSimulatorTests
{
    [Fact]
    public async Task On_simulator_data_the_prediction_warns_earlier_than_the_fixed_window_and_its_high_deciles_breach_more()
    {
        await using var app = await TestApp.StartAsync(TestAppOptions.Composed(tickets: 20_000, seed: 7) with { Purpose = "breachbacktest" });
        await app.SendAsync(new RunSyncCommand(SyncType.Manual, Full: true));

        var stored = await app.SendAsync(new RunBreachBacktestCommand(Days: 90));

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, BacktestText.Lines(stored)));
        var report = stored.Report;
        report.TicketsEvaluated.ShouldBeGreaterThan(1_000);
        report.Predictor.Breached.ShouldBeGreaterThan(100);
        report.Predictor.MedianLeadHours!.Value.ShouldBeGreaterThan(report.Naive.MedianLeadHours!.Value);
        report.Predictor.Precision!.Value.ShouldBeGreaterThan(0.5);
        var low = report.Calibration[0];
        var high = report.Calibration[9];
        high.ObservedRate.ShouldBeGreaterThan(low.ObservedRate + 0.5, "the estimate separates tickets that breach from those that do not");
    }
}

using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Commands.ComputeBreachRisk;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Sla.Prediction;

namespace Ticketing.Application.Sla.Commands.RunBreachBacktest;

/// <summary>
/// Replays the last <see cref="Days"/> days of the mirror hour by hour with the breach estimate (rebuilt daily
/// from what was known then) and the naive fixed "at risk" window, and stores the report for the SLA admin page.
/// The load adjustment is left out: the open load of past hours is not reconstructed.
/// </summary>
public sealed record RunBreachBacktestCommand(int Days = 90) : ICommand<StoredBacktest>, ISystemRequest, IAdminRequest;

public sealed class RunBreachBacktestValidator : AbstractValidator<RunBreachBacktestCommand>
{
    public RunBreachBacktestValidator() => RuleFor(c => c.Days).InclusiveBetween(1, 730);
}

public sealed class RunBreachBacktestHandler(IBreachRiskStore store, IOptions<SlaOptions> options, TimeProvider clock)
    : ICommandHandler<RunBreachBacktestCommand, StoredBacktest>
{
    public async ValueTask<StoredBacktest> Handle(RunBreachBacktestCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var from = to.AddDays(-command.Days);
        var lookback = TimeSpan.FromDays(settings.BreachLookbackDays);
        var history = await store.ReadHistoryAsync(from - lookback, to, cancellationToken);
        var report = BreachBacktest.Run(history, new BacktestSettings(
            from,
            to,
            settings.BreachThreshold,
            settings.AtRiskWindow,
            ComputeBreachRiskHandler.ModelSettings(settings) with { LoadExponent = 0 },
            TimeSpan.FromHours(1),
            TimeSpan.FromDays(1),
            lookback));
        var stored = new StoredBacktest(now, command.Days, report);
        await store.SaveBacktestAsync(stored, cancellationToken);
        return stored;
    }
}

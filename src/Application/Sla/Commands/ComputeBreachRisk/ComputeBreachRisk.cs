using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Sla.Prediction;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Sla.Prediction;

namespace Ticketing.Application.Sla.Commands.ComputeBreachRisk;

/// <summary>
/// Rebuilds the resolution-time statistics from the mirror, estimates every active ticket's probability of
/// breaching its resolution target, stores it (<c>ticket_breach_risk</c>) and notifies once per crossing of
/// the threshold. The breach-risk job sends it; returns what it did.
/// </summary>
public sealed record ComputeBreachRiskCommand : ICommand<BreachRiskOutcome>, ISystemRequest, IAdminRequest;

public sealed class ComputeBreachRiskHandler(IBreachRiskStore store, ILiveUpdates live, IOptions<SlaOptions> options, TimeProvider clock)
    : ICommandHandler<ComputeBreachRiskCommand, BreachRiskOutcome>
{
    public async ValueTask<BreachRiskOutcome> Handle(ComputeBreachRiskCommand command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var samples = await store.ReadSamplesAsync(now.AddDays(-settings.BreachLookbackDays), now, cancellationToken);
        var model = BreachModel.Build(samples, ModelSettings(settings));
        var candidates = await store.ReadCandidatesAsync(now, cancellationToken);
        var rows = Estimate(model, candidates, now);
        var outcome = await store.WriteAsync(rows, settings.BreachThreshold, now, cancellationToken);
        if (outcome.NotifiedUsers.Count > 0)
        {
            await live.NotificationsChangedAsync([.. outcome.NotifiedUsers.Distinct()], cancellationToken);
        }

        return outcome;
    }

    public static BreachModelSettings ModelSettings(SlaOptions options) =>
        new(options.BreachMinSamples, options.BreachMinAtRisk, options.BreachLoadExponent);

    /// <summary>Each candidate's estimate; the mean open load is over the assignees of the candidates.</summary>
    public static IReadOnlyList<BreachRiskRow> Estimate(BreachModel model, IReadOnlyList<BreachRiskCandidate> candidates, DateTimeOffset now)
    {
        var loads = candidates.Where(c => c.AssigneeId is not null).GroupBy(c => c.AssigneeId).Select(g => g.First().AssigneeOpenLoad).ToList();
        var meanLoad = loads.Count == 0 ? 0 : loads.Average();
        var rows = new List<BreachRiskRow>(candidates.Count);
        foreach (var c in candidates)
        {
            var factor = c.AssigneeId is null ? 1.0 : BreachModel.LoadFactor(c.AssigneeOpenLoad, meanLoad, model.Settings.LoadExponent);
            var prediction = model.Predict(c.Stratum, (now - c.CreatedAt).TotalHours, (c.DueAt - c.CreatedAt).TotalHours, factor);
            if (prediction is not null)
            {
                rows.Add(new BreachRiskRow(c.TicketId, prediction));
            }
        }

        return rows;
    }
}

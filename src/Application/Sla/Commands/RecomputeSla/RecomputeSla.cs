using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Sla;

namespace Ticketing.Application.Sla.Commands.RecomputeSla;

/// <summary>
/// Brings <c>ticket_sla</c> up to date, batch by batch, for at most <see cref="MaxBatches"/> batches:
/// changed tickets, tickets whose state changes with time, and a full run after a policy or calendar
/// change. The background loop sends it; returns how many tickets it evaluated.
/// </summary>
public sealed record RecomputeSlaCommand(int MaxBatches = 50) : ICommand<int>, ISystemRequest, IAdminRequest;

public sealed class RecomputeSlaHandler(ISlaRepository sla, ISlaRecomputeStore store, ICacheInvalidator cache, IOptions<SlaOptions> options, TimeProvider clock)
    : ICommandHandler<RecomputeSlaCommand, int>
{
    public async ValueTask<int> Handle(RecomputeSlaCommand command, CancellationToken cancellationToken)
    {
        var policies = await sla.ListPoliciesAsync(cancellationToken);
        var calendars = (await sla.ListCalendarsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.ToBusinessCalendar());
        var left = command.MaxBatches;

        // Each lane takes batches until there is no work left for it or the command's batches are used up; the store's
        // claims keep lanes (and instances) apart, so the lanes share one budget and nothing else.
        async Task<int> LaneAsync()
        {
            var processed = 0;
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var count = await store.ProcessBatchAsync(
                    options.Value.RecomputeBatchSize, options.Value.RecomputeRunBatchSize,
                    tickets => Evaluate(tickets, policies, calendars, clock.GetUtcNow()), cancellationToken);
                processed += count;
                if (count == 0)
                {
                    break;
                }

                // The batch has committed: the figures read from ticket_sla (the KPI strip's compliance) are current now.
                await cache.InvalidateAsync(CacheTag.Sla);
            }

            return processed;
        }

        var lanes = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.RecomputeWorkers)).Select(_ => LaneAsync()));
        return lanes.Sum();
    }

    /// <summary>Every ticket's policy and evaluation; deleted tickets and tickets no policy covers get none.</summary>
    public static IReadOnlyList<TicketSlaRow> Evaluate(
        IReadOnlyList<SlaTicketInput> tickets, IReadOnlyList<SlaPolicy> policies, IReadOnlyDictionary<Guid, BusinessCalendar> calendars, DateTimeOffset now)
    {
        var ordered = SlaPolicy.InOrder(policies);
        var rows = new TicketSlaRow[tickets.Count];
        for (var i = 0; i < tickets.Count; i++)
        {
            var ticket = tickets[i];
            var policy = ticket.Deleted ? null : SlaPolicy.SelectInOrder(ordered, ticket.Priority, ticket.Category, ticket.Department, ticket.Tags);
            if (policy is null)
            {
                rows[i] = new TicketSlaRow(ticket.TicketId, null, null, now);
                continue;
            }

            var calendar = policy.CalendarId is { } id ? calendars.GetValueOrDefault(id) : null;
            rows[i] = new TicketSlaRow(ticket.TicketId, policy.Id, SlaEvaluation.Evaluate(policy, calendar, ticket.Facts, now), now);
        }

        return rows;
    }
}

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
        var left = command.MaxBatches;
        var processed = 0;
        while (true)
        {
            // The version first, then the rules: a batch written with these rules is refused when a change committed
            // after this point (a policy saved while a round was under way would otherwise be evaluated with the rules
            // read before it, and its own full run taken by this round, so its tickets never got the new policy).
            var version = await store.GetRulesVersionAsync(cancellationToken);
            var policies = await sla.ListPoliciesAsync(cancellationToken);
            var calendars = (await sla.ListCalendarsAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.ToBusinessCalendar());
            var rulesChanged = 0;

            // Each lane takes batches until there is no work left for it or the command's batches are used up; the store's
            // claims keep lanes (and instances) apart, so the lanes share one budget and nothing else.
            async Task<int> LaneAsync()
            {
                var done = 0;
                while (Volatile.Read(ref rulesChanged) == 0 && Interlocked.Decrement(ref left) >= 0)
                {
                    var count = await store.ProcessBatchAsync(
                        options.Value.RecomputeBatchSize, options.Value.RecomputeRunBatchSize, version,
                        tickets => Evaluate(tickets, policies, calendars, clock.GetUtcNow()), cancellationToken);
                    if (count is not { } n)
                    {
                        Interlocked.Exchange(ref rulesChanged, 1);
                        Interlocked.Increment(ref left);
                        break;
                    }

                    done += n;
                    if (n == 0)
                    {
                        break;
                    }

                    // The batch has committed: the figures read from ticket_sla (the KPI strip's compliance) are current now.
                    await cache.InvalidateAsync(CacheTag.Sla);
                }

                return done;
            }

            var lanes = await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.RecomputeWorkers)).Select(_ => LaneAsync()));
            processed += lanes.Sum();
            if (rulesChanged == 0 || Volatile.Read(ref left) <= 0)
            {
                return processed;
            }
        }
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

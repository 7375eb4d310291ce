using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Sla;

namespace Ticketing.Application.Sla.Queries.GetEscalations;

/// <summary>A policy's escalation rules, its recent firings and what the rule form offers (admins only).</summary>
public sealed record GetEscalationsQuery(Guid PolicyId) : IQuery<EscalationsPage>, IAdminRequest;

public sealed record EscalationRuleRow(EscalationRule Rule, string Description);

public sealed record EscalationsPage(
    SlaPolicy Policy,
    IReadOnlyList<EscalationRuleRow> Rules,
    IReadOnlyList<EscalationFiringView> Firings,
    IReadOnlyList<ChatChannel> Channels,
    IReadOnlyList<AssigneeOption> Agents);

public sealed class GetEscalationsHandler(ISlaRepository sla, IEscalationStore store, IChatChannelStore channels, ITicketListReader lists)
    : IQueryHandler<GetEscalationsQuery, EscalationsPage>
{
    public const int RecentFirings = 50;

    public async ValueTask<EscalationsPage> Handle(GetEscalationsQuery query, CancellationToken cancellationToken)
    {
        var policy = await sla.FindPolicyAsync(query.PolicyId, cancellationToken) ?? throw new NotFoundException("SLA policy", query.PolicyId);
        var chatChannels = await channels.ListAsync(cancellationToken);
        var names = chatChannels.ToDictionary(c => c.Id, c => c.Name);
        var rules = await store.ListRulesAsync(policy.Id, cancellationToken);
        return new EscalationsPage(
            policy,
            [.. rules.Select(r => new EscalationRuleRow(r, EscalationText.Describe(r, r.ChannelId is { } id ? names.GetValueOrDefault(id) : null)))],
            await store.RecentFiringsAsync(policy.Id, RecentFirings, cancellationToken),
            chatChannels,
            (await lists.GetLookupsAsync(cancellationToken)).Assignees);
    }
}

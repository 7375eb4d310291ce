using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;

namespace Ticketing.Application.Tickets.Queries.GetTickets;

/// <summary>The IT Support list: filters, search, sort and one page, from the local cache.</summary>
public sealed record GetTicketsQuery(TicketFilter Filter, TicketSort Sort, PageRequest Page) : IQuery<TicketPage>;

public sealed class GetTicketsValidator : AbstractValidator<GetTicketsQuery>
{
    public GetTicketsValidator()
    {
        RuleFor(q => q.Page.Page).GreaterThanOrEqualTo(1).WithMessage("The page number starts at 1.");
        RuleFor(q => q.Page.Size).Must(size => PageRequest.Sizes.Contains(size)).WithMessage("Show 25, 50 or 100 tickets per page.");
        RuleFor(q => q.Filter.Search).MaximumLength(TicketFilter.MaxSearchLength)
            .WithMessage($"Search for at most {TicketFilter.MaxSearchLength} characters.");
        RuleForEach(q => q.Filter.Assignee.Ids).NotEmpty().WithMessage("Choose an assignee.");
        RuleFor(q => q.Filter).Must(f => new[] { f.Categories.Count, f.Departments.Count, f.Assignee.Ids.Count }.Max() <= TicketFilter.MaxValues)
            .WithMessage($"Choose at most {TicketFilter.MaxValues} values per filter.");
    }
}

public sealed class GetTicketsHandler(ITicketListReader reader, ICurrentUser user, IOptions<SlaOptions> sla, TimeProvider clock, PhiGuard guard, IAuditLog audit)
    : IQueryHandler<GetTicketsQuery, TicketPage>
{
    public async ValueTask<TicketPage> Handle(GetTicketsQuery query, CancellationToken cancellationToken)
    {
        var filter = TicketFilters.ResolveForUser(query.Filter, user);
        if (filter is null)
        {
            return new TicketPage([], query.Page.Page, query.Page.Size, 0, TotalIsCapped: false);
        }

        var page = await reader.QueryAsync(filter, query.Sort, query.Page, clock.GetUtcNow(), sla.Value.AtRiskWindow, cancellationToken);
        if (page.Items.Any(i => i.IsPhi))
        {
            // One entry per page read, naming the PHI tickets on it: no round trip per row.
            await audit.WriteTicketAccessAsync(
                new TicketAccess(filter.Search is null ? PhiAuditActions.List : PhiAuditActions.Search, [.. page.Items.Where(i => i.IsPhi).Select(i => i.TicketNumber)], PhiAuditActions.Reference(filter, query.Sort, query.Page)),
                cancellationToken);
        }

        return page with { Items = guard.Mask(page.Items) };
    }
}

/// <summary>Filter rules shared by the list and its export.</summary>
public static class TicketFilters
{
    /// <summary>
    /// Turns "assigned to me" into the user's remote assignee id and drops search text too short to
    /// use; null when the filter cannot match anything (a user without a remote id asking only for "me").
    /// </summary>
    public static TicketFilter? ResolveForUser(TicketFilter filter, ICurrentUser user)
    {
        var search = filter.Search?.Trim();
        filter = filter with
        {
            Search = search is { Length: >= TicketFilter.MinSearchLength } ? search : null,
            HidePhiText = !user.IsSystem && !user.HasPhiAccess,
        };
        if (!filter.Assignee.Me)
        {
            return filter;
        }

        var others = filter.Assignee with { Me = false };
        if (string.IsNullOrEmpty(user.RemoteAssigneeId))
        {
            return others.IsAny ? null : filter with { Assignee = others };
        }

        return filter with
        {
            Assignee = others with { Ids = [.. others.Ids.Append(user.RemoteAssigneeId).Distinct(StringComparer.Ordinal)] },
        };
    }
}

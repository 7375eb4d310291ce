using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Templates.Queries.GetTicketTemplate;

/// <summary>One ticket template: to fill the create form from, or to edit.</summary>
public sealed record GetTicketTemplateQuery(Guid Id) : IQuery<TicketTemplateView>;

public sealed class GetTicketTemplateHandler(ITicketTemplateRepository templates) : IQueryHandler<GetTicketTemplateQuery, TicketTemplateView>
{
    public async ValueTask<TicketTemplateView> Handle(GetTicketTemplateQuery query, CancellationToken cancellationToken) =>
        await templates.FindAsync(query.Id, cancellationToken) is { } template
            ? TicketTemplateView.Of(template)
            : throw new NotFoundException("template", query.Id);
}

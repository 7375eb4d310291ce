using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Templates.Queries.GetTicketTemplates;

/// <summary>Every ticket template, by name: for the create form's picker and the admin page.</summary>
public sealed record GetTicketTemplatesQuery : IQuery<IReadOnlyList<TicketTemplateView>>;

public sealed class GetTicketTemplatesHandler(ITicketTemplateRepository templates)
    : IQueryHandler<GetTicketTemplatesQuery, IReadOnlyList<TicketTemplateView>>
{
    public async ValueTask<IReadOnlyList<TicketTemplateView>> Handle(GetTicketTemplatesQuery query, CancellationToken cancellationToken) =>
        [.. (await templates.ListAsync(cancellationToken)).Select(TicketTemplateView.Of)];
}

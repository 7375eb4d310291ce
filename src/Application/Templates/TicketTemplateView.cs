using Ticketing.Domain.Templates;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Templates;

/// <summary>A ticket template as the admin page and the create form read it.</summary>
public sealed record TicketTemplateView(
    Guid Id,
    string Name,
    string? TitlePattern,
    string? DescriptionSkeleton,
    string? Category,
    TicketPriority? Priority,
    IReadOnlyList<string> Tags,
    string CustomFieldsJson,
    DateTimeOffset UpdatedAt)
{
    public static TicketTemplateView Of(TicketTemplate template) => new(
        template.Id,
        template.Name,
        template.TitlePattern,
        template.DescriptionSkeleton,
        template.Category,
        template.Priority,
        template.Tags,
        template.CustomFieldsJson,
        template.UpdatedAt);
}

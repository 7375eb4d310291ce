using System.Text;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Domain.Common;
using Ticketing.Domain.Templates;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Templates.Commands.SaveTicketTemplate;

/// <summary>
/// Creates a ticket template (<see cref="Id"/> null) or changes one (admins only). Every field but the
/// name is optional; the limits are the create form's, so whatever a template fills in can be filed.
/// <see cref="Tags"/> is comma-separated text; <see cref="CustomFields"/> the text of a JSON object.
/// Returns the template's id.
/// </summary>
public sealed record SaveTicketTemplateCommand : ICommand<Guid>, IAdminRequest
{
    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public string? TitlePattern { get; init; }

    public string? DescriptionSkeleton { get; init; }

    public string? Category { get; init; }

    public TicketPriority? Priority { get; init; }

    public string? Tags { get; init; }

    public string? CustomFields { get; init; }

    /// <summary>The form's values for an existing template.</summary>
    public static SaveTicketTemplateCommand For(TicketTemplateView template) => new()
    {
        Id = template.Id,
        Name = template.Name,
        TitlePattern = template.TitlePattern,
        DescriptionSkeleton = template.DescriptionSkeleton,
        Category = template.Category,
        Priority = template.Priority,
        Tags = string.Join(", ", template.Tags),
        CustomFields = CustomFieldsInput.ForForm(template.CustomFieldsJson),
    };
}

public sealed class SaveTicketTemplateValidator : AbstractValidator<SaveTicketTemplateCommand>
{
    public SaveTicketTemplateValidator(ITicketTemplateRepository templates)
    {
        RuleFor(c => c.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.")
            .Must(n => n is null || n.Trim().Length <= TicketTemplate.MaxNameLength).WithMessage($"The name can be at most {TicketTemplate.MaxNameLength} characters.")
            .MustAsync(async (command, name, ct) => string.IsNullOrWhiteSpace(name) || !await templates.NameTakenAsync(name.Trim(), command.Id, ct))
            .WithMessage("Another template already has this name.");
        RuleFor(c => c.TitlePattern)
            .Must(t => t is null || t.Trim().Length <= TicketTemplate.MaxTitlePatternLength)
            .WithMessage($"The title can be at most {TicketTemplate.MaxTitlePatternLength} characters.");
        RuleFor(c => c.DescriptionSkeleton)
            .Must(d => d is null || Encoding.UTF8.GetByteCount(d) <= CreateTicketValidator.MaxDescriptionBytes)
            .WithMessage("The description can be at most 64 KiB (about 65,000 characters of plain text).");
        RuleFor(c => c.Category).MaximumLength(TicketEditableFields.MaxTextLength)
            .WithMessage($"The category can be at most {TicketEditableFields.MaxTextLength} characters.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose a priority from the list.");
        RuleFor(c => c.Tags)
            .Must(t => CreateTicketCommand.ParseTags(t).Count <= CreateTicketValidator.MaxTags).WithMessage($"Enter at most {CreateTicketValidator.MaxTags} tags.")
            .Must(t => CreateTicketCommand.ParseTags(t).All(tag => tag.Length <= CreateTicketValidator.MaxTagLength))
            .WithMessage($"Each tag can be at most {CreateTicketValidator.MaxTagLength} characters.");
        RuleFor(c => c.CustomFields)
            .Must(f => CustomFieldsInput.Problem(f) is null)
            .WithMessage((_, f) => CustomFieldsInput.Problem(f) ?? string.Empty);
    }
}

public sealed class SaveTicketTemplateHandler(ITicketTemplateRepository templates, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SaveTicketTemplateCommand, Guid>
{
    public const string CreatedAction = "template.create";
    public const string UpdatedAction = "template.update";

    public async ValueTask<Guid> Handle(SaveTicketTemplateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var template = command.Id is { } id
            ? await templates.FindAsync(id, cancellationToken) ?? throw new NotFoundException("template", id)
            : new TicketTemplate { Id = Guid.CreateVersion7(), Name = "", CreatedAt = now };

        template.Name = command.Name!.Trim();
        template.TitlePattern = Text(command.TitlePattern);
        template.DescriptionSkeleton = string.IsNullOrWhiteSpace(command.DescriptionSkeleton) ? null : command.DescriptionSkeleton;
        template.Category = Text(command.Category);
        template.Priority = command.Priority;
        template.Tags = [.. CreateTicketCommand.ParseTags(command.Tags)];
        template.CustomFieldsJson = CustomFieldsInput.Normalize(command.CustomFields) ?? "{}";
        template.UpdatedAt = now;

        if (command.Id is null)
        {
            await templates.AddAsync(template, cancellationToken);
        }
        else if (!await templates.UpdateAsync(template, cancellationToken))
        {
            throw new NotFoundException("template", template.Id);
        }

        await audit.WriteAsync(
            command.Id is null ? CreatedAction : UpdatedAction,
            "template",
            template.Id.ToString(),
            new
            {
                name = template.Name,
                title = template.TitlePattern,
                category = template.Category,
                priority = template.Priority is { } p ? WireName<TicketPriority>.Of(p) : null,
                tags = template.Tags,
            },
            cancellationToken);
        return template.Id;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

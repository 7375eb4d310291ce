using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Commands.AutoApplyTriage;

/// <summary>
/// Before a new ticket is filed: for each target an admin enabled auto-apply for, and whose field the person
/// left empty, the assistant fills in its top suggestion when its confidence reaches the admin's threshold.
/// The filled draft is then filed like any other (so the value reaches Championship IT), and
/// <see cref="AuditAutoAppliedTriageCommand"/> records what the assistant did, once the ticket exists.
/// </summary>
public sealed record AutoApplyTriageCommand(CreateTicketCommand Draft) : ICommand<AutoAppliedTriage>;

/// <summary>The draft as it is to be filed, and what the assistant filled into it.</summary>
public sealed record AutoAppliedTriage(CreateTicketCommand Draft, IReadOnlyList<AutoAppliedValue> Applied);

public sealed record AutoAppliedValue(TriageTarget Target, string Value, double Confidence, double Threshold, long ModelVersion);

public sealed class AutoApplyTriageHandler(ITriageModelStore store, ITriagePredictor predictor) : ICommandHandler<AutoApplyTriageCommand, AutoAppliedTriage>
{
    public async ValueTask<AutoAppliedTriage> Handle(AutoApplyTriageCommand command, CancellationToken cancellationToken)
    {
        var draft = command.Draft;
        var settings = await store.GetSettingsAsync(cancellationToken);
        var open = Enum.GetValues<TriageTarget>()
            .Where(t => settings.AutoApplyThreshold(t) is not null && IsEmpty(draft, t))
            .ToList();
        if (open.Count == 0)
        {
            return new AutoAppliedTriage(draft, []);
        }

        var suggestions = await predictor.SuggestAsync(new TriageInput(draft.Title, draft.Description, draft.Department), 1, cancellationToken);
        var applied = new List<AutoAppliedValue>();
        foreach (var target in open)
        {
            var threshold = settings.AutoApplyThreshold(target)!.Value;
            if (suggestions.For(target) is not { Suggestions: [var top, ..] } forTarget || top.Confidence < threshold)
            {
                continue;
            }

            if (Fill(draft, target, top.Value) is { } filled)
            {
                draft = filled;
                applied.Add(new AutoAppliedValue(target, top.Value, top.Confidence, threshold, forTarget.ModelVersion));
            }
        }

        return new AutoAppliedTriage(draft, applied);
    }

    private static bool IsEmpty(CreateTicketCommand draft, TriageTarget target) => target switch
    {
        TriageTarget.Category => string.IsNullOrWhiteSpace(draft.Category),
        TriageTarget.Department => string.IsNullOrWhiteSpace(draft.Department),
        _ => draft.Priority is null,
    };

    private static CreateTicketCommand? Fill(CreateTicketCommand draft, TriageTarget target, string value) => target switch
    {
        TriageTarget.Category => draft with { Category = value },
        TriageTarget.Department => draft with { Department = value },
        _ => WireName<TicketPriority>.TryParse(value, out var priority) ? draft with { Priority = priority } : null,
    };
}

/// <summary>Records, for a ticket just filed, each value the assistant filled in (audited as done by the assistant).</summary>
public sealed record AuditAutoAppliedTriageCommand(Guid? TicketId, string? TicketNumber, IReadOnlyList<AutoAppliedValue> Applied) : ICommand;

public sealed class AuditAutoAppliedTriageHandler(IAuditLog audit) : ICommandHandler<AuditAutoAppliedTriageCommand>
{
    public const string AuditAction = "triage.auto_apply";
    public const string Actor = "triage assistant";

    public async ValueTask<Unit> Handle(AuditAutoAppliedTriageCommand command, CancellationToken cancellationToken)
    {
        foreach (var value in command.Applied)
        {
            await audit.WriteAsync(
                AuditAction,
                "ticket",
                command.TicketNumber ?? command.TicketId?.ToString(),
                new
                {
                    done_by = Actor,
                    field = WireName<TriageTarget>.Of(value.Target),
                    value = value.Value,
                    confidence = Math.Round(value.Confidence, 4),
                    threshold = value.Threshold,
                    model_version = value.ModelVersion,
                },
                cancellationToken);
        }

        return Unit.Value;
    }
}

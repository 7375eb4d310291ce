using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;

namespace Ticketing.Application.Triage.Commands.AutoApplyTriageToArrivals;

/// <summary>
/// Auto-apply for tickets that arrived from Championship IT: claims a batch of the tickets the mirror's trigger
/// marked (new by sync or webhook, a field an admin enabled auto-apply for left empty) and, for each, fills the
/// empty enabled fields whose top suggestion reaches the admin's threshold. The change is saved through the
/// normal edit (<see cref="UpdateTicketCommand"/>: written through to Championship IT, queued in the outbox
/// while it is down, audited) and recorded as done by the assistant. Each ticket is claimed once, so it is
/// auto-applied at most once. A PHI ticket's text is used only when an admin allows it. Returns the number
/// of tickets claimed (0: nothing waiting).
/// </summary>
public sealed record AutoApplyTriageToArrivalsCommand(int BatchSize = AutoApplyTriageToArrivalsCommand.DefaultBatchSize) : ICommand<int>, ISystemRequest
{
    public const int DefaultBatchSize = 50;
}

public sealed class AutoApplyTriageToArrivalsValidator : AbstractValidator<AutoApplyTriageToArrivalsCommand>
{
    public AutoApplyTriageToArrivalsValidator() => RuleFor(c => c.BatchSize).InclusiveBetween(1, 500);
}

public sealed partial class AutoApplyTriageToArrivalsHandler(
    ITriageArrivals arrivals,
    ITriageModelStore store,
    ITriagePredictor predictor,
    ITicketRepository tickets,
    ISender sender,
    ILogger<AutoApplyTriageToArrivalsHandler> logger)
    : ICommandHandler<AutoApplyTriageToArrivalsCommand, int>
{
    public async ValueTask<int> Handle(AutoApplyTriageToArrivalsCommand command, CancellationToken cancellationToken)
    {
        var claimed = await arrivals.ClaimAsync(command.BatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var settings = await store.GetSettingsAsync(cancellationToken);
        foreach (var arrival in claimed)
        {
            if (arrival.IsPhi && !settings.UsePhiTicketsForTraining)
            {
                continue;
            }

            try
            {
                await ApplyAsync(arrival.TicketId, settings, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The claim is spent either way: a ticket the assistant could not fill in is left to people.
                LogNotApplied(logger, arrival.TicketId, ex);
            }
        }

        return claimed.Count;
    }

    private async Task ApplyAsync(Guid ticketId, TriageSettings settings, CancellationToken cancellationToken)
    {
        if (await tickets.FindAsync(ticketId, cancellationToken) is not { DeletedAt: null } ticket)
        {
            return;
        }

        var open = Enum.GetValues<TriageTarget>().Where(t => settings.AutoApplyThreshold(t) is not null && IsEmpty(ticket, t)).ToList();
        if (open.Count == 0)
        {
            return;
        }

        var suggestions = await predictor.SuggestAsync(new TriageInput(ticket.Title, ticket.Description, ticket.Department), 1, cancellationToken);
        var update = UpdateTicketCommand.Everything(ticket);
        var applied = new List<AutoAppliedValue>();
        foreach (var target in open)
        {
            var threshold = settings.AutoApplyThreshold(target)!.Value;
            if (suggestions.For(target) is not { Suggestions: [var top, ..] } forTarget || top.Confidence < threshold)
            {
                continue;
            }

            if (Fill(update, target, top.Value) is { } filled)
            {
                update = filled;
                applied.Add(new AutoAppliedValue(target, top.Value, top.Confidence, threshold, forTarget.ModelVersion));
            }
        }

        if (applied.Count == 0)
        {
            return;
        }

        var result = await sender.Send(update, cancellationToken);
        if (result.Outcome is UpdateTicketOutcome.Conflict or UpdateTicketOutcome.NothingChanged)
        {
            // Someone filled the field at Championship IT meanwhile: their value stands.
            return;
        }

        await sender.Send(new AuditAutoAppliedTriageCommand(ticket.Id, ticket.TicketNumber, applied), cancellationToken);
    }

    private static bool IsEmpty(Ticket ticket, TriageTarget target) => target switch
    {
        TriageTarget.Category => string.IsNullOrWhiteSpace(ticket.Category),
        TriageTarget.Department => string.IsNullOrWhiteSpace(ticket.Department),
        _ => false,
    };

    private static UpdateTicketCommand? Fill(UpdateTicketCommand update, TriageTarget target, string value) => target switch
    {
        TriageTarget.Category => update with { Category = value },
        TriageTarget.Department => update with { Department = value },
        _ => WireName<TicketPriority>.TryParse(value, out var priority) ? update with { Priority = priority } : null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The triage assistant could not auto-apply its suggestions to ticket {TicketId}")]
    private static partial void LogNotApplied(ILogger logger, Guid ticketId, Exception exception);
}

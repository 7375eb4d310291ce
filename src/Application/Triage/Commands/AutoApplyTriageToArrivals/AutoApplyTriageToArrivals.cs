using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Triage.Commands.AutoApplyTriage;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Domain.Triage;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.Application.Triage.Commands.AutoApplyTriageToArrivals;

/// <summary>
/// Auto-apply for tickets that arrived from Championship IT: claims a batch of the tickets the mirror's trigger
/// marked (new by sync or webhook, a field an admin enabled auto-apply for left empty) and, for each, fills the
/// empty enabled fields whose top suggestion reaches the admin's threshold. The change is saved through the
/// normal edit (<see cref="UpdateTicketCommand"/>: written through to Championship IT, audited) and recorded as
/// done by the assistant. A save that fails (Championship IT down or refusing, the database) puts the ticket back
/// for a later attempt after a doubling wait, decided afresh then; after the last attempt the failure is kept
/// with its reason for the admin page. A claim is held by one instance at a time, and a retry after a save that
/// went through finds the field filled (in the mirror, or at the remote), so nothing is written twice. A PHI
/// ticket's text is used only when an admin allows it. Returns the number of tickets claimed (0: nothing due).
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
    IOptions<TriageOptions> options,
    TimeProvider clock,
    ILogger<AutoApplyTriageToArrivalsHandler> logger)
    : ICommandHandler<AutoApplyTriageToArrivalsCommand, int>
{
    /// <summary>The longest a failure's reason is kept.</summary>
    private const int MaxReasonLength = 500;

    /// <summary>The longest wait between two attempts.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    public async ValueTask<int> Handle(AutoApplyTriageToArrivalsCommand command, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var claimed = await arrivals.ClaimAsync(command.BatchSize, clock.GetUtcNow(), TimeSpan.FromSeconds(limits.AutoApplyClaimSeconds), cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var settings = await store.GetSettingsAsync(cancellationToken);
        foreach (var arrival in claimed)
        {
            try
            {
                if (!arrival.IsPhi || settings.UsePhiTicketsForTraining)
                {
                    await ApplyAsync(arrival.TicketId, settings, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync(arrival, ex, limits);
                continue;
            }

            await arrivals.CompleteAsync(arrival, CancellationToken.None);
        }

        return claimed.Count;
    }

    /// <summary>Puts a failed ticket back for a later attempt, or, after the last one, records the failure for an admin.</summary>
    private async Task ReleaseAsync(TriageArrival arrival, Exception failure, TriageOptions limits)
    {
        var reason = Reason(failure);
        var now = clock.GetUtcNow();
        if (arrival.Attempt >= Math.Max(1, limits.AutoApplyMaxAttempts))
        {
            LogGaveUp(logger, arrival.TicketId, arrival.Attempt, failure);
            await arrivals.FailAsync(arrival, reason, now, CancellationToken.None);
            return;
        }

        var delay = RetryDelay(arrival.Attempt, TimeSpan.FromSeconds(Math.Max(0, limits.AutoApplyRetryBaseDelaySeconds)));
        LogRetrying(logger, arrival.TicketId, arrival.Attempt, delay.TotalSeconds, failure);
        await arrivals.RetryAsync(arrival, reason, now + delay, CancellationToken.None);
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: the base, doubling each time, at most an hour.</summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay)
    {
        var delay = baseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    /// <summary>Why a save failed, in words for the admin page: the app's own messages, never a stack trace.</summary>
    internal static string Reason(Exception failure)
    {
        var reason = failure switch
        {
            ValidationException validation when validation.Errors.Count > 0 => string.Join(" ", validation.Errors.Values.SelectMany(m => m).Distinct(StringComparer.Ordinal)),
            RemoteUnavailableException or RemoteRejectedException or RemoteUnauthorizedException or RemoteNotFoundException
                or NotFoundException or ForbiddenAccessException => failure.Message,
            _ => $"An unexpected error ({failure.GetType().Name}); the application log has the details.",
        };
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
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

        // Not queued while Championship IT is down: the ticket comes back here and is decided afresh then.
        var result = await sender.Send(update with { QueueWhenUnreachable = false }, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The triage assistant could not save its suggestions for ticket {TicketId} (attempt {Attempt}); trying again in {DelaySeconds:F0} s")]
    private static partial void LogRetrying(ILogger logger, Guid ticketId, int attempt, double delaySeconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The triage assistant gave up saving its suggestions for ticket {TicketId} after {Attempts} attempts; see the triage admin page")]
    private static partial void LogGaveUp(ILogger logger, Guid ticketId, int attempts, Exception exception);
}

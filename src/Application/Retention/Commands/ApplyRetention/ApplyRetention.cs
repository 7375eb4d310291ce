using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Retention.Commands.ApplyRetention;

/// <summary>Daily: deletes (or, for webhook bodies, empties) what is older than its retention setting.</summary>
public sealed record ApplyRetentionCommand : ICommand<RetentionResult>;

/// <summary>How many records each kind lost in one run.</summary>
public sealed record RetentionResult(long Audit, long History, long Events, long Outbox, long Emails, long WebhookBodies);

/// <summary>A kind of record the retention job removes, by its own age column.</summary>
public enum RetentionKind
{
    History,
    Events,
    Outbox,
    Emails,
    FailedWebhookBodies,
}

/// <summary>Removes records of one kind older than a cut-off, in bounded batches; returns how many.</summary>
public interface IRetentionStore
{
    Task<long> PurgeAsync(RetentionKind kind, DateTimeOffset before, CancellationToken cancellationToken);
}

public sealed class ApplyRetentionHandler(
    IRetentionStore store,
    IAuditRetention audit,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<ApplyRetentionHandler> logger) : ICommandHandler<ApplyRetentionCommand, RetentionResult>
{
    public async ValueTask<RetentionResult> Handle(ApplyRetentionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        DateTimeOffset Before(int days) => now - TimeSpan.FromDays(Math.Max(1, days));

        var result = new RetentionResult(
            Audit: await audit.PruneAsync(Before(o.AuditDays), cancellationToken),
            History: await store.PurgeAsync(RetentionKind.History, Before(o.HistoryDays), cancellationToken),
            Events: await store.PurgeAsync(RetentionKind.Events, Before(o.EventDays), cancellationToken),
            Outbox: await store.PurgeAsync(RetentionKind.Outbox, Before(o.OutboxDays), cancellationToken),
            Emails: await store.PurgeAsync(RetentionKind.Emails, Before(o.EmailDays), cancellationToken),
            WebhookBodies: await store.PurgeAsync(RetentionKind.FailedWebhookBodies, Before(o.FailedWebhookBodyDays), cancellationToken));
        logger.LogInformation(
            "Retention: removed {Audit} audit entries, {History} history rows, {Events} events, {Outbox} outbox rows, {Emails} e-mails; emptied {Bodies} webhook bodies",
            result.Audit, result.History, result.Events, result.Outbox, result.Emails, result.WebhookBodies);
        return result;
    }
}

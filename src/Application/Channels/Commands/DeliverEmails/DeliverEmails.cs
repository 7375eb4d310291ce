using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Commands.DeliverEmails;

/// <summary>Sends the due e-mails of the queue over one SMTP connection. Sent by the channel worker.</summary>
public sealed record DeliverEmailsCommand : ICommand<EmailDeliveryResult>, ISystemRequest;

/// <summary>What one round did; <see cref="Claimed"/> 0 means nothing was due (or mail is off).</summary>
public sealed record EmailDeliveryResult(int Claimed, int Sent, int Retrying, int Failed);

/// <summary>
/// Claims due e-mails (counting the attempt first), sends each, and marks it sent, for a retry with a
/// doubling wait (a transient failure: 4xx, a dropped connection, a timeout), or failed with the reason
/// (5xx, or out of attempts). An e-mail is marked sent only after the server accepted it; a crash in
/// the moment between the two leaves it claimed, and it is sent again when the claim runs out, with the
/// same Message-ID (see docs/decisions/070-notification-channels.md).
/// </summary>
public sealed partial class DeliverEmailsHandler(
    IMailSettingsStore settingsStore,
    IEmailOutbox outbox,
    IEmailSender sender,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<DeliverEmailsHandler> logger) : ICommandHandler<DeliverEmailsCommand, EmailDeliveryResult>
{
    public const int BatchSize = 50;

    public async ValueTask<EmailDeliveryResult> Handle(DeliverEmailsCommand command, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        if (settings is not { SmtpEnabled: true } || string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            return new EmailDeliveryResult(0, 0, 0, 0);
        }

        var now = clock.GetUtcNow();
        var claimed = await outbox.ClaimDueAsync(now, now + options.Value.ClaimDuration, BatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return new EmailDeliveryResult(0, 0, 0, 0);
        }

        int sent = 0, retrying = 0, failed = 0;
        IEmailSession? session = null;
        try
        {
            foreach (var email in claimed)
            {
                try
                {
                    session ??= await sender.ConnectAsync(settings, cancellationToken);
                    await session.SendAsync(email, settings, cancellationToken);
                    await outbox.MarkSentAsync(email.Id, clock.GetUtcNow(), CancellationToken.None);
                    sent++;
                }
                catch (EmailDeliveryException ex)
                {
                    if (await SettleFailureAsync(email, ex))
                    {
                        retrying++;
                    }
                    else
                    {
                        failed++;
                    }

                    if (ex.ConnectionLost && session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        return new EmailDeliveryResult(claimed.Count, sent, retrying, failed);
    }

    /// <summary>Schedules a retry (true) or fails the e-mail for good (false).</summary>
    private async Task<bool> SettleFailureAsync(OutboundEmail email, EmailDeliveryException ex)
    {
        var now = clock.GetUtcNow();
        if (ex.Transient && email.Attempts < options.Value.MaxAttempts)
        {
            var at = now + DeliveryBackoff.After(email.Attempts, options.Value.RetryBaseDelay);
            await outbox.RetryLaterAsync(email.Id, at, ex.Message, CancellationToken.None);
            LogRetry(logger, email.Id, email.Attempts, at, ex.Message);
            return true;
        }

        var reason = ex.Transient ? $"Gave up after {email.Attempts} attempts. Last error: {ex.Message}" : ex.Message;
        await outbox.FailAsync(email.Id, reason, CancellationToken.None);
        LogFailed(logger, email.Id, reason);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {EmailId} will be retried at {At} (attempt {Attempts} failed: {Reason})")]
    private static partial void LogRetry(ILogger logger, long emailId, int attempts, DateTimeOffset at, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {EmailId} failed for good: {Reason}")]
    private static partial void LogFailed(ILogger logger, long emailId, string reason);
}

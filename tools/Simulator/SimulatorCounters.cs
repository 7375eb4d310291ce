namespace Ticketing.Simulator;

/// <summary>What the simulator has seen and done since start or the last reset; lock-free.</summary>
public sealed class SimulatorCounters
{
    private long _creates;
    private long _createRequests;
    private long _idempotentReplays;
    private long _patchRequests;
    private long _requests;
    private long _faultsInjected;
    private long _webhooksSent;
    private long _webhooksDelivered;
    private long _webhooksFailedAttempts;
    private long _webhooksAbandoned;
    private long _commentsCreated;
    private long _attachmentsCreated;
    private long _webhooksDropped;
    private long _webhooksDuplicated;
    private long _webhooksDelayed;

    /// <summary>Tickets actually created by <c>POST /tickets</c> (not replays, not churn).</summary>
    public long Creates => Interlocked.Read(ref _creates);

    public long CreateRequests => Interlocked.Read(ref _createRequests);

    /// <summary>POSTs (tickets, comments, attachments) answered with what an earlier request with the same Idempotency-Key created.</summary>
    public long IdempotentReplays => Interlocked.Read(ref _idempotentReplays);

    /// <summary>Comments created by <c>POST /tickets/{id}/comments</c> (not replays, not churn or admin).</summary>
    public long CommentsCreated => Interlocked.Read(ref _commentsCreated);

    /// <summary>Attachments created by <c>POST /tickets/{id}/attachments</c> (not replays, not churn or admin).</summary>
    public long AttachmentsCreated => Interlocked.Read(ref _attachmentsCreated);

    public long PatchRequests => Interlocked.Read(ref _patchRequests);

    /// <summary>Contract requests received, whatever they were answered (faults and 401s included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered by a fault instead of the API: 5xx, 429, down, or a hang.</summary>
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    /// <summary>Webhook messages queued for delivery (one per change while a target is set).</summary>
    public long WebhooksSent => Interlocked.Read(ref _webhooksSent);

    public long WebhooksDelivered => Interlocked.Read(ref _webhooksDelivered);

    public long WebhooksFailedAttempts => Interlocked.Read(ref _webhooksFailedAttempts);

    /// <summary>Messages given up on after the last retry.</summary>
    public long WebhooksAbandoned => Interlocked.Read(ref _webhooksAbandoned);

    /// <summary>Messages the webhook faults threw away instead of sending.</summary>
    public long WebhooksDropped => Interlocked.Read(ref _webhooksDropped);

    /// <summary>Extra copies sent by the webhook faults (same webhook-id, after the original).</summary>
    public long WebhooksDuplicated => Interlocked.Read(ref _webhooksDuplicated);

    /// <summary>Messages the webhook faults held back so that later ones overtook them.</summary>
    public long WebhooksDelayed => Interlocked.Read(ref _webhooksDelayed);

    public void CountCreate() => Interlocked.Increment(ref _creates);

    public void CountCreateRequest() => Interlocked.Increment(ref _createRequests);

    public void CountIdempotentReplay() => Interlocked.Increment(ref _idempotentReplays);

    public void CountCommentCreated() => Interlocked.Increment(ref _commentsCreated);

    public void CountAttachmentCreated() => Interlocked.Increment(ref _attachmentsCreated);

    public void CountWebhookDropped() => Interlocked.Increment(ref _webhooksDropped);

    public void CountWebhookDuplicated() => Interlocked.Increment(ref _webhooksDuplicated);

    public void CountWebhookDelayed() => Interlocked.Increment(ref _webhooksDelayed);

    public void CountPatchRequest() => Interlocked.Increment(ref _patchRequests);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void CountFault() => Interlocked.Increment(ref _faultsInjected);

    public void CountWebhookSent() => Interlocked.Increment(ref _webhooksSent);

    public void CountWebhookDelivered() => Interlocked.Increment(ref _webhooksDelivered);

    public void CountWebhookFailedAttempt() => Interlocked.Increment(ref _webhooksFailedAttempts);

    public void CountWebhookAbandoned() => Interlocked.Increment(ref _webhooksAbandoned);

    public void Reset()
    {
        Interlocked.Exchange(ref _creates, 0);
        Interlocked.Exchange(ref _createRequests, 0);
        Interlocked.Exchange(ref _idempotentReplays, 0);
        Interlocked.Exchange(ref _patchRequests, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
        Interlocked.Exchange(ref _webhooksSent, 0);
        Interlocked.Exchange(ref _webhooksDelivered, 0);
        Interlocked.Exchange(ref _webhooksFailedAttempts, 0);
        Interlocked.Exchange(ref _webhooksAbandoned, 0);
        Interlocked.Exchange(ref _commentsCreated, 0);
        Interlocked.Exchange(ref _attachmentsCreated, 0);
        Interlocked.Exchange(ref _webhooksDropped, 0);
        Interlocked.Exchange(ref _webhooksDuplicated, 0);
        Interlocked.Exchange(ref _webhooksDelayed, 0);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Application.Sync;

/// <summary>The <c>details</c> JSON of a sync run: what an operator needs to understand it.</summary>
public sealed class SyncDetails
{
    public const int MaxFailedRecords = 200;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Mode { get; set; } = "incremental";
    public DateTimeOffset? Since { get; set; }
    public DateTimeOffset? WatermarkBefore { get; set; }
    public DateTimeOffset? WatermarkAfter { get; set; }
    public int Pages { get; set; }
    public int Retries { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Tickets marked deleted in this run, from the deletions feed and confirmed candidates together.</summary>
    public int Deleted { get; set; }

    /// <summary>Groups of tickets sharing one <c>updated_at</c> that kept changing while paged (no proof none was missed).</summary>
    public int TieGroupsUnverified { get; set; }

    /// <summary>Full runs: live tickets the pass did not see, each a candidate for deletion until the remote confirms it.</summary>
    public int DeletionCandidates { get; set; }

    /// <summary>Candidates the remote confirmed gone (404), now marked deleted.</summary>
    public int CandidatesConfirmedDeleted { get; set; }

    /// <summary>Candidates the remote still has: read one by one and stored.</summary>
    public int CandidatesStillLive { get; set; }

    /// <summary>Candidates not checked (the remote could not answer, or the run's limit): they stay live.</summary>
    public int CandidatesUnconfirmed { get; set; }

    /// <summary>Whether the remote serves the deletions feed (contract 1.1); null before it was asked.</summary>
    public bool? DeletionsFeedServed { get; set; }

    /// <summary>Deletions read from the feed, and how many of them marked a cached ticket deleted.</summary>
    public int FeedDeletions { get; set; }
    public int DeletedByFeed { get; set; }
    public DateTimeOffset? DeletionsSince { get; set; }
    public DateTimeOffset? DeletionsWatermarkAfter { get; set; }

    /// <summary>
    /// The comments and attachments read after this run (its tickets were stored first, so the run is
    /// complete before they are read): <see cref="CommentsWaiting"/>, <see cref="CommentsReading"/>,
    /// <see cref="CommentsRead"/>, <see cref="CommentsInterrupted"/> or <see cref="CommentsBusy"/>; null when
    /// none are read (a 1.0 remote, a failed run, the backfill switched off).
    /// </summary>
    public string? CommentsState { get; set; }

    public const string CommentsWaiting = "waiting";
    public const string CommentsReading = "reading";
    public const string CommentsRead = "read";
    public const string CommentsInterrupted = "interrupted";
    public const string CommentsBusy = "busy";

    /// <summary>
    /// Tickets whose comments and attachments were read after this run, comments and attachments new to
    /// the cache, and tickets still waiting.
    /// </summary>
    public int CommentTickets { get; set; }
    public int CommentsAdded { get; set; }
    public int AttachmentsAdded { get; set; }
    public int CommentTicketsPending { get; set; }

    /// <summary>Retries of the remote's requests while reading them; the run's own are <see cref="Retries"/>.</summary>
    public int CommentRetries { get; set; }

    /// <summary>Active agents after the refresh; null when the remote does not list agents (1.0) or could not.</summary>
    public int? Agents { get; set; }

    /// <summary>What the run could not do and why, in words.</summary>
    public List<string> Notes { get; set; } = [];

    public long DurationMs { get; set; }

    /// <summary>
    /// Where the run's time went, in milliseconds per step (waiting for the remote's pages, storing them,
    /// building deferred indexes, deletions, agents, comments, vacuum), so a slow run explains itself.
    /// </summary>
    public Dictionary<string, long> StepMs { get; set; } = [];

    public void AddStep(string step, TimeSpan elapsed) =>
        StepMs[step] = StepMs.GetValueOrDefault(step) + (long)elapsed.TotalMilliseconds;
    public List<FailedRecord> FailedRecords { get; set; } = [];
    public int FailedRecordsOmitted { get; set; }

    public sealed record FailedRecord(string? Id, string Reason);

    public void AddFailure(string? id, string reason)
    {
        if (FailedRecords.Count < MaxFailedRecords)
        {
            FailedRecords.Add(new FailedRecord(id, reason));
        }
        else
        {
            FailedRecordsOmitted++;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SyncDetails? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SyncDetails>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

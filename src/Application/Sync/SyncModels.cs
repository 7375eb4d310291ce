using System.ComponentModel;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Sync;

/// <summary>A sync run as the pages and the command line see it.</summary>
[ImmutableObject(true)]
public sealed record SyncRunView(
    Guid Id,
    SyncType Type,
    SyncStatus Status,
    bool Full,
    int RecordsProcessed,
    int RecordsFailed,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string? ErrorMessage)
{
    public static SyncRunView From(SyncLog log, bool full) =>
        new(log.Id, log.SyncType, log.Status, full, log.RecordsProcessed, log.RecordsFailed, log.StartedAt, log.CompletedAt, log.ErrorMessage);
}

/// <summary>The answer to a request to sync.</summary>
public sealed record SyncRequestResult(bool Started, SyncRunView? Run, string Message)
{
    public static SyncRequestResult AlreadyRunning(SyncRunView? running) =>
        new(false, running, running is null
            ? "A sync is already running."
            : $"A sync is already running: {running.RecordsProcessed:N0} tickets processed so far.");
}

/// <summary>What one finished run did; the run's log row holds the same, with details.</summary>
public sealed record SyncRunResult(
    SyncRunView Run,
    int Inserted,
    int Updated,
    int Unchanged,
    int Deleted,
    int Pages,
    int Retries)
{
    /// <summary>The run is complete and asks for the comments and attachments of its changed tickets to be read next.</summary>
    public bool CommentsWaiting { get; init; }
}

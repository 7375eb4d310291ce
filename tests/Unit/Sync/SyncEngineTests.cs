using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using NSubstitute.Extensions;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Sync;

/// <summary>
/// The sync run's rules around deletions, comments and agents, with the remote and the cache faked:
/// absence alone never deletes, a remote that cannot confirm leaves tickets live and says so, a 1.0
/// remote still syncs, and comments are read for a bounded number of changed tickets.
/// </summary>
public sealed class SyncEngineTests
{
    private static readonly string[] OnlyA = ["tkt_a"];
    private static readonly string[] OnlyB = ["tkt_b"];
    private static readonly string[] AAndC = ["tkt_a", "tkt_c"];

    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly ITicketingApi _remote = Substitute.For<ITicketingApi>();
    private readonly ITicketRepository _tickets = Substitute.For<ITicketRepository>();
    private readonly IAgentRepository _agents = Substitute.For<IAgentRepository>();
    private readonly ITicketAttachmentRepository _attachments = Substitute.For<ITicketAttachmentRepository>();
    private readonly ISyncLogRepository _logs = Substitute.For<ISyncLogRepository>();
    private readonly ISystemConfigRepository _configs = Substitute.For<ISystemConfigRepository>();
    private readonly ICommentBackfillLock _backfillLock = Substitute.For<ICommentBackfillLock>();
    private readonly TicketingSystemConfig _config = new() { ApiBaseUrl = "https://it.example.org", IsActive = true };
    private SyncLog? _lastLog;

    public SyncEngineTests()
    {
        _configs.GetAsync(Arg.Any<CancellationToken>()).Returns(_ => _config);
        _remote.StreamChangedSinceAsync(default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteTicketBatch>());
        _remote.StreamDeletedSinceAsync(default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteTombstoneBatch>());
        _remote.GetAgentsAsync(Ct).ReturnsForAnyArgs(new RemoteAgentList([], [], 0));
        _tickets.GetUnseenAsync(default, default, default, Ct).ReturnsForAnyArgs([]);
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([]);
        _remote.GetAttachmentsAsync(default!, Ct).ReturnsForAnyArgs(new RemoteAttachmentList([], [], 0));
        _tickets.UpsertManyAsync(default!, default, default, default, Ct).ReturnsForAnyArgs(call => new UpsertResult(0, call.Arg<IReadOnlyCollection<Ticket>>().Count, 0));
        _tickets.MarkDeletedAsync(default!, default, default, Ct).ReturnsForAnyArgs(call => call.Arg<IReadOnlyCollection<string>>().Count);
        _logs.UpdateAsync(Arg.Do<SyncLog>(log => _lastLog = log), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);
        _logs.GetAsync(Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns(_ => _lastLog);
        _logs.UpdateDetailsAsync(Arg.Any<Guid>(), Arg.Do<string>(json => _lastLog!.DetailsJson = json), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);
        _backfillLock.TryAcquireAsync(Arg.Any<CancellationToken>()).Returns(_ => Substitute.For<ISyncLease>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SyncDetails Details => SyncDetails.FromJson(_lastLog!.DetailsJson).ShouldNotBeNull();

    [Fact]
    public async Task A_full_run_marks_deleted_only_the_unseen_tickets_the_remote_confirms_gone()
    {
        Unseen(["tkt_a", "tkt_b", "tkt_c"]);
        _remote.GetTicketAsync("tkt_a", Arg.Any<CancellationToken>()).Returns(Found("tkt_a"));
        _remote.GetTicketAsync("tkt_b", Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("tkt_b"));
        _remote.GetTicketAsync("tkt_c", Arg.Any<CancellationToken>()).Returns(Found("tkt_c"));

        var result = await RunAsync(full: true);

        await _tickets.Received(1).MarkDeletedAsync(
            Arg.Is<IReadOnlyCollection<string>>(ids => ids.SequenceEqual(OnlyB)), ChangeSource.Sync, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _tickets.Received(1).UpsertManyAsync(
            Arg.Is<IReadOnlyCollection<Ticket>>(t => t.Select(x => x.ExternalTicketId).SequenceEqual(AAndC)),
            ChangeSource.Sync, Arg.Any<DateTimeOffset>(), true, Arg.Any<CancellationToken>());
        result.Deleted.ShouldBe(1);
        result.Run.Status.ShouldBe(SyncStatus.Success);
        Details.DeletionCandidates.ShouldBe(3);
        Details.CandidatesConfirmedDeleted.ShouldBe(1);
        Details.CandidatesStillLive.ShouldBe(2);
        Details.CandidatesUnconfirmed.ShouldBe(0);
    }

    [Fact]
    public async Task Candidates_the_remote_cannot_confirm_stay_live_and_the_run_says_so()
    {
        Unseen(["tkt_a", "tkt_b", "tkt_c"], ["tkt_d"]);
        _remote.GetTicketAsync("tkt_a", Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("tkt_a"));
        _remote.GetTicketAsync("tkt_b", Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.RateLimited, "Championship IT is limiting requests (429 Too Many Requests) after 3 attempts."));

        var result = await RunAsync(full: true);

        await _remote.DidNotReceive().GetTicketAsync("tkt_c", Arg.Any<CancellationToken>());
        await _remote.DidNotReceive().GetTicketAsync("tkt_d", Arg.Any<CancellationToken>());
        await _tickets.Received(1).MarkDeletedAsync(
            Arg.Is<IReadOnlyCollection<string>>(ids => ids.SequenceEqual(OnlyA)), ChangeSource.Sync, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        result.Run.Status.ShouldBe(SyncStatus.Partial);
        result.Run.ErrorMessage.ShouldNotBeNull().ShouldContain("429");
        Details.DeletionCandidates.ShouldBe(4);
        Details.CandidatesConfirmedDeleted.ShouldBe(1);
        Details.CandidatesUnconfirmed.ShouldBe(3);
    }

    [Fact]
    public async Task A_full_run_checks_at_most_its_budget_and_counts_the_rest()
    {
        Unseen(["tkt_a", "tkt_b"], ["tkt_c"]);
        _remote.GetTicketAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).ThrowsAsync(RemoteNotFoundException.ForTicket("x"));

        var result = await RunAsync(full: true, new SyncOptions { MaxDeletionChecksPerRun = 1, DeletionCheckBatchSize = 2 });

        await _remote.Received(1).GetTicketAsync(Arg.Any<string>(), Arg.Any<CancellationToken>());
        Details.CandidatesUnconfirmed.ShouldBe(2);
        result.Run.Status.ShouldBe(SyncStatus.Partial);
    }

    [Fact]
    public async Task An_incremental_run_never_treats_absence_as_anything()
    {
        Unseen(["tkt_a"]);

        await RunAsync(full: false);

        await _tickets.DidNotReceiveWithAnyArgs().GetUnseenAsync(default, default, default, Ct);
        await _remote.DidNotReceiveWithAnyArgs().GetTicketAsync(default!, Ct);
    }

    [Fact]
    public async Task A_remote_without_the_deletions_feed_or_agents_still_syncs_and_says_what_it_skipped()
    {
        _remote.StreamDeletedSinceAsync(default, default, Ct).ReturnsForAnyArgs(_ => Throws<RemoteTombstoneBatch>(RemoteNotSupportedException.For("the deletions feed")));
        _remote.GetAgentsAsync(Ct).ThrowsAsyncForAnyArgs(RemoteNotSupportedException.For("the agents list"));

        var result = await RunAsync(full: false);

        result.Run.Status.ShouldBe(SyncStatus.Success);
        Details.DeletionsFeedServed.ShouldBe(false);
        Details.Agents.ShouldBeNull();
        Details.Notes.Count.ShouldBe(2);
        // A 1.0 remote has no comments endpoint either.
        await _tickets.DidNotReceiveWithAnyArgs().GetCommentBackfillAsync(default, Ct);
    }

    [Fact]
    public async Task Deletions_from_the_feed_are_applied_and_move_their_own_watermark()
    {
        var watermark = Now.AddHours(-3);
        _config.DeletionsWatermark = watermark;
        var first = new RemoteTombstone("tkt_a", Now.AddHours(-2));
        var second = new RemoteTombstone("tkt_b", Now.AddHours(-1));
        _remote.StreamDeletedSinceAsync(watermark - SyncEngine.Overlap, Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(_ => Items(new RemoteTombstoneBatch([first, second], [], 0)));
        _tickets.ApplyDeletionsAsync(default!, default, default, Ct).ReturnsForAnyArgs(2);

        var result = await RunAsync(full: false);

        await _tickets.Received(1).ApplyDeletionsAsync(
            Arg.Is<IReadOnlyCollection<TicketDeletion>>(d => d.SequenceEqual(new[] { new TicketDeletion("tkt_a", first.DeletedAt), new TicketDeletion("tkt_b", second.DeletedAt) })),
            ChangeSource.Sync, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _configs.Received(1).AdvanceDeletionsWatermarkAsync(second.DeletedAt, Arg.Any<CancellationToken>());
        result.Deleted.ShouldBe(2);
        Details.DeletedByFeed.ShouldBe(2);
        Details.DeletionsWatermarkAfter.ShouldBe(second.DeletedAt);
    }

    [Fact]
    public async Task Comments_are_read_for_a_bounded_number_of_changed_tickets_from_where_they_were_last_read()
    {
        var read = Now.AddDays(-1);
        _tickets.GetCommentBackfillAsync(2, Arg.Any<CancellationToken>()).Returns(
        [
            new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null),
            new CommentBackfillItem("tkt_b", Now.AddMinutes(-10), read),
        ]);
        var comment = new TicketComment { ExternalCommentId = "cmt_1", Body = "Hello", Visibility = CommentVisibility.Public, CreatedAt = Now.AddMinutes(-6) };
        _remote.StreamCommentsAsync("tkt_a", null, 100, Arg.Any<CancellationToken>()).Returns(_ => Items(new RemoteCommentBatch([comment], [], 0)));
        _remote.StreamCommentsAsync("tkt_b", read - SyncEngine.Overlap, 100, Arg.Any<CancellationToken>()).Returns(_ => Items<RemoteCommentBatch>());
        _tickets.AddCommentsAsync("tkt_a", Arg.Any<IReadOnlyCollection<TicketComment>>(), ChangeSource.Sync, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(1);
        _tickets.CountCommentBackfillAsync(default, Ct).ReturnsForAnyArgs(7);

        await RunAndBackfillAsync(new SyncOptions { CommentTicketsPerRun = 2 });

        // Read together, marked together: one statement for the group.
        await _tickets.Received(1).MarkCommentsSyncedAsync(Arg.Any<IReadOnlyCollection<CommentBackfillItem>>(), Arg.Any<CancellationToken>());
        Marked().ShouldBe([("tkt_a", Now.AddMinutes(-5)), ("tkt_b", Now.AddMinutes(-10))]);
        Details.CommentTickets.ShouldBe(2);
        Details.CommentsAdded.ShouldBe(1);
        Details.CommentTicketsPending.ShouldBe(7);
    }

    [Fact]
    public async Task The_attachments_of_each_changed_ticket_are_listed_with_its_comments_and_stored_by_the_same_budget()
    {
        _tickets.GetCommentBackfillAsync(2, Arg.Any<CancellationToken>()).Returns(
        [
            new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null),
            new CommentBackfillItem("tkt_b", Now.AddMinutes(-10), null),
        ]);
        _remote.StreamCommentsAsync(default!, default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteCommentBatch>());
        var attachment = new RemoteAttachment("att_1", "tkt_a", "vpn.log", "text/plain", 18_211, "ab12", "Sam Ito", Now.AddMinutes(-6));
        _remote.GetAttachmentsAsync("tkt_a", Arg.Any<CancellationToken>())
            .Returns(new RemoteAttachmentList([attachment], [new RemoteRecordError("att_bad", "Attachment: size_bytes is missing.")], 1));
        _attachments.AddAsync("tkt_a", Arg.Any<IReadOnlyCollection<TicketAttachment>>(), Arg.Any<CancellationToken>()).Returns(1);

        await RunAndBackfillAsync(new SyncOptions { CommentTicketsPerRun = 2 });

        await _attachments.Received(1).AddAsync(
            "tkt_a",
            Arg.Is<IReadOnlyCollection<TicketAttachment>>(a => a.Single().ExternalAttachmentId == "att_1" && a.Single().FileName == "vpn.log"
                && a.Single().SizeBytes == 18_211 && a.Single().Sha256 == "ab12" && a.Single().UploadedByName == "Sam Ito"),
            Arg.Any<CancellationToken>());
        await _remote.Received(1).GetAttachmentsAsync("tkt_b", Arg.Any<CancellationToken>());
        Marked().ShouldContain(("tkt_a", Now.AddMinutes(-5)));
        Details.AttachmentsAdded.ShouldBe(1);
        Details.CommentRetries.ShouldBe(1);
        Details.Retries.ShouldBe(0, "the run's own retries are its pages'");
        Details.FailedRecords.ShouldContain(new SyncDetails.FailedRecord("att_bad", "Attachment: size_bytes is missing."));
    }

    [Fact]
    public async Task A_ticket_whose_attachments_cannot_be_listed_stays_pending_though_its_comments_were_read()
    {
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null)]);
        _remote.StreamCommentsAsync(default!, default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteCommentBatch>());
        _remote.GetAttachmentsAsync("tkt_a", Arg.Any<CancellationToken>())
            .ThrowsAsync(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503."));

        var result = await RunAndBackfillAsync();

        await _tickets.DidNotReceiveWithAnyArgs().MarkCommentsSyncedAsync(default!, Ct);
        result.Run.Status.ShouldBe(SyncStatus.Success);
        Details.Notes.ShouldContain(n => n.Contains("503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comment_reading_stops_when_the_remote_cannot_answer_and_the_ticket_stays_pending()
    {
        // One more ticket than are read at once: the first group is read together, the second never asked for.
        var parallel = new SyncOptions().CommentReadsInParallel;
        var ids = Enumerable.Range(0, parallel + 1).Select(i => $"tkt_{i}").ToList();
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([.. ids.Select((id, i) => new CommentBackfillItem(id, Now.AddMinutes(-5 - i), null))]);
        _remote.StreamCommentsAsync(default!, default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteCommentBatch>());
        _remote.GetAttachmentsAsync(default!, Ct).ReturnsForAnyArgs(new RemoteAttachmentList([], [], 0));
        _remote.StreamCommentsAsync(ids[0], Arg.Any<DateTimeOffset?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(_ => Throws<RemoteCommentBatch>(new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503.")));

        var result = await RunAndBackfillAsync();

        // Stored in the order chosen: nothing after the ticket the remote could not answer for counts as read.
        await _tickets.DidNotReceiveWithAnyArgs().MarkCommentsSyncedAsync(default!, Ct);
        _ = _remote.DidNotReceive().StreamCommentsAsync(ids[^1], Arg.Any<DateTimeOffset?>(), Arg.Any<int>(), Arg.Any<CancellationToken>());
        result.Run.Status.ShouldBe(SyncStatus.Success);
        Details.Notes.ShouldContain(n => n.Contains("503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ticket_the_remote_no_longer_has_is_not_asked_for_its_comments_again()
    {
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([new CommentBackfillItem("tkt_gone", Now.AddMinutes(-5), null)]);
        _remote.StreamCommentsAsync("tkt_gone", Arg.Any<DateTimeOffset?>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(_ => Throws<RemoteCommentBatch>(RemoteNotFoundException.ForTicket("tkt_gone")));

        await RunAndBackfillAsync();

        Marked().ShouldBe([("tkt_gone", Now.AddMinutes(-5))]);
    }

    [Fact]
    public async Task A_run_is_complete_without_reading_comments_and_asks_for_them_to_be_read_next()
    {
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null)]);

        var result = await RunAsync(full: false);

        result.Run.Status.ShouldBe(SyncStatus.Success);
        result.Run.CompletedAt.ShouldNotBeNull();
        result.CommentsWaiting.ShouldBeTrue();
        Details.CommentsState.ShouldBe(SyncDetails.CommentsWaiting);
        Details.StepMs.ShouldNotContainKey("comments");
        await _tickets.DidNotReceiveWithAnyArgs().GetCommentBackfillAsync(default, Ct);
        _ = _remote.DidNotReceiveWithAnyArgs().StreamCommentsAsync(default!, default, default, Ct);
    }

    [Fact]
    public async Task A_run_records_the_time_of_its_start_and_of_its_last_progress_write_among_its_steps()
    {
        await RunAsync(full: false);

        // Both are inside the run's time (started_at to completed_at), before and between its other steps.
        Details.StepMs.Keys.ShouldContain("start");
        Details.StepMs.Keys.ShouldContain("progress");
    }

    [Fact]
    public async Task A_run_writes_its_progress_between_pages_at_most_once_per_interval_and_the_watermark_after_every_page()
    {
        var clock = new FakeTimeProvider(Now);
        var pages = Enumerable.Range(1, 6).Select(i => Page($"tkt_{i}", Now.AddMinutes(-10 + i))).ToArray();
        _remote.StreamChangedSinceAsync(default, default, Ct).ReturnsForAnyArgs(_ => Items(pages));
        var options = new SyncOptions { ProgressInterval = TimeSpan.FromSeconds(1) };
        // Each page takes 0.4 s to store: a write is due after the third page (1.2 s) and the sixth (2.4 s).
        _tickets.Configure().UpsertManyAsync(default!, default, default, default, Ct).ReturnsForAnyArgs(call =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(400));
            return new UpsertResult(0, call.Arg<IReadOnlyCollection<Ticket>>().Count, 0);
        });
        var processed = new List<int>();
        _logs.Configure().UpdateAsync(Arg.Do<SyncLog>(log =>
        {
            _lastLog = log;
            processed.Add(log.RecordsProcessed);
        }), Arg.Any<CancellationToken>()).Returns(Task.CompletedTask);

        var result = await Engine(options, clock).RunAsync(Substitute.For<ISyncLease>(), SyncType.Manual, full: false, Ct);

        result.Run.Status.ShouldBe(SyncStatus.Success);
        // Two writes between the pages, then the progress after the deletions and the outcome.
        processed.ShouldBe([3, 6, 6, 6]);
        await _configs.Received(6).AdvanceWatermarkAsync(Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _configs.Received(1).AdvanceWatermarkAsync(Now.AddMinutes(-4), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_backfill_adds_what_it_read_to_the_runs_details_and_its_time_outside_the_runs_duration()
    {
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null)]);
        _remote.StreamCommentsAsync(default!, default, default, Ct).ReturnsForAnyArgs(_ => Items<RemoteCommentBatch>());

        var run = await RunAsync(full: false);
        var duration = Details.DurationMs;
        _logs.ClearReceivedCalls();
        await Backfill().RunAsync(run.Run.Id, Ct);

        Details.CommentsState.ShouldBe(SyncDetails.CommentsRead);
        Details.CommentTickets.ShouldBe(1);
        Details.StepMs.ShouldContainKey("comments");
        Details.DurationMs.ShouldBe(duration);
        // Only the details are written: the run's outcome (and its metrics) stay as the run left them.
        await _logs.DidNotReceiveWithAnyArgs().UpdateAsync(default!, Ct);
        await _logs.Received().UpdateDetailsAsync(run.Run.Id, Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task No_comments_are_read_while_another_instance_reads_them_and_the_run_says_so()
    {
        _backfillLock.TryAcquireAsync(Arg.Any<CancellationToken>()).Returns((ISyncLease?)null);
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs([new CommentBackfillItem("tkt_a", Now.AddMinutes(-5), null)]);

        var outcome = await Backfill().RunAsync((await RunAsync(full: false)).Run.Id, Ct);

        outcome.Busy.ShouldBeTrue();
        await _tickets.DidNotReceiveWithAnyArgs().GetCommentBackfillAsync(default, Ct);
        Details.CommentsState.ShouldBe(SyncDetails.CommentsBusy);
        Details.Notes.ShouldContain(n => n.Contains("Another instance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_comments_are_read_after_a_failed_run()
    {
        _remote.StreamChangedSinceAsync(default, default, Ct).ReturnsForAnyArgs(_ => Throws<RemoteTicketBatch>(
            new RemoteUnavailableException(RemoteUnavailableReason.ServerError, "Championship IT failed with 503.")));

        var result = await RunAsync(full: false);
        var outcome = await Backfill().RunAsync(result.Run.Id, Ct);

        result.Run.Status.ShouldBe(SyncStatus.Failed);
        result.CommentsWaiting.ShouldBeFalse();
        outcome.Ran.ShouldBeFalse();
        await _tickets.DidNotReceiveWithAnyArgs().GetCommentBackfillAsync(default, Ct);
    }

    [Fact]
    public async Task The_sync_lock_is_released_before_the_comments_are_read()
    {
        var order = new List<string>();
        var syncLock = Substitute.For<ISyncLock>();
        syncLock.TryAcquireAsync(Arg.Any<CancellationToken>()).Returns(new RecordingLease(order));
        _tickets.GetCommentBackfillAsync(default, Ct).ReturnsForAnyArgs(_ =>
        {
            order.Add("comments read");
            return (IReadOnlyList<CommentBackfillItem>)[];
        });
        var handler = new Ticketing.Application.Sync.Commands.RunSync.RunSyncHandler(syncLock, Engine(), Backfill(), _logs);

        var outcome = await handler.Handle(new Ticketing.Application.Sync.Commands.RunSync.RunSyncCommand(SyncType.Scheduled, Full: false), Ct);

        outcome.Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);
        order.ShouldBe(["sync lock released", "comments read"]);
        Details.CommentsState.ShouldBe(SyncDetails.CommentsRead);
    }

    [Fact]
    public async Task The_agents_the_remote_lists_replace_the_cached_ones()
    {
        _remote.GetAgentsAsync(Ct).ReturnsForAnyArgs(new RemoteAgentList(
            [new RemoteAgent("agt_1", "Sam Ito", "sam@example.org", true), new RemoteAgent("agt_2", "Alex Morgan", null, false)], [], 0));
        _agents.ReplaceAsync(default!, default, Ct).ReturnsForAnyArgs(1);

        await RunAsync(full: false);

        await _agents.Received(1).ReplaceAsync(
            Arg.Is<IReadOnlyCollection<Agent>>(a => AreSamAndAlex(a)),
            Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        Details.Agents.ShouldBe(1);
    }

    private async Task<SyncRunResult> RunAsync(bool full, SyncOptions? options = null) =>
        await Engine(options).RunAsync(Substitute.For<ISyncLease>(), SyncType.Manual, full, Ct);

    /// <summary>An incremental run, then the comments backfill that follows it (as <c>RunSyncCommand</c> does).</summary>
    /// <summary>Every ticket marked as read (remote id and version), in the order of the calls.</summary>
    private List<(string, DateTimeOffset)> Marked() =>
        [.. _tickets.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ITicketRepository.MarkCommentsSyncedAsync))
            .SelectMany(c => (IReadOnlyCollection<CommentBackfillItem>)c.GetArguments()[0]!)
            .Select(i => (i.ExternalTicketId, i.UpdatedAt))];

    private async Task<SyncRunResult> RunAndBackfillAsync(SyncOptions? options = null)
    {
        var result = await RunAsync(full: false, options);
        result.CommentsWaiting.ShouldBeTrue();
        await Backfill(options).RunAsync(result.Run.Id, Ct);
        return result;
    }

    private SyncEngine Engine(SyncOptions? options = null, TimeProvider? clock = null) => new(
        Options.Create(options ?? new SyncOptions()),
        _remote,
        _tickets,
        _agents,
        _logs,
        _configs,
        clock ?? new FakeTimeProvider(Now),
        NullLogger<SyncEngine>.Instance);

    private CommentBackfill Backfill(SyncOptions? options = null) => new(
        Options.Create(options ?? new SyncOptions()),
        _remote,
        _tickets,
        _attachments,
        _logs,
        _configs,
        _backfillLock,
        new FakeTimeProvider(Now),
        NullLogger<CommentBackfill>.Instance);

    /// <summary>The cache's unseen tickets, page after page (keyset by id), then none.</summary>
    private void Unseen(params string[][] pages)
    {
        _tickets.GetUnseenAsync(default, default, default, Ct).ReturnsForAnyArgs(call =>
        {
            var after = call.ArgAt<string?>(1);
            var index = after is null ? 0 : Array.FindIndex(pages, p => p[^1] == after) + 1;
            return index < pages.Length ? pages[index] : [];
        });
    }

    /// <summary>A lease that writes down when it is released.</summary>
    private sealed class RecordingLease(List<string> order) : ISyncLease
    {
        public ValueTask DisposeAsync()
        {
            order.Add("sync lock released");
            return ValueTask.CompletedTask;
        }
    }

    private static bool AreSamAndAlex(IReadOnlyCollection<Agent> agents) =>
        agents.Select(x => (x.Id, x.Name, x.Email, x.Active)).SequenceEqual([("agt_1", "Sam Ito", "sam@example.org", true), ("agt_2", "Alex Morgan", null, false)]);

    private static RemoteTicketBatch Page(string id, DateTimeOffset updatedAt) =>
        new([new Ticket { ExternalTicketId = id, TicketNumber = "IT-" + id, Title = "Changed", UpdatedAt = updatedAt }], [], updatedAt, 0);

    private static RemoteTicketResult Found(string id) =>
        new(new Ticket { ExternalTicketId = id, TicketNumber = "IT-" + id, Title = "Still here", UpdatedAt = Now.AddDays(-3) }, 0);

    private static async IAsyncEnumerable<T> Items<T>(params T[] items)
    {
        await Task.CompletedTask;
        foreach (var item in items)
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<T> Throws<T>(Exception exception)
    {
        await Task.Yield();
        if (exception is not null)
        {
            throw exception;
        }

        yield break;
    }
}

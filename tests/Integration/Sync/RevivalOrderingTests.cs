using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// Older never overwrites newer, also across a deletion, on the real bulk SQL: a deleted ticket comes
/// back only through a version a sync (or a read by id) saw that is stamped later than the deletion —
/// never through a webhook, an older version, or a repeated old message.
/// </summary>
public sealed class RevivalOrderingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private TestApp _sync = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sync = await SyncSteps.StartAppAsync(tickets: 0);

    public async ValueTask DisposeAsync() => await _sync.DisposeAsync();

    [Fact]
    public async Task A_deleted_ticket_comes_back_only_through_a_newer_version_seen_by_a_sync()
    {
        await UpsertAsync(Version("tkt_r", 1, "v1"), ChangeSource.Sync);
        await MarkDeletedAsync("tkt_r", T0.AddHours(2));

        // An older webhook, a newer webhook, and a sync version older than the deletion: all refused.
        await UpsertAsync(Version("tkt_r", 0, "v0 (older webhook)"), ChangeSource.Webhook);
        await UpsertAsync(Version("tkt_r", 3, "v3 (newer webhook)"), ChangeSource.Webhook);
        await UpsertAsync(Version("tkt_r", 1.5, "v1.5 (sync, older than the deletion)"), ChangeSource.Sync);
        var held = await RowAsync("tkt_r");
        held.DeletedAt.ShouldNotBeNull();
        held.Title.ShouldBe("v1");
        (await TombstoneAsync("tkt_r")).ShouldNotBeNull();

        await UpsertAsync(Version("tkt_r", 3, "v3 (sync)"), ChangeSource.Sync);

        var revived = await RowAsync("tkt_r");
        revived.DeletedAt.ShouldBeNull();
        revived.Title.ShouldBe("v3 (sync)");
        revived.UpdatedAt.ShouldBe(T0.AddHours(3));
        (await TombstoneAsync("tkt_r")).ShouldBeNull();

        // A repeated old message after the revival does not overwrite the newer version.
        await UpsertAsync(Version("tkt_r", 1, "v1"), ChangeSource.Webhook);
        (await RowAsync("tkt_r")).Title.ShouldBe("v3 (sync)");
    }

    [Fact]
    public async Task A_deletion_older_than_the_held_version_still_wins_and_revival_needs_a_version_after_both()
    {
        await UpsertAsync(Version("tkt_s", 5, "v5"), ChangeSource.Sync);

        await ApplyDeletionAsync("tkt_s", T0.AddHours(4));
        await UpsertAsync(Version("tkt_s", 5, "v5 seen again"), ChangeSource.Sync);

        (await RowAsync("tkt_s")).DeletedAt.ShouldBe(T0.AddHours(4));
        (await TombstoneAsync("tkt_s")).ShouldBe(T0.AddHours(5));

        await UpsertAsync(Version("tkt_s", 6, "v6"), ChangeSource.Sync);
        (await RowAsync("tkt_s")).DeletedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_deletion_of_a_ticket_not_cached_yet_blocks_its_late_creation()
    {
        await ApplyDeletionAsync("tkt_t", T0.AddHours(2));

        await UpsertAsync(Version("tkt_t", 1, "late create"), ChangeSource.Webhook);
        await UpsertAsync(Version("tkt_t", 1.5, "stale page"), ChangeSource.Sync);

        await using var db = _sync.Database.CreateDbContext();
        (await db.Tickets.AnyAsync(t => t.ExternalTicketId == "tkt_t", Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_row_marked_deleted_without_a_tombstone_is_not_revived_by_a_webhook_but_by_a_sync()
    {
        // As the old presumed deletions of a full sync left them: deleted_at set, no tombstone.
        await UpsertAsync(Version("tkt_u", 2, "v2"), ChangeSource.Sync);
        await using (var db = _sync.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE tickets_cache SET deleted_at = now() WHERE external_ticket_id = 'tkt_u'", Ct);
        }

        await UpsertAsync(Version("tkt_u", 1, "v1 (older webhook)"), ChangeSource.Webhook);
        await UpsertAsync(Version("tkt_u", 3, "v3 (newer webhook)"), ChangeSource.Webhook);
        (await RowAsync("tkt_u")).DeletedAt.ShouldNotBeNull();
        (await RowAsync("tkt_u")).Title.ShouldBe("v2");

        await UpsertAsync(Version("tkt_u", 2, "v2 (sync)"), ChangeSource.Sync);

        var revived = await RowAsync("tkt_u");
        revived.DeletedAt.ShouldBeNull();
        revived.Title.ShouldBe("v2 (sync)");
    }

    private static Ticket Version(string id, double hours, string title) => new()
    {
        ExternalTicketId = id,
        TicketNumber = "IT-" + id,
        Title = title,
        Status = TicketStatus.Open,
        Priority = TicketPriority.Medium,
        CreatedAt = T0,
        UpdatedAt = T0.AddHours(hours),
        CustomFieldsJson = "{}",
    };

    private async Task UpsertAsync(Ticket ticket, ChangeSource source) =>
        await _sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .UpsertManyAsync([ticket], source, DateTimeOffset.UtcNow, touchUnchanged: source == ChangeSource.Sync, Ct));

    private async Task MarkDeletedAsync(string id, DateTimeOffset at) =>
        (await _sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>().MarkDeletedAsync([id], ChangeSource.Webhook, at, Ct))).ShouldBe(1);

    private async Task ApplyDeletionAsync(string id, DateTimeOffset deletedAt) =>
        await _sync.InScopeAsync(services => services.GetRequiredService<ITicketRepository>()
            .ApplyDeletionsAsync([new TicketDeletion(id, deletedAt)], ChangeSource.Sync, DateTimeOffset.UtcNow, Ct));

    private async Task<Ticket> RowAsync(string id)
    {
        await using var db = _sync.Database.CreateDbContext();
        return await db.Tickets.AsNoTracking().SingleAsync(t => t.ExternalTicketId == id, Ct);
    }

    private async Task<DateTimeOffset?> TombstoneAsync(string id)
    {
        await using var db = _sync.Database.CreateDbContext();
        return await db.TicketTombstones.Where(t => t.ExternalTicketId == id).Select(t => (DateTimeOffset?)t.DeletedAt).SingleOrDefaultAsync(Ct);
    }
}

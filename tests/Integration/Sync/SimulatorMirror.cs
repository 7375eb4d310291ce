using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Tickets;
using Ticketing.Simulator;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The mirror held against the simulator: the live tickets field by field, their comments and attachments,
/// and the one thing that must never happen, a ticket the remote still has marked deleted.
/// </summary>
internal static class SimulatorMirror
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Tickets the mirror holds as deleted (a deleted row or a tombstone) that the remote never deleted:
    /// live tickets hidden from every list. Reads the mirror first and the remote's tombstones after, so a
    /// deletion made meanwhile can only be counted as the remote's, never as a false alarm.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LiveTicketsMarkedDeletedAsync(TestDatabase database, SimulatorHost simulator)
    {
        var deleted = new List<string>();
        await using (var db = database.CreateDbContext())
        {
            deleted.AddRange(await db.Tickets.AsNoTracking().Where(t => t.DeletedAt != null).Select(t => t.ExternalTicketId).ToListAsync(Ct));
            deleted.AddRange(await db.TicketTombstones.AsNoTracking().Select(t => t.ExternalTicketId).ToListAsync(Ct));
        }

        var tombstones = simulator.Store.Tombstones().Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return [.. deleted.Where(id => !tombstones.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The live mirror holds exactly the remote's tickets, field by field.</summary>
    public static async Task AssertTicketsEqualAsync(TestDatabase database, SimulatorHost simulator)
    {
        await using var db = database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).ToDictionaryAsync(t => t.ExternalTicketId, Ct);
        MirrorAssert.Equal(simulator.Store.Snapshot(), cached);
    }

    /// <summary>Every live ticket's comments and attachments in the mirror are exactly the remote's, field by field.</summary>
    public static async Task AssertActivityEqualAsync(TestDatabase database, SimulatorHost simulator)
    {
        var store = simulator.Store;
        var remoteComments = new HashSet<string>(StringComparer.Ordinal);
        var remoteAttachments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ticket in store.Snapshot())
        {
            foreach (var c in store.Comments(ticket.Id) ?? [])
            {
                remoteComments.Add(Comment(ticket.Id, c.Id, c.AuthorName, c.AuthorEmail, c.Body,
                    c.Visibility == Simulator.Tickets.CommentVisibility.Internal ? "internal" : "public", Utc(c.CreatedAt)));
            }

            foreach (var a in store.Attachments(ticket.Id) ?? [])
            {
                remoteAttachments.Add(Attachment(ticket.Id, a.Id, a.FileName, a.ContentType, a.SizeBytes, a.Sha256, a.UploadedByName, Utc(a.CreatedAt)));
            }
        }

        await using var db = database.CreateDbContext();
        var live = db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null);
        var comments = await db.TicketComments.AsNoTracking()
            .Join(live, c => c.TicketId, t => t.Id, (c, t) => new { t.ExternalTicketId, Comment = c })
            .ToListAsync(Ct);
        var attachments = await db.TicketAttachments.AsNoTracking()
            .Join(live, a => a.TicketId, t => t.Id, (a, t) => new { t.ExternalTicketId, Attachment = a })
            .ToListAsync(Ct);
        var mirrorComments = comments.Select(x => Comment(
                x.ExternalTicketId, x.Comment.ExternalCommentId, x.Comment.AuthorName, x.Comment.AuthorEmail, x.Comment.Body,
                x.Comment.Visibility switch { CommentVisibility.Internal => "internal", CommentVisibility.Public => "public", _ => "(unknown)" },
                x.Comment.CreatedAt))
            .ToHashSet(StringComparer.Ordinal);
        var mirrorAttachments = attachments.Select(x => Attachment(
                x.ExternalTicketId, x.Attachment.ExternalAttachmentId, x.Attachment.FileName, x.Attachment.ContentType, x.Attachment.SizeBytes,
                x.Attachment.Sha256, x.Attachment.UploadedByName, x.Attachment.CreatedAt))
            .ToHashSet(StringComparer.Ordinal);

        Differences("comment", remoteComments, mirrorComments).ShouldBeEmpty();
        Differences("attachment", remoteAttachments, mirrorAttachments).ShouldBeEmpty();
        comments.Count.ShouldBe(mirrorComments.Count, "each comment is stored once");
        attachments.Count.ShouldBe(mirrorAttachments.Count, "each attachment is stored once");
    }

    private static List<string> Differences(string what, HashSet<string> remote, HashSet<string> mirror)
    {
        var missing = remote.Except(mirror).Order(StringComparer.Ordinal).ToList();
        var extra = mirror.Except(remote).Order(StringComparer.Ordinal).ToList();
        return
        [
            .. missing.Take(10).Select(m => $"{what} at the remote, not (so) in the mirror: {m}"),
            .. extra.Take(10).Select(m => $"{what} in the mirror, not (so) at the remote: {m}"),
            .. missing.Count + extra.Count > 20 ? [$"… {missing.Count} missing and {extra.Count} extra {what}s in all"] : Array.Empty<string>(),
        ];
    }

    private static string Comment(string ticket, string id, string? author, string? email, string body, string visibility, DateTimeOffset createdAt) =>
        string.Join(" | ", ticket, id, author ?? "(none)", email ?? "(none)", visibility, Time(createdAt), Preview(body), Digest(body));

    private static string Attachment(string ticket, string id, string name, string type, long size, string? sha256, string? uploader, DateTimeOffset createdAt) =>
        string.Join(" | ", ticket, id, name, type, size.ToString(CultureInfo.InvariantCulture), sha256 ?? "(none)", uploader ?? "(none)", Time(createdAt));

    private static string Preview(string body) => body.Length <= 40 ? body : body[..40] + "…";

    /// <summary>The whole body compared, without printing it whole.</summary>
    private static string Digest(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16];

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

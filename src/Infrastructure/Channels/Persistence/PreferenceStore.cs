using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Channels.Persistence;

internal sealed class NotificationPreferenceStore(TicketingDbContext db, TimeProvider clock) : INotificationPreferenceStore
{
    public Task<NotificationPreferences?> GetAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<NotificationPreferences>().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);

    public async Task<NotificationDefaults> GetDefaultsAsync(CancellationToken cancellationToken) =>
        await db.Set<NotificationDefaults>().FirstOrDefaultAsync(d => d.Id == NotificationDefaults.SingletonId, cancellationToken)
        ?? NotificationDefaults.BuiltIn();

    public async Task<IReadOnlyDictionary<string, ChannelRecipient>> GetRecipientsAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<string, ChannelRecipient>();
        }

        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email, u.DisplayName, Active = u.LockoutEnd == null || u.LockoutEnd <= now })
            .ToListAsync(cancellationToken);
        var own = await db.Set<NotificationPreferences>().AsNoTracking()
            .Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => p.UserId, cancellationToken);
        var defaults = own.Count == users.Count ? null : await GetDefaultsAsync(cancellationToken);
        return users.ToDictionary(
            u => u.Id,
            u => own.TryGetValue(u.Id, out var p)
                ? new ChannelRecipient(u.Id, u.Email, u.DisplayName, u.Active, p, p.ChatWebhookUrlProtected is not null, p.ChatFormat)
                : new ChannelRecipient(u.Id, u.Email, u.DisplayName, u.Active, defaults!, false, ChatFormat.Slack));
    }

    public async Task SaveAsync(NotificationPreferences preferences, CancellationToken cancellationToken)
    {
        if (db.Entry(preferences).State == EntityState.Detached)
        {
            db.Add(preferences);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SaveDefaultsAsync(NotificationDefaults defaults, CancellationToken cancellationToken)
    {
        if (db.Entry(defaults).State == EntityState.Detached)
        {
            db.Add(defaults);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class NotifiedTicketReader(TicketingDbContext db) : INotifiedTicketReader
{
    public async Task<IReadOnlyDictionary<Guid, NotifiedTicket>> GetAsync(IReadOnlyCollection<Guid> ticketIds, CancellationToken cancellationToken) =>
        await db.Tickets.AsNoTracking()
            .Where(t => ticketIds.Contains(t.Id))
            .Select(t => new NotifiedTicket(t.Id, t.ExternalTicketId, t.TicketNumber, t.Title, t.Status, t.Priority, t.Department, t.AssigneeName, t.RequesterEmail, t.DueDate, t.UpdatedAt))
            .ToDictionaryAsync(t => t.Id, cancellationToken);
}

internal sealed class MailSettingsStore(TicketingDbContext db) : IMailSettingsStore
{
    public Task<MailSettings?> GetAsync(CancellationToken cancellationToken) =>
        db.Set<MailSettings>().FirstOrDefaultAsync(s => s.Id == MailSettings.SingletonId, cancellationToken);

    public async Task SaveAsync(MailSettings settings, CancellationToken cancellationToken)
    {
        if (db.Entry(settings).State == EntityState.Detached)
        {
            db.Add(settings);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task RecordPollAsync(long uidValidity, long lastUid, DateTimeOffset at, string? error, CancellationToken cancellationToken) =>
        db.Set<MailSettings>()
            .Where(s => s.Id == MailSettings.SingletonId)
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(x => x.ImapUidValidity, uidValidity)
                    .SetProperty(x => x.ImapLastUid, x => x.ImapUidValidity == uidValidity && x.ImapLastUid > lastUid ? x.ImapLastUid : lastUid)
                    .SetProperty(x => x.ImapLastPolledAt, at)
                    .SetProperty(x => x.ImapLastError, error),
                cancellationToken);
}

internal sealed class ChatChannelStore(TicketingDbContext db) : IChatChannelStore
{
    public async Task<IReadOnlyList<ChatChannel>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ChatChannel>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public Task<ChatChannel?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ChatChannel>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task AddAsync(ChatChannel channel, CancellationToken cancellationToken)
    {
        db.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task SaveAsync(ChatChannel channel, CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<ChatChannel>().Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}

internal sealed class CalendarFeedStore(TicketingDbContext db) : ICalendarFeedStore
{
    public Task<string?> FindUserAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.Set<CalendarFeed>().Where(f => f.TokenHash == tokenHash).Select(f => f.UserId).FirstOrDefaultAsync(cancellationToken);

    public async Task ReplaceAsync(string userId, string tokenHash, string tokenProtected, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.UserId == userId, cancellationToken);
        if (feed is null)
        {
            db.Add(new CalendarFeed { UserId = userId, TokenHash = tokenHash, TokenProtected = tokenProtected, CreatedAt = at });
        }
        else
        {
            feed.TokenHash = tokenHash;
            feed.TokenProtected = tokenProtected;
            feed.CreatedAt = at;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<string?> GetProtectedTokenAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<CalendarFeed>().Where(f => f.UserId == userId).Select(f => f.TokenProtected).FirstOrDefaultAsync(cancellationToken);
}

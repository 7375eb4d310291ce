using System.Security.Cryptography;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Application.Reports;
using Ticketing.Application.Reports.Commands.SendDueReports;
using Ticketing.Domain.Reports;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Reports;

internal sealed class ReportSubscriptionStore(TicketingDbContext db) : IReportSubscriptionStore
{
    public async Task<IReadOnlyList<ReportSubscription>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        await db.Set<ReportSubscription>().AsNoTracking()
            .Where(s => userId == null || s.UserId == userId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);

    public Task<ReportSubscription?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ReportSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task AddAsync(ReportSubscription subscription, CancellationToken cancellationToken)
    {
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<ReportSubscription>().Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    public async Task<bool> MarkQueuedAsync(Guid id, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        await db.Set<ReportSubscription>()
            .Where(s => s.Id == id && (s.LastOccurrence == null || s.LastOccurrence < occurrence))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastOccurrence, occurrence), cancellationToken) > 0;
}

internal sealed class ReportSubscriptionConfiguration : IEntityTypeConfiguration<ReportSubscription>
{
    public void Configure(EntityTypeBuilder<ReportSubscription> builder)
    {
        builder.ToTable("report_subscriptions", t =>
        {
            t.HasCheckConstraint("ck_report_subscriptions_frequency", "frequency IN (0, 1)");
            t.HasCheckConstraint("ck_report_subscriptions_day", "(frequency = 0 AND day BETWEEN 0 AND 6) OR (frequency = 1 AND day BETWEEN 1 AND 28)");
            t.HasCheckConstraint("ck_report_subscriptions_hour", "hour BETWEEN 0 AND 23");
        });
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.CreatedByUserId).HasMaxLength(450);
        builder.HasIndex(s => s.UserId);
        // A user who is deleted stops receiving their reports.
        builder.HasOne<Identity.ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// A report's stop link: the subscription and recipient, protected like the notification unsubscribe
/// tokens (Data Protection, key ring in PostgreSQL) under a purpose of its own, so neither kind of token
/// is accepted as the other.
/// </summary>
internal sealed class ReportUnsubscribeTokens(IDataProtectionProvider provider) : IReportUnsubscribeTokens
{
    public const string Purpose = "Ticketing.Reports.Unsubscribe.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Create(Guid subscriptionId, string userId) => _protector.Protect($"{subscriptionId:N}\n{userId}");

    public bool TryRead(string token, out Guid subscriptionId, out string userId)
    {
        subscriptionId = Guid.Empty;
        userId = "";
        string clear;
        try
        {
            clear = _protector.Unprotect(token);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        var parts = clear.Split('\n', 2);
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out subscriptionId) || parts[1].Length == 0)
        {
            return false;
        }

        userId = parts[1];
        return true;
    }
}

/// <summary>The scheduled reports' job: it only sends the command, so the rule lives in the Application handler.</summary>
public sealed class ReportJobs(ISender sender)
{
    public const string RecurringJobId = "report-schedules";

    [System.ComponentModel.DisplayName("Queue the scheduled analytics reports that are due")]
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task SendDue(CancellationToken cancellationToken) =>
        await sender.Send(new SendDueReportsCommand(), cancellationToken);
}

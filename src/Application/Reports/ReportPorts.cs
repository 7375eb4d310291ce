using Ticketing.Domain.Reports;

namespace Ticketing.Application.Reports;

/// <summary>The scheduled reports (<c>report_subscriptions</c>).</summary>
public interface IReportSubscriptionStore
{
    /// <summary>The recipient's own subscriptions, or everyone's when <paramref name="userId"/> is null, oldest first.</summary>
    Task<IReadOnlyList<ReportSubscription>> ListAsync(string? userId, CancellationToken cancellationToken);

    Task<ReportSubscription?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task AddAsync(ReportSubscription subscription, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the report for <paramref name="occurrence"/> is queued, only if no later one was
    /// (another instance may have got there first); true when this call moved it.
    /// </summary>
    Task<bool> MarkQueuedAsync(Guid id, DateTimeOffset occurrence, CancellationToken cancellationToken);
}

/// <summary>Signs and reads the one-click unsubscribe link of a scheduled report (no sign-in: the token is the proof).</summary>
public interface IReportUnsubscribeTokens
{
    string Create(Guid subscriptionId, string userId);

    bool TryRead(string token, out Guid subscriptionId, out string userId);
}

/// <summary>Words for the schedule: "Weekly, Mondays at 08:00".</summary>
public static class ReportScheduleText
{
    public static readonly IReadOnlyList<int> PeriodChoices = [7, 30, 90, 365];

    public static string Describe(ReportFrequency frequency, int day, int hour) =>
        frequency == ReportFrequency.Weekly
            ? $"Weekly, {(DayOfWeek)day}s at {hour:00}:00"
            : $"Monthly, on day {day} at {hour:00}:00";

    public static string Frequency(ReportFrequency frequency) => frequency == ReportFrequency.Weekly ? "Weekly" : "Monthly";
}

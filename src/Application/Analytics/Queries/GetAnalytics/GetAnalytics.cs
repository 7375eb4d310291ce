using System.Globalization;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;

namespace Ticketing.Application.Analytics.Queries.GetAnalytics;

/// <summary>
/// The analytics figures for local days <see cref="From"/> to <see cref="To"/> in <see cref="Zone"/>
/// (an IANA zone id), narrowed by <see cref="Filter"/>, with the previous period for comparison.
/// Cached for everyone until a ticket changes, and at most 5 minutes (aging and overdue move with time).
/// </summary>
public sealed record GetAnalyticsQuery(DateOnly From, DateOnly To, string Zone, AnalyticsFilter Filter, bool Fresh = false)
    : ICachedQuery<AnalyticsReport>
{
    /// <summary>The longest period one view takes (two years and a leap day).</summary>
    public const int MaxDays = 731;

    private static readonly string[] Tags = [CacheTag.Tickets];

    public string CacheKey => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}|{To:yyyy-MM-dd}|{Zone}|{Filter.Key}");

    public IReadOnlyList<string> CacheTags => Tags;

    public TimeSpan CacheDuration => TimeSpan.FromMinutes(5);

    public CacheScope Scope => CacheScope.Shared;
}

public sealed class GetAnalyticsValidator : AbstractValidator<GetAnalyticsQuery>
{
    public GetAnalyticsValidator()
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The end of the period must not be before its start.");
        RuleFor(q => q).Must(q => q.To.DayNumber - q.From.DayNumber < GetAnalyticsQuery.MaxDays)
            .WithName("To").WithMessage($"A period is at most {GetAnalyticsQuery.MaxDays} days.");
        RuleFor(q => q.Zone).NotEmpty().MaximumLength(64)
            .Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)).WithMessage("Unknown time zone.");
        RuleFor(q => q.Filter.Categories.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
        RuleFor(q => q.Filter.Departments.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
        RuleFor(q => q.Filter.Priorities.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
        RuleFor(q => q.Filter.Assignees.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
    }
}

public sealed class GetAnalyticsHandler(IAnalyticsReader reader, ISlaComplianceFigures sla, TimeProvider clock)
    : IQueryHandler<GetAnalyticsQuery, AnalyticsReport>
{
    public async ValueTask<AnalyticsReport> Handle(GetAnalyticsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var zoneId = await reader.PrepareZoneAsync(query.Zone, cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var scope = new AnalyticsScope(new AnalyticsPeriod(query.From, query.To), query.Filter, zoneId, today, now);
        // Independent reads, each on its own connection: the page waits for the slower, not for both in turn.
        var figures = reader.ReadAsync(scope, cancellationToken);
        var months = sla.ByMonthAsync(scope, cancellationToken);
        await Task.WhenAll(figures, months);
        return new AnalyticsReport(scope, await figures, await months, sla.Basis);
    }
}

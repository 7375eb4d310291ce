using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Domain.Reports;

namespace Ticketing.Application.Reports.Queries.GetReportUnsubscribe;

/// <summary>What a report's stop link would stop (shown before the one click; no sign-in needed).</summary>
public sealed record GetReportUnsubscribeQuery(string? Token) : IQuery<ReportUnsubscribeView>
{
    public override string ToString() => nameof(GetReportUnsubscribeQuery);
}

/// <summary>The schedule in words, or null when it is already stopped.</summary>
public sealed record ReportUnsubscribeView(string? Schedule);

public sealed class GetReportUnsubscribeValidator : AbstractValidator<GetReportUnsubscribeQuery>
{
    public GetReportUnsubscribeValidator() => RuleFor(q => q.Token).NotEmpty().MaximumLength(1000);
}

public sealed class GetReportUnsubscribeHandler(IReportUnsubscribeTokens tokens, IReportSubscriptionStore store) : IQueryHandler<GetReportUnsubscribeQuery, ReportUnsubscribeView>
{
    public async ValueTask<ReportUnsubscribeView> Handle(GetReportUnsubscribeQuery query, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(query.Token!, out var id, out var userId))
        {
            throw new NotFoundException("unsubscribe link", "(token)");
        }

        var subscription = await store.GetAsync(id, cancellationToken);
        return new ReportUnsubscribeView(subscription is null || subscription.UserId != userId ? null : Describe(subscription));
    }

    internal static string Describe(ReportSubscription s) =>
        $"{ReportScheduleText.Describe(s.Frequency, s.Day, s.Hour)}: the last {s.PeriodDays} days";
}

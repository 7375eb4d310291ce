using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Reports;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Reports.Commands.SubscribeToReport;

/// <summary>
/// Subscribes a recipient to a scheduled analytics report: the signed-in user themselves, or (admins only)
/// the user <see cref="RecipientUserId"/> names. The hour and day are the recipient's, in their own zone.
/// </summary>
public sealed record SubscribeToReportCommand(
    string? RecipientUserId,
    ReportFrequency Frequency,
    int Day,
    int Hour,
    int PeriodDays,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Departments,
    IReadOnlyList<string> Priorities,
    bool Letter) : ICommand<Guid>;

public sealed class SubscribeToReportValidator : AbstractValidator<SubscribeToReportCommand>
{
    public SubscribeToReportValidator()
    {
        RuleFor(c => c.RecipientUserId).MaximumLength(450);
        RuleFor(c => c.Frequency).IsInEnum().WithMessage("Choose weekly or monthly.");
        RuleFor(c => c.Day).InclusiveBetween(0, 6).When(c => c.Frequency == ReportFrequency.Weekly).WithMessage("Choose a day of the week.");
        RuleFor(c => c.Day).InclusiveBetween(1, ReportSubscription.MaxDayOfMonth).When(c => c.Frequency == ReportFrequency.Monthly)
            .WithMessage($"Choose a day of the month from 1 to {ReportSubscription.MaxDayOfMonth}.");
        RuleFor(c => c.Hour).InclusiveBetween(0, 23).WithMessage("Choose an hour from 0 to 23.");
        RuleFor(c => c.PeriodDays).Must(d => ReportScheduleText.PeriodChoices.Contains(d)).WithMessage("Choose a period of 7, 30, 90 or 365 days.");
        RuleFor(c => c.Categories.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
        RuleFor(c => c.Departments.Count).LessThanOrEqualTo(TicketFilter.MaxValues);
        RuleForEach(c => c.Categories).NotEmpty().MaximumLength(200);
        RuleForEach(c => c.Departments).NotEmpty().MaximumLength(200);
        RuleForEach(c => c.Priorities).Must(p => WireName<TicketPriority>.TryParse(p, out _)).WithMessage("Unknown priority.");
    }
}

public sealed class SubscribeToReportHandler(IReportSubscriptionStore store, ICurrentUser user, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SubscribeToReportCommand, Guid>
{
    public const string AuditAction = "report.subscribe";

    public async ValueTask<Guid> Handle(SubscribeToReportCommand command, CancellationToken cancellationToken)
    {
        var me = user.UserId ?? throw new ForbiddenAccessException();
        var recipient = string.IsNullOrWhiteSpace(command.RecipientUserId) ? me : command.RecipientUserId;
        if (recipient != me && !user.IsAdmin)
        {
            throw new ForbiddenAccessException("Only admins subscribe other people.");
        }

        var subscription = new ReportSubscription
        {
            Id = Guid.NewGuid(),
            UserId = recipient,
            CreatedByUserId = me,
            Frequency = command.Frequency,
            Day = command.Day,
            Hour = command.Hour,
            PeriodDays = command.PeriodDays,
            Categories = [.. command.Categories.Select(c => c.Trim()).Distinct(StringComparer.Ordinal)],
            Departments = [.. command.Departments.Select(d => d.Trim()).Distinct(StringComparer.Ordinal)],
            Priorities = [.. command.Priorities.Distinct(StringComparer.Ordinal)],
            Letter = command.Letter,
            CreatedAt = clock.GetUtcNow(),
        };
        await store.AddAsync(subscription, cancellationToken);
        await audit.WriteAsync(AuditAction, "report_subscription", subscription.Id.ToString(), new
        {
            recipient,
            schedule = ReportScheduleText.Describe(subscription.Frequency, subscription.Day, subscription.Hour),
            period_days = subscription.PeriodDays,
        }, cancellationToken);
        return subscription.Id;
    }
}

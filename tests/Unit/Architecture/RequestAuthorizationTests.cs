using Mediator;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Webhooks.Commands.ApplyWebhookBatch;

namespace Ticketing.UnitTests.Architecture;

/// <summary>
/// Every request of the Application assembly carries the marker its place asks for, so the
/// authorization behaviour guards it whoever sends it; a new admin use case without the marker fails here.
/// </summary>
public sealed class RequestAuthorizationTests
{
    private const string AdminNamespace = "Ticketing.Application.Admin";

    private static readonly List<Type> Requests =
        [.. typeof(Ticketing.Application.DependencyInjection).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t) && !typeof(INotification).IsAssignableFrom(t))];

    [Fact]
    public void Every_request_under_Admin_is_marked_admin_only()
    {
        var admin = Requests.Where(t => t.Namespace is { } ns && (ns == AdminNamespace || ns.StartsWith(AdminNamespace + ".", StringComparison.Ordinal))).ToList();

        admin.Count.ShouldBeGreaterThanOrEqualTo(12, "the admin use cases were not found; the scan no longer sees them");
        admin.Where(t => !typeof(IAdminRequest).IsAssignableFrom(t)).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Applying_webhooks_is_for_background_work_only()
    {
        typeof(ISystemRequest).IsAssignableFrom(typeof(ApplyWebhookBatchCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(ApplyWebhookBatchCommand)).ShouldBeFalse();
    }

    [Fact]
    public void Changing_ticket_templates_is_for_admins_while_reading_them_is_for_everyone()
    {
        var templates = Requests.Where(t => t.Namespace?.StartsWith("Ticketing.Application.Templates.", StringComparison.Ordinal) == true).ToList();

        templates.Where(t => t.Namespace!.Contains(".Commands.", StringComparison.Ordinal)).Select(t => t.Name)
            .ShouldBe(["DeleteTicketTemplateCommand", "SaveTicketTemplateCommand"], ignoreOrder: true);
        templates.Where(t => t.Namespace!.Contains(".Commands.", StringComparison.Ordinal)).ShouldAllBe(t => typeof(IAdminRequest).IsAssignableFrom(t));
        templates.Where(t => t.Namespace!.Contains(".Queries.", StringComparison.Ordinal)).ShouldAllBe(t => !typeof(IAdminRequest).IsAssignableFrom(t));
    }

    [Fact]
    public void Changing_sla_policies_and_calendars_is_for_admins_and_the_recompute_for_background_work_and_admins()
    {
        var sla = Requests.Where(t => t.Namespace?.StartsWith("Ticketing.Application.Sla.Commands.", StringComparison.Ordinal) == true).ToList();

        sla.Count.ShouldBeGreaterThanOrEqualTo(6);
        sla.ShouldAllBe(t => typeof(IAdminRequest).IsAssignableFrom(t));
        typeof(ISystemRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Commands.RecomputeSla.RecomputeSlaCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Queries.GetSlaAdmin.GetSlaAdminQuery)).ShouldBeTrue();
    }

    [Fact]
    public void Breach_estimates_and_backtests_run_as_background_work_or_for_admins_while_every_user_reads_a_tickets_flag()
    {
        typeof(ISystemRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Commands.ComputeBreachRisk.ComputeBreachRiskCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Commands.ComputeBreachRisk.ComputeBreachRiskCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Commands.RunBreachBacktest.RunBreachBacktestCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Queries.GetLatestBreachBacktest.GetLatestBreachBacktestQuery)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Sla.Queries.GetTicketBreachRisk.GetTicketBreachRiskQuery)).ShouldBeFalse();
    }

    [Fact]
    public void Dispatching_notifications_is_for_background_work_only()
    {
        typeof(ISystemRequest).IsAssignableFrom(typeof(Ticketing.Application.Notifications.Commands.DispatchTicketEvents.DispatchTicketEventsCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Notifications.Commands.DispatchTicketEvents.DispatchTicketEventsCommand)).ShouldBeFalse();
    }

    [Fact]
    public void Two_step_sign_in_is_each_users_own_while_another_users_reset_and_the_setting_are_for_admins()
    {
        Type[] own =
        [
            typeof(Ticketing.Application.Account.Commands.StartMfaEnrolment.StartMfaEnrolmentCommand),
            typeof(Ticketing.Application.Account.Commands.ConfirmMfaEnrolment.ConfirmMfaEnrolmentCommand),
            typeof(Ticketing.Application.Account.Commands.RegenerateRecoveryCodes.RegenerateRecoveryCodesCommand),
            typeof(Ticketing.Application.Account.Commands.DisableMfa.DisableMfaCommand),
            typeof(Ticketing.Application.Account.Queries.GetMfaStatus.GetMfaStatusQuery),
            typeof(Ticketing.Application.Account.Queries.GetMfaPolicy.GetMfaPolicyQuery),
        ];
        own.ShouldAllBe(t => !typeof(IAdminRequest).IsAssignableFrom(t) && !typeof(ISystemRequest).IsAssignableFrom(t));
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Admin.Commands.ResetUserMfa.ResetUserMfaCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Admin.Commands.UpdateSecuritySettings.UpdateSecuritySettingsCommand)).ShouldBeTrue();
        typeof(IAdminRequest).IsAssignableFrom(typeof(Ticketing.Application.Admin.Queries.GetUserMfa.GetUserMfaQuery)).ShouldBeTrue();
    }

    [Fact]
    public void Training_and_the_triage_settings_are_for_admins_while_suggestions_and_feedback_are_for_everyone()
    {
        var triage = Requests.Where(t => t.Namespace?.StartsWith("Ticketing.Application.Triage.", StringComparison.Ordinal) == true).ToList();

        triage.Where(t => typeof(IAdminRequest).IsAssignableFrom(t)).Select(t => t.Name).ShouldBe(
            ["GetTriageOverviewQuery", "QueueTriageTrainingCommand", "TrainTriageModelsCommand", "UpdateTriageSettingsCommand"], ignoreOrder: true);
        triage.Where(t => typeof(ISystemRequest).IsAssignableFrom(t)).Select(t => t.Name).ShouldBe(["TrainTriageModelsCommand", "AutoApplyTriageToArrivalsCommand"], ignoreOrder: true);
        triage.Where(t => !typeof(IAdminRequest).IsAssignableFrom(t)).Select(t => t.Name).ShouldBe(
            [
                "ApplyCategorySuggestionsCommand", "AutoApplyTriageCommand", "AuditAutoAppliedTriageCommand", "AutoApplyTriageToArrivalsCommand",
                "RecordTriageFeedbackCommand", "SuggestCategoriesQuery", "SuggestTriageQuery",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void The_scan_sees_the_requests_outside_Admin_too()
    {
        Requests.Select(t => t.Name).ShouldContain("RunSyncCommand");
        Requests.Select(t => t.Name).ShouldContain("GetTicketsQuery");
    }
}

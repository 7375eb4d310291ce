using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Commands.RotateWebhookSecret;
using Ticketing.Application.Admin.Commands.TestConnection;
using Ticketing.Application.Admin.Commands.UpdateIntegrationSettings;
using Ticketing.Application.Admin.Queries.GetIntegrationSettings;
using Ticketing.Application.Tickets.Outbox.GetOutboxBacklog;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin;

/// <summary>
/// The Championship IT integration settings. The API key is write-only: the page shows only whether it
/// is set and its last characters, and never sends it back, not even after a failed save.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public UpdateIntegrationSettingsCommand Input { get; set; } = UpdateIntegrationSettingsCommand.From(IntegrationSettingsView.NotConfigured);

    public IntegrationSettingsView Settings { get; private set; } = IntegrationSettingsView.NotConfigured;

    /// <summary>Ticket writes made during an outage that Championship IT has not taken yet.</summary>
    public OutboxBacklog Backlog { get; private set; } = new(0, null);

    public ConnectionTestResult? Test { get; private set; }

    /// <summary>A secret just generated: shown in this response only.</summary>
    public WebhookSecretRotated? NewSecret { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await RepopulateAsync(cancellationToken);
        Input = UpdateIntegrationSettingsCommand.From(Settings);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var saved = await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = saved.Changed
            ? "Settings saved. The sync schedule was updated."
            : "Nothing changed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        Test = await sender.Send(new TestConnectionCommand(), cancellationToken);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        NewSecret = await sender.Send(new RotateWebhookSecretCommand(), cancellationToken);
        // The secret is in this page only: no cache may keep a copy.
        Response.Headers.CacheControl = "no-store";
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken)
    {
        Settings = await sender.Send(new GetIntegrationSettingsQuery(), cancellationToken);
        Backlog = await sender.Send(new GetOutboxBacklogQuery(), cancellationToken);
        // A key typed into a form that failed validation is not echoed back.
        Input = Input with { NewApiKey = null };
    }
}

using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Channels.Commands.RetryDelivery;
using Ticketing.Application.Admin.Channels.Commands.SendTestEmail;
using Ticketing.Application.Admin.Channels.Commands.UpdateMailSettings;
using Ticketing.Application.Admin.Channels.Queries.GetDeliveryOverview;
using Ticketing.Application.Admin.Channels.Queries.GetMailSettings;
using Ticketing.Domain.Channels;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Mail;

/// <summary>Admins set up outgoing SMTP and the IT mailbox, send a test e-mail, and see what waits or failed.</summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty]
    public UpdateMailSettingsCommand Input { get; set; } = UpdateMailSettingsCommand.From(MailSettingsView.From(null));

    [BindProperty]
    public string? TestTo { get; set; }

    public MailSettingsView Settings { get; private set; } = MailSettingsView.From(null);

    public DeliveryOverviewView Overview { get; private set; } = null!;

    /// <summary>The last test's outcome, shown in place (not a redirect: a failure's reason is worth reading).</summary>
    public MailTestResult? TestResult { get; private set; }

    public static IReadOnlyList<(MailSecurity Value, string Name)> Securities { get; } =
    [
        (MailSecurity.Auto, "Automatic"),
        (MailSecurity.StartTls, "STARTTLS"),
        (MailSecurity.SslOnConnect, "TLS (465, 993)"),
        (MailSecurity.None, "None (local only)"),
    ];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input = UpdateMailSettingsCommand.From(Settings);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = "Mail settings saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        TestResult = await sender.Send(new SendTestEmailCommand(TestTo), cancellationToken);
        await LoadAsync(cancellationToken);
        Input = UpdateMailSettingsCommand.From(Settings);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(string kind, long id, CancellationToken cancellationToken)
    {
        await sender.Send(new RetryDeliveryCommand(kind, id), cancellationToken);
        TempData[StatusMessage.Key] = "Put back in the queue; it is sent in the next round.";
        return RedirectToPage(null, null, "failures-heading");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Settings = await sender.Send(new GetMailSettingsQuery(), cancellationToken);
        Overview = await sender.Send(new GetDeliveryOverviewQuery(), cancellationToken);
    }
}

using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Reports.Commands.UnsubscribeFromReport;
using Ticketing.Application.Reports.Queries.GetReportUnsubscribe;

namespace Ticketing.Web.Pages.Reports;

/// <summary>
/// The stop link of a scheduled report e-mail, like the notification e-mails' (see <see cref="Pages.UnsubscribeModel"/>):
/// no sign-in, the signed token is the proof; GET only asks, POST stops that one report, from the button
/// here or a mail client's RFC 8058 one-click <c>List-Unsubscribe-Post</c>, which carries no antiforgery token.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(ISender sender) : PageModel
{
    /// <summary>The report in words; null when it is already stopped.</summary>
    public string? Schedule { get; private set; }

    public bool Done { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken cancellationToken) =>
        Schedule = (await sender.Send(new GetReportUnsubscribeQuery(token), cancellationToken)).Schedule;

    public async Task OnPostAsync(string token, CancellationToken cancellationToken)
    {
        Schedule = (await sender.Send(new UnsubscribeFromReportCommand(token), cancellationToken)).Schedule;
        Done = true;
    }
}

using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Channels.Commands.Unsubscribe;
using Ticketing.Application.Channels.Queries.GetUnsubscribe;

namespace Ticketing.Web.Pages;

/// <summary>
/// The link at the foot of every notification e-mail: no sign-in, the signed token is the proof. GET
/// only asks (link scanners follow links); POST switches the type off, from the button here or from a
/// mail client's RFC 8058 one-click <c>List-Unsubscribe-Post</c>, which carries no antiforgery token.
/// Forging a POST gains nothing: it can only do what the token in the address already allows.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(ISender sender) : PageModel
{
    public string TypeName { get; private set; } = "";

    public bool AlreadyOff { get; private set; }

    public bool Done { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var view = await sender.Send(new GetUnsubscribeQuery(token), cancellationToken);
        TypeName = view.TypeName;
        AlreadyOff = view.AlreadyOff;
    }

    public async Task OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var view = await sender.Send(new UnsubscribeCommand(token), cancellationToken);
        TypeName = view.TypeName;
        Done = true;
    }
}

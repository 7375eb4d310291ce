using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Account.Commands.ConfirmMfaEnrolment;
using Ticketing.Application.Account.Commands.DisableMfa;
using Ticketing.Application.Account.Commands.RegenerateRecoveryCodes;
using Ticketing.Application.Account.Commands.StartMfaEnrolment;
using Ticketing.Application.Account.Queries.GetMfaStatus;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Shared;
using Ticketing.Web.Security;

namespace Ticketing.Web.Pages.Account;

/// <summary>
/// The user's own two-step sign-in: set it up (QR code, the key to type, a code to prove it), see the
/// recovery codes once, replace them, or turn it off. Users who must use it are sent here after sign-in.
/// </summary>
public sealed class MfaModel(ISender sender, SignInCompletion completion) : PageModel, IRepopulatingPage
{
    [BindProperty]
    public ConfirmMfaEnrolmentCommand Input { get; set; } = new(null);

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public MfaStatus Status { get; private set; } = new(false, 0);

    public MfaEnrolment? Enrolment { get; private set; }

    public string? QrCode { get; private set; }

    /// <summary>Why the user must use it (null when it is their choice).</summary>
    public string? Requirement { get; private set; }

    /// <summary>Shown once, right after they were made.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string ContinueTo => SafeReturnUrl.Or(ReturnUrl);

    public Task OnGetAsync(CancellationToken cancellationToken) => RepopulateAsync(cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var codes = await sender.Send(Input, cancellationToken);
        // Turning it on changed the security stamp: this session gets a new cookie, now with the second step.
        await completion.ReissueAsync(HttpContext, secondStep: true);
        RecoveryCodes = codes.Codes;
        Status = new MfaStatus(true, codes.Codes.Count);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        var codes = await sender.Send(new RegenerateRecoveryCodesCommand(), cancellationToken);
        RecoveryCodes = codes.Codes;
        Status = new MfaStatus(true, codes.Codes.Count);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        await sender.Send(new DisableMfaCommand(), cancellationToken);
        await completion.ReissueAsync(HttpContext, secondStep: false);
        TempData[StatusMessage.Key] = "Two-step sign-in is off.";
        return RedirectToPage();
    }

    public async Task RepopulateAsync(CancellationToken cancellationToken)
    {
        Status = await sender.Send(new GetMfaStatusQuery(), cancellationToken);
        Requirement = await MfaGate.ReasonAsync(HttpContext.RequestServices, User, cancellationToken);
        if (!Status.Enabled)
        {
            Enrolment = await sender.Send(new StartMfaEnrolmentCommand(), cancellationToken);
            QrCode = QrCodeImage.PngDataUri(Enrolment.AuthenticatorUri);
        }
    }
}

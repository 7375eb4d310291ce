using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Ticketing.Web.Security;

/// <summary>
/// Limits sign-in attempts (POSTs to the login page) per client address, whatever the account, so
/// passwords cannot be guessed quickly even across many accounts; over the limit the answer is 429 with
/// a short page that says how long to wait. Identity's lockout still guards each account.
/// </summary>
internal static class SignInRateLimit
{
    public const string LoginPath = "/Account/Login";

    /// <summary>The second step shares the limit: six digits must not be guessable quickly either.</summary>
    public const string SecondStepPath = "/Account/LoginWithMfa";

    public static void Configure(RateLimiterOptions options, SecurityOptions settings)
    {
        var window = TimeSpan.FromSeconds(Math.Max(1, settings.SignInWindowSeconds));
        var permits = Math.Max(1, settings.SignInPermitLimit);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        var signIn = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsSignInAttempt(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(signIn, RequestRateLimit.Create(settings));
        options.OnRejected = (rejected, cancellationToken) => IsSignInAttempt(rejected.HttpContext.Request)
            ? RejectAsync(rejected.HttpContext, rejected.Lease, window, cancellationToken)
            : RequestRateLimit.RejectAsync(rejected.HttpContext, rejected.Lease, RequestRateLimit.Window(settings), cancellationToken);
    }

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase) || request.Path.Equals(SecondStepPath, StringComparison.OrdinalIgnoreCase));

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, TimeSpan window, CancellationToken cancellationToken)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page(seconds), cancellationToken);
    }

    private static string Page(int seconds) => TooManyRequestsPage.Html(
        "Too many sign-in attempts",
        $"Sign-in is paused for this network address for a short while. Wait {seconds} seconds, then try again.",
        "If you cannot sign in, ask an administrator.",
        LoginPath,
        "Back to sign in");
}

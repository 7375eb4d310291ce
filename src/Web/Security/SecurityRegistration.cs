using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Ticketing.Web.Security;

// In the app's root namespace, beside TicketingWebApp, so the composition needs no extra using.
namespace Ticketing.Web;

public static class SecurityRegistration
{
    /// <summary>The largest request body: forms are small; the webhook endpoint caps its own at the same size.</summary>
    public const int MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// The sign-in rate limit, request size limits, antiforgery cookie settings and a short security
    /// stamp interval (so a sign-out, a lock or a role change reaches open sessions within a minute).
    /// </summary>
    public static IServiceCollection AddWebSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = SecurityOptions.From(configuration);
        services.AddSingleton(settings);
        services.AddRateLimiter(options => SignInRateLimit.Configure(options, settings));

        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<FormOptions>(options =>
        {
            options.MultipartBodyLengthLimit = MaxRequestBodyBytes;
            options.ValueLengthLimit = MaxRequestBodyBytes;
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            options.ValidationInterval = TimeSpan.FromSeconds(Math.Max(0, settings.SessionValidationSeconds));
            options.OnRefreshingPrincipal = async context =>
            {
                await MustChangePassword.KeepClaimOnRefresh(context);
                await MfaGate.KeepClaimOnRefresh(context);
            };
        });
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<SignInCompletion>();
        return services;
    }

    /// <summary>Content-Security-Policy and the other security headers, on every response (static files and errors too).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Decided on the way in: the dashboard rewrites the request's path before it answers.
            var policy = SecurityHeaders.PolicyFor(context.Request.Path);
            context.Response.OnStarting(() =>
            {
                SecurityHeaders.Apply(context, policy);
                return Task.CompletedTask;
            });
            await next();
        });

    /// <summary>The sign-in rate limit (see <see cref="SignInRateLimit"/>) chained with the per-user one (<see cref="RequestRateLimit"/>).</summary>
    public static IApplicationBuilder UseSignInRateLimit(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>Sends users who must use two-step sign-in and signed in without it to set it up; after <see cref="UseMustChangePassword"/>.</summary>
    public static IApplicationBuilder UseMfaGate(this IApplicationBuilder app) =>
        app.Use((context, next) => MfaGate.InvokeAsync(context, () => next(context)));

    /// <summary>Sends users with a temporary password to choose their own first; after authentication.</summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) =>
        app.Use((context, next) => MustChangePassword.InvokeAsync(context, () => next(context)));
}

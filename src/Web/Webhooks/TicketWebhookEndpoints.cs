using Microsoft.Extensions.Options;
using Ticketing.Web.Webhooks;

// In the app's root namespace, beside TicketingWebApp, so the composition needs no extra using.
namespace Ticketing.Web;

public static class TicketWebhookEndpoints
{
    public const string Path = "/webhook/ticket-update";

    /// <summary>
    /// Registers what the webhook endpoint needs besides the inbox and the signature check (which
    /// <c>AddInfrastructure</c> registers): its options, the address allowlist and the failure limiter.
    /// Invalid allowlist entries stop the app at start-up rather than silently letting everyone in.
    /// </summary>
    public static IServiceCollection AddTicketWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TicketWebhookOptions.Section);
        services.AddOptions<TicketWebhookOptions>()
            .Bind(section)
            .Configure(options =>
            {
                // Also as one value ("10.0.0.0/8, 203.0.113.7"), the natural form for an environment variable.
                if (section[nameof(TicketWebhookOptions.AllowedIps)] is { Length: > 0 } joined)
                {
                    options.AllowedIps.AddRange(joined.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
            })
            .Validate(
                o => WebhookAllowlist.TryParse(o.AllowedIps, out _, out _),
                $"{TicketWebhookOptions.Section}:AllowedIps has entries that are neither an IP address nor a CIDR range.")
            .Validate(
                o => o.FailedAttemptLimit >= 1 && o.FailedAttemptWindowSeconds >= 1,
                $"{TicketWebhookOptions.Section}:FailedAttemptLimit and FailedAttemptWindowSeconds must be at least 1.")
            .ValidateOnStart();

        services.AddSingleton(sp =>
            WebhookAllowlist.TryParse(sp.GetRequiredService<IOptions<TicketWebhookOptions>>().Value.AllowedIps, out var allowlist, out var invalid)
                ? allowlist
                : throw new InvalidOperationException(
                    $"{TicketWebhookOptions.Section}:AllowedIps: not an IP address or CIDR range: {string.Join(", ", invalid)}."));
        services.AddSingleton<WebhookFailureLimiter>();
        services.AddSingleton<TicketWebhookReceiver>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /webhook/ticket-update</c>: anonymous (the signature is the authentication, and the
    /// remote must get status codes, not a login redirect) and without antiforgery (no browser form).
    /// </summary>
    public static IEndpointConventionBuilder MapTicketWebhooks(this IEndpointRouteBuilder endpoints) =>
        endpoints
            .MapPost(Path, context => context.RequestServices.GetRequiredService<TicketWebhookReceiver>().HandleAsync(context))
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithDisplayName("Championship IT webhook");
}

using Ticketing.Application.Common.Interfaces;
using Ticketing.Infrastructure.Observability;

namespace Ticketing.Infrastructure.Webhooks;

/// <summary>The endpoint's answers, counted on the app's meter.</summary>
internal sealed class WebhookMetrics : IWebhookMetrics
{
    public void Answered(int statusCode) => TicketingMetrics.WebhookAnswered(statusCode);
}

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The app's meter, as the webhook endpoint feeds it: one count per answer, by status code.</summary>
public interface IWebhookMetrics
{
    void Answered(int statusCode);
}

using Microsoft.Extensions.Options;

namespace Ticketing.Application.Channels;

/// <summary>The app's own addresses as they appear in e-mails, chat posts and calendar events.</summary>
public sealed class ChannelLinks(IOptions<ChannelOptions> options)
{
    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    public string Ticket(Guid ticketId) => $"{Base}/Tickets/Details/{ticketId}";

    public string Preferences() => $"{Base}/Account/Notifications";

    public string Unsubscribe(string token) => $"{Base}/unsubscribe/{Uri.EscapeDataString(token)}";

    /// <summary>A scheduled report's one-click stop link (<c>/unsubscribe/report/{token}</c>).</summary>
    public string ReportUnsubscribe(string token) => $"{Base}/unsubscribe/report/{Uri.EscapeDataString(token)}";

    public string Calendar(string token) => $"{Base}/calendar/{Uri.EscapeDataString(token)}.ics";

    public string Inbox() => $"{Base}/Notifications";
}

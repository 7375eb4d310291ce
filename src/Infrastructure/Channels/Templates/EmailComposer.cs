using System.Globalization;
using System.Net;
using System.Text;
using Ticketing.Application.Channels;

namespace Ticketing.Infrastructure.Channels.Templates;

/// <summary>
/// The e-mail templates: each message has a text body and an HTML body made from the same model, so
/// both say the same. Every value is HTML-encoded in the HTML body; nothing from a ticket is markup.
/// </summary>
internal sealed class EmailComposer : IEmailComposer
{
    public Task<RenderedEmail> NotificationAsync(NotificationEmailModel m, CancellationToken cancellationToken)
    {
        var subject = m.TicketNumber is null ? m.Title : $"[{m.TicketNumber}] {m.TicketTitle}";
        var facts = new List<(string Label, string Value)>();
        if (m.TicketNumber is not null)
        {
            facts.Add(("Ticket", $"{m.TicketNumber}: {m.TicketTitle}"));
        }

        AddIf(facts, "Status", m.Status);
        AddIf(facts, "Priority", m.Priority);
        AddIf(facts, "Assignee", m.Assignee);
        facts.Add(("When", m.When));

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {m.RecipientName},")
            .AppendLine()
            .AppendLine(m.Title)
            .AppendLine(m.Message)
            .AppendLine();
        foreach (var (label, value) in facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }

        if (m.TicketUrl is not null)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Open the ticket: {m.TicketUrl}");
        }

        if (m.CanReply)
        {
            text.AppendLine().AppendLine("Reply to this e-mail to add a public reply to the ticket.");
        }

        text.AppendLine()
            .AppendLine("--")
            .AppendLine(CultureInfo.InvariantCulture, $"You receive this because of your notification settings ({m.TypeName}).")
            .AppendLine(CultureInfo.InvariantCulture, $"Change them: {m.PreferencesUrl}")
            .AppendLine(CultureInfo.InvariantCulture, $"Stop e-mails about {m.TypeName.ToLowerInvariant()}: {m.UnsubscribeUrl}");

        var html = new StringBuilder();
        Open(html, subject);
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {E(m.RecipientName)},</p><h1 style=\"font-size:20px\">{E(m.Title)}</h1><p>{E(m.Message)}</p>");
        html.Append("<table role=\"presentation\" style=\"border-collapse:collapse\">");
        foreach (var (label, value) in facts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\" style=\"text-align:left;padding:2px 12px 2px 0\">{E(label)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table>");
        if (m.TicketUrl is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(m.TicketUrl)}\">Open {E(m.TicketNumber ?? "the ticket")}</a></p>");
        }

        if (m.CanReply)
        {
            html.Append("<p>Reply to this e-mail to add a public reply to the ticket.</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<hr><p style=\"font-size:12px;color:#555\">You receive this because of your notification settings ({E(m.TypeName)}). ")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{E(m.PreferencesUrl)}\">Change them</a> or <a href=\"{E(m.UnsubscribeUrl)}\">stop e-mails about {E(m.TypeName.ToLowerInvariant())}</a>.</p>");
        Close(html);
        return Task.FromResult(new RenderedEmail(subject, text.ToString(), html.ToString()));
    }

    public Task<RenderedEmail> DigestAsync(DigestEmailModel m, CancellationToken cancellationToken)
    {
        var subject = $"Your IT notifications for {m.Day} ({m.Count})";
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {m.RecipientName},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{m.Count} {(m.Count == 1 ? "notification" : "notifications")} since your last digest:");
        var html = new StringBuilder();
        Open(html, subject);
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {E(m.RecipientName)},</p><h1 style=\"font-size:20px\">{E(subject)}</h1>");
        foreach (var group in m.Tickets)
        {
            text.AppendLine().AppendLine(group.Heading);
            html.Append(group.TicketUrl is null
                ? $"<h2 style=\"font-size:16px\">{E(group.Heading)}</h2><ul>"
                : $"<h2 style=\"font-size:16px\"><a href=\"{E(group.TicketUrl)}\">{E(group.Heading)}</a></h2><ul>");
            foreach (var line in group.Lines)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {line.Time}  {line.Title}: {line.Message}");
                html.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(line.Time)}</strong> {E(line.Title)}: {E(line.Message)}</li>");
            }

            if (group.TicketUrl is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {group.TicketUrl}");
            }

            html.Append("</ul>");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"All notifications: {m.InboxUrl}")
            .AppendLine("--")
            .AppendLine(CultureInfo.InvariantCulture, $"You receive a daily digest because of your notification settings: {m.PreferencesUrl}");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(m.InboxUrl)}\">All notifications</a></p>")
            .Append(CultureInfo.InvariantCulture, $"<hr><p style=\"font-size:12px;color:#555\">You receive a daily digest because of your <a href=\"{E(m.PreferencesUrl)}\">notification settings</a>.</p>");
        Close(html);
        return Task.FromResult(new RenderedEmail(subject, text.ToString(), html.ToString()));
    }

    public Task<RenderedEmail> TestAsync(TestEmailModel m, CancellationToken cancellationToken)
    {
        const string subject = "Test e-mail from IT Ticketing";
        var text = $"This is a test e-mail, sent from {m.SentBy} at {m.When}.\r\nIf you can read it, the SMTP settings work.\r\n";
        var html = new StringBuilder();
        Open(html, subject);
        html.Append(CultureInfo.InvariantCulture, $"<h1 style=\"font-size:20px\">{E(subject)}</h1><p>This is a test e-mail, sent from {E(m.SentBy)} at {E(m.When)}.</p><p>If you can read it, the SMTP settings work.</p>");
        Close(html);
        return Task.FromResult(new RenderedEmail(subject, text, html.ToString()));
    }

    private static void AddIf(List<(string, string)> facts, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            facts.Add((label, value));
        }
    }

    private static void Open(StringBuilder html, string title) =>
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head><body style=\"font-family:sans-serif;font-size:15px;color:#1a1a1a\">");

    private static void Close(StringBuilder html) => html.Append("</body></html>");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}

namespace Ticketing.Application.Channels.Email;

/// <summary>Which mails from the IT mailbox are not a person writing, and so must not become tickets or comments.</summary>
public static class InboundMailRules
{
    private static readonly string[] BulkPrecedence = ["bulk", "junk", "list", "auto_reply", "auto-reply"];
    private static readonly string[] SystemSenders = ["mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply", "donotreply"];

    /// <summary>Why the mail is ignored (an auto-reply, a bounce, a loop), or null for a mail a person wrote.</summary>
    public static string? WhyIgnored(InboundMessage mail, IEnumerable<string?> ownAddresses)
    {
        if (string.IsNullOrWhiteSpace(mail.FromAddress) || mail.Header("Return-Path")?.Trim() == "<>")
        {
            return "A bounce (null sender).";
        }

        if (mail.IsDeliveryReport)
        {
            return "A delivery status report (bounce).";
        }

        if (mail.Header("Auto-Submitted") is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return $"An automatic message (Auto-Submitted: {Short(submitted)}).";
        }

        if (mail.Header("Precedence") is { } precedence && BulkPrecedence.Contains(precedence.Trim().ToLowerInvariant()))
        {
            return $"A bulk or automatic message (Precedence: {Short(precedence)}).";
        }

        if (mail.Header("X-Autoreply") is not null || mail.Header("X-Autorespond") is not null || mail.Header("X-Autoresponder") is not null)
        {
            return "An auto-reply (X-Autoreply).";
        }

        var local = mail.FromAddress.Split('@')[0].ToLowerInvariant();
        if (SystemSenders.Contains(local))
        {
            return $"A message from a mail system ({Short(mail.FromAddress)}).";
        }

        if (ownAddresses.Any(own => EmailAddressing.SameAddress(own, mail.FromAddress)))
        {
            return "Sent by this app (a mail loop).";
        }

        return null;
    }

    private static string Short(string text) => text.Length <= 60 ? text.Trim() : text.Trim()[..60] + "…";
}

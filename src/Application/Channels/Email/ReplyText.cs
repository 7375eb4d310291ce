using System.Text;
using System.Text.RegularExpressions;

namespace Ticketing.Application.Channels.Email;

/// <summary>
/// Keeps what a person wrote in a reply and drops the history and signature their mail client added.
/// No maintained .NET library for this could be restored here, so this is the documented algorithm
/// (after GitHub's email_reply_parser and the quote headers of the common clients), in order:
/// <list type="number">
/// <item>Everything from this app's marker line (<see cref="Marker"/>, at the top of every notification) down is cut.</item>
/// <item>History that clients append without <c>&gt;</c> is cut from where it starts: Outlook's
/// "-----Original Message-----", a line of underscores, or a <c>From:</c> line followed within four lines by
/// <c>Sent:</c>/<c>Date:</c>; "Begin forwarded message:".</item>
/// <item>Quoted lines (starting with <c>&gt;</c>) are dropped, with the "On … wrote:" line that introduces
/// them (also wrapped over two lines, and its French, German, Spanish, Dutch and Portuguese forms). Text
/// between quotes (an inline answer) is kept.</item>
/// <item>The signature is cut: from a delimiter line (<c>-- </c> or <c>--</c>), or a mobile sign-off
/// ("Sent from my iPhone", "Get Outlook for Android").</item>
/// <item>Runs of blank lines become one; the result is trimmed.</item>
/// </list>
/// Known limits: a signature without a delimiter (a name and a phone number) stays; history pasted by a
/// client that uses none of these forms stays.
/// </summary>
public static partial class ReplyText
{
    public const string Marker = "## Reply above this line to comment on the ticket ##";

    public static string Trim(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').ToList();
        Cut(lines, lines.FindIndex(l => l.Contains("## Reply above this line", StringComparison.OrdinalIgnoreCase)));
        Cut(lines, UnquotedHistoryStart(lines));
        lines = DropQuotes(lines);
        Cut(lines, lines.FindIndex(l => l is "-- " or "--" || MobileSignOff().IsMatch(l.Trim())));
        return Collapse(lines);
    }

    private static void Cut(List<string> lines, int from)
    {
        if (from >= 0)
        {
            lines.RemoveRange(from, lines.Count - from);
        }
    }

    private static int UnquotedHistoryStart(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (OriginalMessage().IsMatch(line) || Underscores().IsMatch(line) || line.Equals("Begin forwarded message:", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }

            if (FromHeader().IsMatch(line)
                && lines.Skip(i + 1).Take(4).Any(l => SentHeader().IsMatch(l.Trim())))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string> DropQuotes(List<string> lines)
    {
        var kept = new List<string>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('>'))
            {
                continue;
            }

            if (QuoteHeader().IsMatch(line))
            {
                continue;
            }

            // "On Tue, 5 Dec 2026 at 10:00, Alex Morgan <alex@example.org>" / "wrote:" wrapped by the client.
            if (i + 1 < lines.Count && QuoteHeaderStart().IsMatch(line) && QuoteHeaderEnd().IsMatch(lines[i + 1].Trim()))
            {
                i++;
                continue;
            }

            kept.Add(lines[i].TrimEnd());
        }

        return kept;
    }

    private static string Collapse(List<string> lines)
    {
        var builder = new StringBuilder();
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = builder.Length > 0;
                continue;
            }

            if (blank)
            {
                builder.Append('\n');
                blank = false;
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString().Trim();
    }

    [GeneratedRegex(@"^(On|Le|Am|El|Op|Em)\s.{1,300}(wrote|a écrit|schrieb|escribió|schreef|escreveu)\s?:$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeader();

    [GeneratedRegex(@"^(On|Le|Am|El|Op|Em)\s.{1,300}$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeaderStart();

    [GeneratedRegex(@"^.{0,200}(wrote|a écrit|schrieb|escribió|schreef|escreveu)\s?:$", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteHeaderEnd();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"^\*?(From|De|Von|Van)\s?:\*?\s.+", RegexOptions.IgnoreCase)]
    private static partial Regex FromHeader();

    [GeneratedRegex(@"^\*?(Sent|Date|Envoyé|Gesendet|Enviado|Verzonden)\s?:\*?\s.+", RegexOptions.IgnoreCase)]
    private static partial Regex SentHeader();

    [GeneratedRegex(@"^(Sent from my \w+|Sent from (Mail|Outlook) for \w+|Get Outlook for \w+|Envoyé de mon \w+|Von meinem \w+ gesendet)", RegexOptions.IgnoreCase)]
    private static partial Regex MobileSignOff();
}

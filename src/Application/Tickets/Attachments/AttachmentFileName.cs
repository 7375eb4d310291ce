using System.Globalization;
using System.Text;

namespace Ticketing.Application.Tickets.Attachments;

/// <summary>
/// File names come from anyone (an upload here, or whatever the remote was sent) and may hold any
/// character. Before one is shown, sent as a download's name or passed on to the remote it loses
/// control characters, path separators and the invisible formatting characters that can make
/// "exe.txt" read as "txt.exe" (bidirectional overrides, zero-width characters), and is cut to
/// <see cref="MaxLength"/> characters with its extension kept. HTML is not its concern: pages encode
/// names like any other text.
/// </summary>
public static class AttachmentFileName
{
    public const int MaxLength = 120;

    public const string Fallback = "attachment";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value is '/' or '\\')
            {
                builder.Append('_');
            }
            else if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
            {
                // Dropped: they either do nothing visible or change how the rest of the name reads.
            }
            else
            {
                builder.Append(char.IsWhiteSpace(rune.ToString(), 0) ? " " : rune.ToString());
            }
        }

        // No hidden names (".htaccess" is shown as such, but not "." or ".."), no trailing dots or spaces.
        var clean = string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim().TrimEnd('.').Trim();
        if (clean.Length == 0 || clean.All(c => c == '.'))
        {
            return Fallback;
        }

        return Shorten(clean);
    }

    private static string Shorten(string name)
    {
        var info = new StringInfo(name);
        if (info.LengthInTextElements <= MaxLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        if (extension.Length is 0 or > 16)
        {
            extension = string.Empty;
        }

        var stemLength = MaxLength - 1 - new StringInfo(extension).LengthInTextElements;
        return info.SubstringByTextElements(0, stemLength) + "…" + extension;
    }
}

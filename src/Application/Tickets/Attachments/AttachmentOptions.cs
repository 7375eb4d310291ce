using Ticketing.Application.Remote;

namespace Ticketing.Application.Tickets.Attachments;

/// <summary>Attachment settings, bound from <c>Ticketing:Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Ticketing:Attachments";

    /// <summary>The contract's limit per file (25 MiB); not configurable, the remote refuses more.</summary>
    public const long MaxFileBytes = RemoteAttachmentUpload.MaxBytes;

    /// <summary>What an upload may be when the configuration names nothing: documents, images, text and archives.</summary>
    public static IReadOnlyList<string> DefaultAllowedTypes { get; } =
    [
        FileTypes.Pdf, FileTypes.Png, FileTypes.Jpeg, FileTypes.Gif, FileTypes.Webp, FileTypes.Text, FileTypes.Csv,
        FileTypes.Docx, FileTypes.Xlsx, FileTypes.Pptx, FileTypes.Odt, FileTypes.Ods, FileTypes.Odp, FileTypes.Zip,
    ];

    /// <summary>
    /// The content types an upload may have, as its content shows it (see <see cref="FileTypeSniffer"/>);
    /// null for <see cref="DefaultAllowedTypes"/>. A type the sniffer cannot recognise can never be allowed.
    /// </summary>
    public string[]? AllowedTypes { get; set; }

    /// <summary>How many files one form post may carry (the picker's "several files" without JavaScript).</summary>
    public int MaxFilesPerRequest { get; set; } = 10;

    public IReadOnlySet<string> Allowed =>
        (AllowedTypes is { Length: > 0 } configured ? configured : DefaultAllowedTypes)
            .Select(t => t.Trim().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
}

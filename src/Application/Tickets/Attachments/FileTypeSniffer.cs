using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Ticketing.Application.Tickets.Attachments;

/// <summary>The content types the sniffer recognises, and their names in words.</summary>
public static class FileTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Webp = "image/webp";
    public const string Text = "text/plain";
    public const string Csv = "text/csv";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Odt = "application/vnd.oasis.opendocument.text";
    public const string Ods = "application/vnd.oasis.opendocument.spreadsheet";
    public const string Odp = "application/vnd.oasis.opendocument.presentation";
    public const string Zip = "application/zip";

    /// <summary>"PDF", "Word document", … for a content type; the type itself when it has no name here.</summary>
    public static string Label(string contentType) => (contentType.Split(';')[0].Trim().ToLowerInvariant()) switch
    {
        Pdf => "PDF",
        Png => "PNG image",
        Jpeg => "JPEG image",
        Gif => "GIF image",
        Webp => "WebP image",
        Text => "Text",
        Csv => "CSV",
        Docx => "Word document",
        Xlsx => "Excel workbook",
        Pptx => "PowerPoint presentation",
        Odt => "OpenDocument text",
        Ods => "OpenDocument spreadsheet",
        Odp => "OpenDocument presentation",
        Zip => "ZIP archive",
        "application/octet-stream" => "File",
        var other => other,
    };
}

/// <summary>
/// Tells what a file is from its first bytes, not from its name or what the browser said: PDF, PNG,
/// JPEG, GIF and WebP by their signatures; ZIP containers (OpenDocument by the <c>mimetype</c> entry
/// they must start with; Office Open XML by a ZIP signature together with its extension); UTF-8 text
/// (CSV by extension) by decoding the bytes seen. Only the head of an upload is examined (it streams
/// on to the remote), so text is text as far as <see cref="HeadLength"/> bytes show.
/// </summary>
public static class FileTypeSniffer
{
    /// <summary>How many leading bytes are examined (and held in memory) per upload.</summary>
    public const int HeadLength = 8 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] ZipLocalHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEmptyArchive = [0x50, 0x4B, 0x05, 0x06];

    /// <summary>
    /// The content type of a file whose first bytes are <paramref name="head"/> (all of it when
    /// <paramref name="complete"/>), or null when it is none the sniffer knows.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> head, bool complete, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (head.StartsWith("%PDF-"u8))
        {
            return FileTypes.Pdf;
        }

        if (head.StartsWith(PngSignature))
        {
            return FileTypes.Png;
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return FileTypes.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return FileTypes.Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return FileTypes.Webp;
        }

        if (head.StartsWith(ZipLocalHeader) || head.StartsWith(ZipEmptyArchive))
        {
            return OpenDocumentType(head) ?? extension switch
            {
                ".docx" => FileTypes.Docx,
                ".xlsx" => FileTypes.Xlsx,
                ".pptx" => FileTypes.Pptx,
                _ => FileTypes.Zip,
            };
        }

        if (IsText(head, complete))
        {
            return extension == ".csv" ? FileTypes.Csv : FileTypes.Text;
        }

        return null;
    }

    /// <summary>
    /// An OpenDocument file starts with an uncompressed entry named <c>mimetype</c> holding its type
    /// (the OpenDocument packaging rules), so the type is read, not guessed.
    /// </summary>
    private static string? OpenDocumentType(ReadOnlySpan<byte> head)
    {
        const int headerLength = 30;
        if (head.Length < headerLength || !head.StartsWith(ZipLocalHeader))
        {
            return null;
        }

        var method = BinaryPrimitives.ReadUInt16LittleEndian(head[8..]);
        var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(head[18..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[26..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(head[28..]);
        var dataStart = headerLength + nameLength + extraLength;
        if (method != 0 || size is <= 0 or > 100 || head.Length < dataStart + size
            || !head.Slice(headerLength, nameLength).SequenceEqual("mimetype"u8))
        {
            return null;
        }

        var type = Encoding.ASCII.GetString(head.Slice(dataStart, size));
        return type switch
        {
            FileTypes.Odt or FileTypes.Ods or FileTypes.Odp => type,
            _ => null,
        };
    }

    /// <summary>
    /// UTF-8 (with or without a byte order mark) without control characters other than tab, line
    /// breaks and form feed. A character cut off by the end of an incomplete head is not held against it.
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.IsEmpty)
        {
            return false;
        }

        var bytes = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        if (!complete)
        {
            // Drop a multi-byte sequence the head cut in two.
            var cut = 0;
            for (var i = bytes.Length - 1; i >= 0 && i >= bytes.Length - 4; i--)
            {
                if ((bytes[i] & 0xC0) != 0x80)
                {
                    var needed = bytes[i] >= 0xF0 ? 4 : bytes[i] >= 0xE0 ? 3 : bytes[i] >= 0xC0 ? 2 : 1;
                    cut = bytes.Length - i < needed ? bytes.Length - i : 0;
                    break;
                }
            }

            bytes = bytes[..^cut];
        }

        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }

            if (b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}

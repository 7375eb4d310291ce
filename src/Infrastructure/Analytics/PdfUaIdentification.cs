using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Ticketing.Infrastructure.Analytics;

/// <summary>
/// Declares a PDF that PDFsharp saved as PDF/UA-1 (docs/decisions/142-pdf-ua-identification.md): PDF/UA asks for the
/// identifier <c>pdfuaid:part 1</c> and the title in the document's XMP metadata, and PDFsharp 6.2 writes its own XMP
/// on every save, without that identifier and with no way to add it. So the saved file gets an incremental update —
/// appended, as PDF allows, the bytes before it unchanged — that replaces the metadata stream the catalog names.
/// </summary>
internal static partial class PdfUaIdentification
{
    public static byte[] Declare(byte[] pdf, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var text = Encoding.Latin1.GetString(pdf);
        var trailerAt = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var startXrefAt = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (trailerAt < 0 || startXrefAt < trailerAt)
        {
            throw new InvalidOperationException("The PDF has no cross-reference table trailer to update.");
        }

        var trailer = text[(trailerAt + "trailer".Length)..startXrefAt].Trim();
        var previousXref = long.Parse(StartXref().Match(text, startXrefAt).Groups[1].Value, CultureInfo.InvariantCulture);
        var size = int.Parse(Size().Match(trailer).Groups[1].Value, CultureInfo.InvariantCulture);
        var root = Root().Match(trailer);
        var catalogAt = root.Success ? text.LastIndexOf($"\n{root.Groups[1].Value} {root.Groups[2].Value} obj", StringComparison.Ordinal) : -1;
        var catalogEnd = catalogAt < 0 ? -1 : text.IndexOf("endobj", catalogAt, StringComparison.Ordinal);
        if (catalogEnd < 0)
        {
            throw new InvalidOperationException("The PDF's catalog was not found.");
        }

        // The metadata stream the catalog already names gets a new version; a catalog without one is not what PDFsharp writes.
        var metadata = Metadata().Match(text[catalogAt..catalogEnd]);
        if (!metadata.Success)
        {
            throw new InvalidOperationException("The PDF's catalog names no metadata stream.");
        }

        var number = int.Parse(metadata.Groups[1].Value, CultureInfo.InvariantCulture);
        var generation = int.Parse(metadata.Groups[2].Value, CultureInfo.InvariantCulture);
        var xmp = Encoding.UTF8.GetBytes(Xmp(title, description));

        using var output = new MemoryStream(pdf.Length + xmp.Length + 1024);
        output.Write(pdf);
        if (pdf[^1] != (byte)'\n')
        {
            output.WriteByte((byte)'\n');
        }

        var objectAt = output.Position;
        Write(output, $"{number} {generation} obj\n<< /Type /Metadata /Subtype /XML /Length {xmp.Length} >>\nstream\n");
        output.Write(xmp);
        Write(output, "\nendstream\nendobj\n");
        var xrefAt = output.Position;
        // Each entry is exactly 20 bytes: offset, generation, "n", a space and a line feed.
        Write(output, $"xref\n{number} 1\n{objectAt:D10} {generation:D5} n \n");
        var newTrailer = Prev().Replace(trailer, "");
        newTrailer = Size().Replace(newTrailer, $"/Size {Math.Max(size, number + 1)}");
        newTrailer = newTrailer[..newTrailer.LastIndexOf(">>", StringComparison.Ordinal)].TrimEnd() + $"\n  /Prev {previousXref}\n>>";
        Write(output, $"trailer\n{newTrailer}\nstartxref\n{xrefAt}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>The XMP packet: the title and description (Dublin Core, as the Info dictionary has them) and the PDF/UA part.</summary>
    private static string Xmp(string title, string description) =>
        $"""
        <?xpacket begin="{'\uFEFF'}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <dc:format>application/pdf</dc:format>
              <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{SecurityElement.Escape(title)}</rdf:li></rdf:Alt></dc:title>
              <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{SecurityElement.Escape(description)}</rdf:li></rdf:Alt></dc:description>
              <dc:language><rdf:Bag><rdf:li>en</rdf:li></rdf:Bag></dc:language>
            </rdf:Description>
            <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
              <pdfuaid:part>1</pdfuaid:part>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="r"?>
        """;

    private static void Write(Stream output, string ascii) => output.Write(Encoding.Latin1.GetBytes(ascii));

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Size\s+(\d+)")]
    private static partial Regex Size();

    [GeneratedRegex(@"/Root\s+(\d+)\s+(\d+)\s+R")]
    private static partial Regex Root();

    [GeneratedRegex(@"/Metadata\s+(\d+)\s+(\d+)\s+R")]
    private static partial Regex Metadata();

    [GeneratedRegex(@"/Prev\s+\d+")]
    private static partial Regex Prev();
}

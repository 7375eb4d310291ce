using System.Xml.Linq;
using Shouldly;
using UglyToad.PdfPig.Tokens;

namespace Ticketing.IntegrationTests.Reports;

/// <summary>
/// Reads a report PDF's tagging back with PdfPig (docs/decisions/128-tagged-pdf-reports.md) and checks the PDF/UA-1
/// essentials a validator would (decision 142): the catalog says the file is marked, names its language, shows its title
/// and holds a structure tree with a parent tree; the XMP metadata declares PDF/UA part 1 with the title; every page's
/// tab order follows the structure; every font is embedded; every header cell says what it heads; every figure has an
/// alternative text. Returns the tree's elements in order.
/// </summary>
internal static class TaggedPdf
{
    private static readonly XNamespace PdfUaId = "http://www.aiim.org/pdfua/ns/id/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    /// <summary>Asserts the catalog's tagging entries and returns the structure elements, depth first: type and alternative text.</summary>
    public static List<(string Type, string? Alt)> Structure(UglyToad.PdfPig.PdfDocument pdf)
    {
        var catalog = pdf.Structure.Catalog.CatalogDictionary.Data;
        catalog.ShouldContainKey("MarkInfo");
        var markInfo = Resolve(pdf, catalog["MarkInfo"]).ShouldBeOfType<DictionaryToken>();
        Resolve(pdf, markInfo.Data["Marked"]).ShouldBeOfType<BooleanToken>().Data.ShouldBeTrue();
        catalog.ShouldContainKey("Lang");
        Resolve(pdf, catalog["Lang"]).ShouldBeOfType<StringToken>().Data.ShouldBe("en");
        catalog.ShouldContainKey("ViewerPreferences");
        var preferences = Resolve(pdf, catalog["ViewerPreferences"]).ShouldBeOfType<DictionaryToken>();
        Resolve(pdf, preferences.Data["DisplayDocTitle"]).ShouldBeOfType<BooleanToken>().Data.ShouldBeTrue();
        catalog.ShouldContainKey("StructTreeRoot");
        var root = Resolve(pdf, catalog["StructTreeRoot"]).ShouldBeOfType<DictionaryToken>();
        root.Data.ShouldContainKey("ParentTree");

        pdf.TryGetXmpMetadata(out var xmp).ShouldBeTrue("the catalog names an XMP metadata stream");
        var xml = xmp.ShouldNotBeNull().GetXDocument();
        string.Join(",", xml.Descendants(PdfUaId + "part").Select(p => p.Value.Trim())).ShouldBe("1", "the XMP declares PDF/UA-1");
        xml.Descendants(Dc + "title").SelectMany(t => t.Descendants()).Select(li => li.Value).ShouldContain(pdf.Information.Title.ShouldNotBeNull());

        for (var number = 1; number <= pdf.NumberOfPages; number++)
        {
            var page = pdf.GetPage(number).Dictionary.Data;
            page.ShouldContainKey("Tabs");
            Resolve(pdf, page["Tabs"]).ShouldBeOfType<NameToken>().Data.ShouldBe("S", $"page {number}'s tab order");
            var resources = Resolve(pdf, page["Resources"]).ShouldBeOfType<DictionaryToken>();
            var fonts = Resolve(pdf, resources.Data["Font"]).ShouldBeOfType<DictionaryToken>();
            foreach (var font in fonts.Data.Values)
            {
                Embedded(pdf, Resolve(pdf, font).ShouldBeOfType<DictionaryToken>()).ShouldBeTrue($"every font on page {number} is embedded");
            }
        }

        var elements = new List<(string Type, string? Alt)>();
        Walk(pdf, root.Data["K"], elements);
        elements.ShouldNotBeEmpty();
        elements[0].Type.ShouldBe("Document");
        elements.Where(e => e.Type == "Figure").ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Alt));
        return elements;
    }

    /// <summary>A simple font's descriptor, or a composite font's descendant's, holds the font program.</summary>
    private static bool Embedded(UglyToad.PdfPig.PdfDocument pdf, DictionaryToken font)
    {
        if (font.Data.TryGetValue("DescendantFonts", out var descendants))
        {
            var fonts = Resolve(pdf, descendants).ShouldBeOfType<ArrayToken>().Data;
            return fonts.Count > 0 && fonts.All(d => Embedded(pdf, Resolve(pdf, d).ShouldBeOfType<DictionaryToken>()));
        }

        return font.Data.TryGetValue("FontDescriptor", out var descriptor)
            && Resolve(pdf, descriptor) is DictionaryToken d
            && (d.Data.ContainsKey("FontFile") || d.Data.ContainsKey("FontFile2") || d.Data.ContainsKey("FontFile3"));
    }

    /// <summary>A header cell's /Scope, from its attribute object or any of its attribute objects.</summary>
    private static string? Scope(UglyToad.PdfPig.PdfDocument pdf, DictionaryToken element)
    {
        if (!element.Data.TryGetValue("A", out var attributes))
        {
            return null;
        }

        IEnumerable<IToken> objects = Resolve(pdf, attributes) is ArrayToken array ? array.Data.Select(a => Resolve(pdf, a)) : [Resolve(pdf, attributes)];
        return objects.OfType<DictionaryToken>()
            .Select(a => a.Data.TryGetValue("Scope", out var scope) ? Resolve(pdf, scope) as NameToken : null)
            .FirstOrDefault(s => s is not null)?.Data;
    }

    /// <summary>A text string, literal or hex (PDFsharp writes non-ASCII text as UTF-16BE with a byte order mark).</summary>
    private static string? Text(IToken token) => token switch
    {
        StringToken text => text.Data,
        HexToken hex when hex.Memory.Span is [0xFE, 0xFF, ..] => System.Text.Encoding.BigEndianUnicode.GetString(hex.Memory.Span[2..]),
        HexToken hex => System.Text.Encoding.Latin1.GetString(hex.Memory.Span),
        _ => null,
    };

    private static IToken Resolve(UglyToad.PdfPig.PdfDocument pdf, IToken token) =>
        token is IndirectReferenceToken reference ? pdf.Structure.GetObject(reference.Data).Data : token;

    private static void Walk(UglyToad.PdfPig.PdfDocument pdf, IToken token, List<(string Type, string? Alt)> into)
    {
        switch (Resolve(pdf, token))
        {
            case ArrayToken array:
                foreach (var item in array.Data)
                {
                    Walk(pdf, item, into);
                }

                break;
            case DictionaryToken element when element.Data.TryGetValue("S", out var type) && type is NameToken name:
                into.Add((name.Data, element.Data.TryGetValue("Alt", out var alt) ? Text(Resolve(pdf, alt)) : null));
                if (name.Data == "TH")
                {
                    Scope(pdf, element).ShouldBeOneOf("Column", "Row");
                }

                if (element.Data.TryGetValue("K", out var kids))
                {
                    Walk(pdf, kids, into);
                }

                break;
        }
    }
}

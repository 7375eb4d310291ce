using Shouldly;
using UglyToad.PdfPig.Tokens;

namespace Ticketing.IntegrationTests.Reports;

/// <summary>
/// Reads a report PDF's tagging back with PdfPig (docs/decisions/128-tagged-pdf-reports.md): the catalog
/// says the file is marked, names its language and holds a structure tree; the tree's elements in order.
/// </summary>
internal static class TaggedPdf
{
    /// <summary>Asserts the catalog's tagging entries and returns the structure elements, depth first: type and alternative text.</summary>
    public static List<(string Type, string? Alt)> Structure(UglyToad.PdfPig.PdfDocument pdf)
    {
        var catalog = pdf.Structure.Catalog.CatalogDictionary.Data;
        catalog.ShouldContainKey("MarkInfo");
        var markInfo = Resolve(pdf, catalog["MarkInfo"]).ShouldBeOfType<DictionaryToken>();
        Resolve(pdf, markInfo.Data["Marked"]).ShouldBeOfType<BooleanToken>().Data.ShouldBeTrue();
        catalog.ShouldContainKey("Lang");
        Resolve(pdf, catalog["Lang"]).ShouldBeOfType<StringToken>().Data.ShouldBe("en");
        catalog.ShouldContainKey("StructTreeRoot");
        var root = Resolve(pdf, catalog["StructTreeRoot"]).ShouldBeOfType<DictionaryToken>();

        var elements = new List<(string Type, string? Alt)>();
        Walk(pdf, root.Data["K"], elements);
        elements.ShouldNotBeEmpty();
        elements[0].Type.ShouldBe("Document");
        return elements;
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
                if (element.Data.TryGetValue("K", out var kids))
                {
                    Walk(pdf, kids, into);
                }

                break;
        }
    }
}

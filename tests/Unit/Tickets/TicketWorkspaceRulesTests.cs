using System.Text;
using Shouldly;
using Ticketing.Application.Tickets.Attachments;
using Ticketing.Application.Tickets.Commands;

namespace Ticketing.UnitTests.Tickets;

/// <summary>
/// The ticket page's rules that need no remote: what an upload is by its content, how a file's name
/// is cleaned before it is shown or sent, and custom fields keeping their JSON types through the editor.
/// </summary>
public sealed class TicketWorkspaceRulesTests
{
    [Theory]
    [InlineData("%PDF-1.7\n%binary", "report.pdf", FileTypes.Pdf)]
    [InlineData("%PDF-1.4", "named-wrongly.txt", FileTypes.Pdf)]
    [InlineData("GIF89a....", "a.gif", FileTypes.Gif)]
    [InlineData("plain words\r\nand a second line\t", "notes.txt", FileTypes.Text)]
    [InlineData("a,b\n1,2\n", "figures.csv", FileTypes.Csv)]
    [InlineData("Grüße, ça va — 😀\n", "utf8.txt", FileTypes.Text)]
    public void A_file_is_known_by_its_content_whatever_its_name(string head, string name, string expected) =>
        FileTypeSniffer.Detect(Encoding.UTF8.GetBytes(head), complete: true, name).ShouldBe(expected);

    [Fact]
    public void Images_and_zip_based_documents_are_known_by_their_signatures()
    {
        FileTypeSniffer.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], true, "x.png").ShouldBe(FileTypes.Png);
        FileTypeSniffer.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0], true, "x.jpg").ShouldBe(FileTypes.Jpeg);
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0];
        FileTypeSniffer.Detect(zip, false, "letter.docx").ShouldBe(FileTypes.Docx);
        FileTypeSniffer.Detect(zip, false, "sheet.xlsx").ShouldBe(FileTypes.Xlsx);
        FileTypeSniffer.Detect(zip, false, "bundle.zip").ShouldBe(FileTypes.Zip);
    }

    [Fact]
    public void A_program_or_binary_named_as_a_document_is_no_known_type()
    {
        FileTypeSniffer.Detect("MZ\u0090\0\u0003\0\0\0"u8, true, "invoice.pdf").ShouldBeNull();
        FileTypeSniffer.Detect([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0], true, "readme.txt").ShouldBeNull();
        FileTypeSniffer.Detect([0xC3, 0x28, 0x41], true, "bad-utf8.txt").ShouldBeNull();
        FileTypeSniffer.Detect([], true, "empty.txt").ShouldBeNull();
    }

    [Fact]
    public void Text_cut_mid_character_by_the_end_of_the_head_is_still_text()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 10) + "é");
        FileTypeSniffer.Detect(bytes.AsSpan(0, bytes.Length - 1), complete: false, "long.txt").ShouldBe(FileTypes.Text);
        FileTypeSniffer.Detect(bytes.AsSpan(0, bytes.Length - 1), complete: true, "short.txt").ShouldBeNull();
    }

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", ".._.._etc_passwd")]
    [InlineData("C:\\Users\\x\\cv.docx", "C:_Users_x_cv.docx")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("line\r\nbreak\t.txt", "linebreak.txt")]
    [InlineData("zero\u200Bwidth.txt", "zerowidth.txt")]
    [InlineData("   ", AttachmentFileName.Fallback)]
    [InlineData("..", AttachmentFileName.Fallback)]
    [InlineData("trailing dots...", "trailing dots")]
    [InlineData("\"><img src=x onerror=alert(1)>.txt", "\"><img src=x onerror=alert(1)>.txt")]
    public void File_names_lose_separators_controls_and_invisible_formatting(string name, string expected) =>
        AttachmentFileName.Sanitize(name).ShouldBe(expected);

    [Fact]
    public void A_long_file_name_is_cut_keeping_its_extension()
    {
        var clean = AttachmentFileName.Sanitize(new string('x', 300) + ".xlsx");
        clean.Length.ShouldBe(AttachmentFileName.MaxLength);
        clean.ShouldEndWith("….xlsx");
    }

    [Fact]
    public void Custom_fields_keep_their_json_types_through_the_editor()
    {
        const string stored = """{"cost":12.5,"urgent":true,"owner":"Dana","limits":{"max":3},"tags":["a","b"]}""";
        var rows = CustomFieldValues.Rows(stored);
        rows.Select(r => (r.Key, r.Type)).ShouldBe(
        [
            ("cost", CustomFieldInput.NumberType), ("urgent", CustomFieldInput.BooleanType), ("owner", CustomFieldInput.TextType),
            ("limits", CustomFieldInput.JsonType), ("tags", CustomFieldInput.JsonType),
        ]);

        var errors = new Dictionary<string, List<string>>();
        var json = CustomFieldValues.ToJson(rows, errors);
        errors.ShouldBeEmpty();
        CustomFieldValues.SameObject(json, stored).ShouldBeTrue();
    }

    [Fact]
    public void A_custom_field_value_that_is_not_its_kind_is_refused_on_its_row()
    {
        var errors = new Dictionary<string, List<string>>();
        var json = CustomFieldValues.ToJson(
        [
            new CustomFieldInput { Key = "count", Type = CustomFieldInput.NumberType, Value = "three" },
            new CustomFieldInput { Key = "", Type = CustomFieldInput.TextType, Value = "orphan" },
            new CustomFieldInput(),
            new CustomFieldInput { Key = "ok", Type = CustomFieldInput.TextType, Value = "12" },
        ], errors);

        json.ShouldBeNull();
        errors.Keys.ShouldBe(["CustomFields[0].Value", "CustomFields[1].Key"], ignoreOrder: true);
    }

    [Fact]
    public void A_number_typed_as_text_stays_text()
    {
        var errors = new Dictionary<string, List<string>>();
        var json = CustomFieldValues.ToJson([new CustomFieldInput { Key = "zip", Type = CustomFieldInput.TextType, Value = "01234" }], errors);
        json.ShouldBe("""{"zip":"01234"}""");
    }
}

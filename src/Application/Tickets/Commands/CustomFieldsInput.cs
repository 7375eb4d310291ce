using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ticketing.Application.Tickets.Commands;

/// <summary>
/// Custom fields as a form takes them: the text of a JSON object (<c>{"asset_tag": "LT-2231"}</c>),
/// kept as written so JSON types survive. Empty text means none.
/// </summary>
public static class CustomFieldsInput
{
    public const int MaxBytes = 16 * 1024;

    // Shown in a form, so accents and quotes stay as typed rather than \u escapes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string Help = "A JSON object, e.g. {\"asset_tag\": \"LT-2231\", \"on_site\": true}. Leave empty for none.";

    /// <summary>Why the text is not acceptable, or null when it is.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return "The custom fields can be at most 16 KiB.";
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "The custom fields must be a JSON object: names and values in braces, e.g. {\"asset_tag\": \"LT-2231\"}.";
            }

            // PostgreSQL's jsonb cannot hold NUL in a string; the mirror would refuse the ticket.
            return text.Contains("\\u0000", StringComparison.Ordinal) ? "The custom fields cannot contain a NUL character (\\u0000)." : null;
        }
        catch (JsonException)
        {
            return "The custom fields are not valid JSON: check the quotes, commas and braces.";
        }
    }

    /// <summary>The object's text for storing or sending, or null for none (empty text or <c>{}</c>); call after <see cref="Problem"/> passed.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateObject().Any() ? document.RootElement.GetRawText() : null;
    }

    /// <summary>Stored JSON as the form shows it: indented, or empty for none.</summary>
    public static string ForForm(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return string.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any()
                ? string.Empty
                : JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}

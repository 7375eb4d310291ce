using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ticketing.Application.Tickets.Commands;

/// <summary>
/// One row of the custom fields editor: a key, the JSON type its value keeps, and the value as typed.
/// A row with neither key nor value is the editor's empty "add a field" row and means nothing.
/// </summary>
public sealed record CustomFieldInput
{
    public const string TextType = "text";
    public const string NumberType = "number";
    public const string BooleanType = "boolean";
    public const string JsonType = "json";

    public string? Key { get; init; }

    /// <summary><see cref="TextType"/>, <see cref="NumberType"/>, <see cref="BooleanType"/> or <see cref="JsonType"/> (objects, lists, null).</summary>
    public string? Type { get; init; }

    public string? Value { get; init; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Key) && string.IsNullOrWhiteSpace(Value);
}

/// <summary>
/// A ticket's <c>custom_fields</c> (any JSON object) as the editor's rows and back, keeping each
/// value's JSON type: a number stays a number, <c>true</c> stays a boolean, an object stays an object.
/// </summary>
public static class CustomFieldValues
{
    public const int MaxKeyLength = 100;
    public const int MaxFields = 50;
    public const int MaxJsonLength = 16 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The editor's rows for a stored object, in its order; none for an empty or unreadable one.</summary>
    public static IReadOnlyList<CustomFieldInput> Rows(string? json)
    {
        if (Parse(json) is not JsonObject fields)
        {
            return [];
        }

        return
        [
            .. fields.Select(p => p.Value switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => Row(p.Key, CustomFieldInput.TextType, v.GetValue<string>()),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => Row(p.Key, CustomFieldInput.NumberType, v.ToJsonString()),
                JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => Row(p.Key, CustomFieldInput.BooleanType, v.ToJsonString()),
                null => Row(p.Key, CustomFieldInput.JsonType, "null"),
                var node => Row(p.Key, CustomFieldInput.JsonType, node.ToJsonString(Indented)),
            }),
        ];
    }

    /// <summary>
    /// The JSON object of the editor's rows (blank rows skipped), or null with the problems per row
    /// (<c>CustomFields[i].Key</c>, <c>CustomFields[i].Value</c>) when a row cannot be one.
    /// </summary>
    public static string? ToJson(IReadOnlyList<CustomFieldInput> rows, IDictionary<string, List<string>> errors)
    {
        var result = new JsonObject();
        var count = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsBlank)
            {
                continue;
            }

            var keyName = $"CustomFields[{i}].Key";
            var valueName = $"CustomFields[{i}].Value";
            var key = row.Key?.Trim() ?? "";
            if (key.Length == 0)
            {
                Add(errors, keyName, "Give this custom field a name, or empty its value to remove it.");
                continue;
            }

            if (key.Length > MaxKeyLength)
            {
                Add(errors, keyName, $"A custom field's name can be at most {MaxKeyLength} characters.");
                continue;
            }

            if (result.ContainsKey(key))
            {
                Add(errors, keyName, $"There is already a custom field named “{key}”.");
                continue;
            }

            if (++count > MaxFields)
            {
                Add(errors, keyName, $"A ticket can have at most {MaxFields} custom fields.");
                continue;
            }

            var (ok, node) = Value(row, out var problem);
            if (ok)
            {
                result[key] = node;
            }
            else
            {
                Add(errors, valueName, problem!);
            }
        }

        var json = result.ToJsonString();
        if (json.Length > MaxJsonLength)
        {
            Add(errors, "CustomFields", $"The custom fields can hold at most {MaxJsonLength / 1024} KiB of JSON together.");
        }

        return errors.Count == 0 ? json : null;
    }

    /// <summary>Whether two stored objects hold the same fields and values (order and spacing aside); blank is an empty object.</summary>
    public static bool SameObject(string? a, string? b)
    {
        var left = Parse(a);
        var right = Parse(b);
        return left is not null && right is not null
            ? JsonNode.DeepEquals(left, right)
            : string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
    }

    /// <summary>The object's compact JSON text, <c>{}</c> for none; text that is not JSON is kept as it is.</summary>
    public static string Normalize(string? json) =>
        string.IsNullOrWhiteSpace(json) ? "{}" : Parse(json)?.ToJsonString() ?? json;

    private static (bool Ok, JsonNode? Node) Value(CustomFieldInput row, out string? problem)
    {
        problem = null;
        var text = row.Value ?? "";
        switch (row.Type)
        {
            case CustomFieldInput.NumberType:
                if (decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) && Json(text.Trim()) is JsonValue number
                    && number.GetValueKind() == JsonValueKind.Number)
                {
                    return (true, number);
                }

                problem = "Enter a number, e.g. 42 or 3.5 (a dot for decimals).";
                return (false, null);

            case CustomFieldInput.BooleanType:
                switch (text.Trim().ToLowerInvariant())
                {
                    case "true" or "yes":
                        return (true, JsonValue.Create(true));
                    case "false" or "no":
                        return (true, JsonValue.Create(false));
                    default:
                        problem = "Enter true or false.";
                        return (false, null);
                }

            case CustomFieldInput.JsonType:
                var parsed = Json(text);
                if (parsed is not null || text.Trim() == "null")
                {
                    return (true, parsed);
                }

                problem = "Enter valid JSON, e.g. {\"room\": \"4.12\"} or [1, 2].";
                return (false, null);

            case CustomFieldInput.TextType or null or "":
                return (true, JsonValue.Create(text));

            default:
                problem = "Choose the kind of value from the list.";
                return (false, null);
        }
    }

    /// <summary>Any JSON value, or null when the text is not JSON (or is the JSON null).</summary>
    private static JsonNode? Json(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CustomFieldInput Row(string key, string type, string value) => new() { Key = key, Type = type, Value = value };

    private static void Add(IDictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }
}

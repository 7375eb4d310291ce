using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// Reads the contract's ticket object from a <see cref="JsonElement"/> and writes request bodies.
/// Reading is per record: one unreadable ticket becomes a <see cref="RemoteRecordError"/> with every
/// problem found, never an exception that would lose the rest of its page. Unknown fields are ignored.
/// </summary>
public static class RemoteTicketJson
{
    // The cache's column sizes: a longer value would fail the whole batch's upsert, so it fails alone here.
    private const int MaxIdLength = 128;
    private const int MaxTicketNumberLength = 64;
    private const int MaxTitleLength = 500;
    private const int MaxNameLength = 200;
    private const int MaxEmailLength = 320;

    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Reads one ticket; <see cref="Ticket.LastSyncedAt"/> is left for the caller.</summary>
    public static bool TryRead(JsonElement item, [NotNullWhen(true)] out Ticket? ticket, [NotNullWhen(false)] out RemoteRecordError? error)
    {
        ticket = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = new RemoteRecordError(null, $"The record is not a JSON object but {Describe(item.ValueKind)}.");
            return false;
        }

        var fields = TicketFields.Of(item);
        var problems = new List<string>();
        var id = RequiredStringValue(fields.Id, "id", MaxIdLength, problems);
        var ticketNumber = RequiredStringValue(fields.TicketNumber, "ticket_number", MaxTicketNumberLength, problems);
        var title = RequiredStringValue(fields.Title, "title", MaxTitleLength, problems);
        var description = OptionalStringValue(fields.Description, "description", int.MaxValue, problems);
        var status = RequiredEnum<TicketStatus>(fields.Status, "status", problems);
        var priority = RequiredEnum<TicketPriority>(fields.Priority, "priority", problems);
        var category = OptionalStringValue(fields.Category, "category", MaxNameLength, problems);
        var requesterId = OptionalStringValue(fields.RequesterId, "requester_id", MaxIdLength, problems);
        var requesterName = OptionalStringValue(fields.RequesterName, "requester_name", MaxNameLength, problems);
        var requesterEmail = OptionalStringValue(fields.RequesterEmail, "requester_email", MaxEmailLength, problems);
        var assigneeId = OptionalStringValue(fields.AssigneeId, "assignee_id", MaxIdLength, problems);
        var assigneeName = OptionalStringValue(fields.AssigneeName, "assignee_name", MaxNameLength, problems);
        var department = OptionalStringValue(fields.Department, "department", MaxNameLength, problems);
        var createdAt = RequiredTimestampValue(fields.CreatedAt, "created_at", problems);
        var updatedAt = RequiredTimestampValue(fields.UpdatedAt, "updated_at", problems);
        var resolvedAt = OptionalTimestamp(fields.ResolvedAt, "resolved_at", problems);
        var dueDate = OptionalTimestamp(fields.DueDate, "due_date", problems);
        var tags = Tags(fields.Tags, problems);
        var customFields = CustomFields(fields.CustomFields, problems);

        if (problems.Count > 0)
        {
            error = new RemoteRecordError(id, string.Join(" ", problems));
            return false;
        }

        ticket = new Ticket
        {
            ExternalTicketId = id!,
            TicketNumber = ticketNumber!,
            Title = title!,
            Description = description,
            Status = status,
            Priority = priority,
            Category = category,
            RequesterId = requesterId,
            RequesterName = requesterName,
            RequesterEmail = requesterEmail,
            AssigneeId = assigneeId,
            AssigneeName = assigneeName,
            Department = department,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            ResolvedAt = resolvedAt,
            DueDate = dueDate,
            Tags = tags,
            CustomFieldsJson = customFields,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// Just the id and <c>updated_at</c>, which the change stream needs to de-duplicate and move its
    /// cursor even for a record that cannot be read in full.
    /// </summary>
    public static bool TryReadKey(JsonElement item, [NotNullWhen(true)] out string? id, out DateTimeOffset updatedAt)
    {
        id = null;
        updatedAt = default;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("updated_at", out var updatedElement) || !TryReadTimestamp(updatedElement, out updatedAt))
        {
            return false;
        }

        id = idElement.GetString();
        return !string.IsNullOrEmpty(id);
    }

    /// <summary>ISO 8601 in UTC with <c>Z</c>, as the remote writes it.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    /// <summary>The JSON body of <c>POST /tickets</c>; absent values are left out.</summary>
    public static byte[] WriteCreateBody(RemoteTicketCreate ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("title", ticket.Title);
            WriteIfSet(writer, "description", ticket.Description);
            writer.WriteString("priority", WireName<TicketPriority>.Of(ticket.Priority));
            WriteIfSet(writer, "category", ticket.Category);
            WriteIfSet(writer, "department", ticket.Department);
            WriteIfSet(writer, "requester_name", ticket.RequesterName);
            WriteIfSet(writer, "requester_email", ticket.RequesterEmail);
            if (ticket.DueDate is { } due)
            {
                writer.WriteString("due_date", FormatTimestamp(due));
            }

            if (ticket.Tags is { } tags)
            {
                WriteTags(writer, tags);
            }

            if (ticket.CustomFieldsJson is { } customFields)
            {
                WriteCustomFields(writer, customFields);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON body of <c>PATCH /tickets/{id}</c>: exactly the fields that are set, nulls included.</summary>
    public static byte[] WriteUpdateBody(RemoteTicketUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (update.Title.HasValue)
            {
                writer.WriteString("title", update.Title.Value);
            }

            WriteOptional(writer, "description", update.Description);
            if (update.Status.HasValue)
            {
                writer.WriteString("status", WireName<TicketStatus>.Of(update.Status.Value));
            }

            if (update.Priority.HasValue)
            {
                writer.WriteString("priority", WireName<TicketPriority>.Of(update.Priority.Value));
            }

            WriteOptional(writer, "category", update.Category);
            WriteOptional(writer, "department", update.Department);
            WriteOptional(writer, "assignee_id", update.AssigneeId);
            WriteOptional(writer, "assignee_name", update.AssigneeName);
            if (update.DueDate.HasValue)
            {
                if (update.DueDate.Value is { } due)
                {
                    writer.WriteString("due_date", FormatTimestamp(due));
                }
                else
                {
                    writer.WriteNull("due_date");
                }
            }

            if (update.Tags.HasValue)
            {
                WriteTags(writer, update.Tags.Value ?? []);
            }

            if (update.CustomFieldsJson.HasValue)
            {
                WriteCustomFields(writer, update.CustomFieldsJson.Value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static string? RequiredString(JsonElement item, string name, int maxLength, List<string> problems) =>
        RequiredStringValue(Property(item, name), name, maxLength, problems);

    internal static string? OptionalString(JsonElement item, string name, int maxLength, List<string> problems) =>
        OptionalStringValue(Property(item, name), name, maxLength, problems);

    internal static DateTimeOffset RequiredTimestamp(JsonElement item, string name, List<string> problems) =>
        RequiredTimestampValue(Property(item, name), name, problems);

    /// <summary>The named property's value, or an undefined element (<see cref="IsAbsent"/>) when the object has none.</summary>
    private static JsonElement Property(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value : default;

    /// <summary>Missing and null mean the same in the contract.</summary>
    private static bool IsAbsent(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static string? RequiredStringValue(in JsonElement value, string name, int maxLength, List<string> problems)
    {
        if (IsAbsent(value))
        {
            problems.Add($"{name} is missing.");
            return null;
        }

        var text = ReadString(value, name, maxLength, problems);
        if (text is { Length: 0 })
        {
            problems.Add($"{name} is empty.");
            return null;
        }

        return text;
    }

    private static string? OptionalStringValue(in JsonElement value, string name, int maxLength, List<string> problems) =>
        IsAbsent(value) ? null : ReadString(value, name, maxLength, problems);

    private static string? ReadString(JsonElement value, string name, int maxLength, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be a string, not {Describe(value.ValueKind)}.");
            return null;
        }

        // PostgreSQL text cannot hold NUL; the remote allows "any text", so it is dropped rather than
        // losing the ticket.
        var text = value.GetString()!.Replace("\0", string.Empty, StringComparison.Ordinal);
        if (text.Length > maxLength)
        {
            problems.Add($"{name} is longer than {maxLength} characters.");
            return null;
        }

        return text;
    }

    private static TEnum RequiredEnum<TEnum>(in JsonElement value, string name, List<string> problems)
        where TEnum : struct, Enum
    {
        if (IsAbsent(value))
        {
            problems.Add($"{name} is missing.");
            return default;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be a string, not {Describe(value.ValueKind)}.");
            return default;
        }

        var text = value.GetString();
        if (WireName<TEnum>.TryParse(text, out var parsed))
        {
            return parsed;
        }

        problems.Add($"Unknown {name} '{Shorten(text)}' (expected one of {string.Join(", ", WireName<TEnum>.Names)}).");
        return default;
    }

    private static DateTimeOffset RequiredTimestampValue(in JsonElement value, string name, List<string> problems)
    {
        if (IsAbsent(value))
        {
            problems.Add($"{name} is missing.");
            return default;
        }

        if (TryReadTimestamp(value, out var timestamp))
        {
            return timestamp;
        }

        problems.Add($"{name} is not an ISO 8601 timestamp.");
        return default;
    }

    private static DateTimeOffset? OptionalTimestamp(in JsonElement value, string name, List<string> problems)
    {
        if (IsAbsent(value))
        {
            return null;
        }

        if (TryReadTimestamp(value, out var timestamp))
        {
            return timestamp;
        }

        problems.Add($"{name} is not an ISO 8601 timestamp.");
        return null;
    }

    /// <summary>Any offset is accepted and converted to UTC; a timestamp without one is taken as UTC.</summary>
    internal static bool TryReadTimestamp(JsonElement value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTime(out var dateTime))
        {
            return false;
        }

        if (dateTime.Kind == DateTimeKind.Unspecified)
        {
            timestamp = new DateTimeOffset(dateTime, TimeSpan.Zero);
            return true;
        }

        if (!value.TryGetDateTimeOffset(out var withOffset))
        {
            return false;
        }

        timestamp = withOffset.ToUniversalTime();
        return true;
    }

    private static string[] Tags(in JsonElement value, List<string> problems)
    {
        if (IsAbsent(value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"tags must be an array of strings, not {Describe(value.ValueKind)}.");
            return [];
        }

        var tags = new List<string>(value.GetArrayLength());
        foreach (var tag in value.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.String)
            {
                problems.Add("tags must be an array of strings.");
                return [];
            }

            tags.Add(tag.GetString()!.Replace("\0", string.Empty, StringComparison.Ordinal));
        }

        return [.. tags];
    }

    private static string CustomFields(in JsonElement value, List<string> problems)
    {
        if (IsAbsent(value))
        {
            return "{}";
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"custom_fields must be a JSON object, not {Describe(value.ValueKind)}.");
            return "{}";
        }

        var raw = value.GetRawText();
        // jsonb refuses \u0000 in strings; unlike a plain text field it cannot be dropped without
        // rewriting the document, so the record fails with the reason.
        if (raw.Contains("\\u0000", StringComparison.Ordinal))
        {
            problems.Add("custom_fields contains a NUL character (\\u0000), which PostgreSQL cannot store.");
            return "{}";
        }

        return raw;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, Optional<string?> value)
    {
        if (value.HasValue)
        {
            writer.WriteString(name, value.Value);
        }
    }

    private static void WriteTags(Utf8JsonWriter writer, IEnumerable<string> tags)
    {
        writer.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
    }

    private static void WriteCustomFields(Utf8JsonWriter writer, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("custom_fields must be a JSON object.", nameof(json));
            }

            writer.WritePropertyName("custom_fields");
            document.RootElement.WriteTo(writer);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("custom_fields is not valid JSON.", nameof(json), ex);
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}

using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

/// <summary>
/// Validates POST and PATCH bodies field by field from the JSON DOM rather than by binding a
/// type: binding stops at the first type mismatch, while the contract's 422 reports every field,
/// and PATCH must tell a missing field from an explicit null (null clears the field).
/// Unknown fields are ignored, as the contract asks of every party.
/// </summary>
public static class TicketBodyReader
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 64 * 1024;
    private const int MaxShortTextLength = 200;
    private const int MaxTags = 50;
    private const int MaxTagLength = 64;

    /// <summary>The parsed body, or null with an error in <paramref name="errors"/> when it is not a JSON object.</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, ValidationErrors errors, CancellationToken ct)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, default, ct);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Reported below, like a body that is valid JSON but not an object.
        }

        errors.Add("body", "must be a JSON object");
        return null;
    }

    public static NewTicketInput? ParseCreate(JsonElement body, ValidationErrors errors)
    {
        var title = RequiredString(body, "title", errors);
        if (title is not null)
        {
            CheckTitle(title, errors);
        }

        TicketPriority priority = default;
        if (RequiredString(body, "priority", errors) is { } priorityText && !TicketEnums.TryParsePriority(priorityText, out priority))
        {
            errors.Add("priority", $"must be one of {string.Join(", ", TicketEnums.AllPriorityNames)}");
        }

        var description = OptionalString(body, "description", MaxDescriptionLength, errors).Value;
        var category = OptionalString(body, "category", MaxShortTextLength, errors).Value;
        var department = OptionalString(body, "department", MaxShortTextLength, errors).Value;
        var requesterName = OptionalString(body, "requester_name", MaxShortTextLength, errors).Value;
        var requesterEmail = OptionalString(body, "requester_email", MaxShortTextLength, errors).Value;
        if (requesterEmail is not null && !IsEmail(requesterEmail))
        {
            errors.Add("requester_email", "must be a valid email address");
        }

        var dueDate = OptionalTimestamp(body, "due_date", errors).Value;
        var tags = OptionalTags(body, errors);
        var customFields = OptionalCustomFields(body, errors);

        return errors.Any
            ? null
            : new NewTicketInput(
                title!,
                description,
                priority,
                category,
                department,
                requesterName,
                requesterEmail,
                dueDate,
                tags.Value ?? [],
                customFields.Value ?? "{}");
    }

    public static TicketPatch? ParsePatch(JsonElement body, ValidationErrors errors)
    {
        var patch = new TicketPatch();
        if (Has(body, "title", out _))
        {
            var title = RequiredString(body, "title", errors);
            if (title is not null && CheckTitle(title, errors))
            {
                patch = patch with { Title = Optional<string>.Of(title) };
            }
        }

        if (Has(body, "status", out _))
        {
            if (RequiredString(body, "status", errors) is { } text)
            {
                if (TicketEnums.TryParseStatus(text, out var status))
                {
                    patch = patch with { Status = Optional<TicketStatus>.Of(status) };
                }
                else
                {
                    errors.Add("status", $"must be one of {string.Join(", ", TicketEnums.AllStatusNames)}");
                }
            }
        }

        if (Has(body, "priority", out _))
        {
            if (RequiredString(body, "priority", errors) is { } text)
            {
                if (TicketEnums.TryParsePriority(text, out var priority))
                {
                    patch = patch with { Priority = Optional<TicketPriority>.Of(priority) };
                }
                else
                {
                    errors.Add("priority", $"must be one of {string.Join(", ", TicketEnums.AllPriorityNames)}");
                }
            }
        }

        patch = patch with
        {
            Description = OptionalString(body, "description", MaxDescriptionLength, errors),
            Category = OptionalString(body, "category", MaxShortTextLength, errors),
            Department = OptionalString(body, "department", MaxShortTextLength, errors),
            AssigneeId = OptionalString(body, "assignee_id", MaxShortTextLength, errors),
            AssigneeName = OptionalString(body, "assignee_name", MaxShortTextLength, errors),
            DueDate = OptionalTimestamp(body, "due_date", errors),
            Tags = OptionalTags(body, errors) is { IsSet: true } tags ? Optional<IReadOnlyList<string>>.Of(tags.Value ?? []) : default,
            CustomFieldsJson = OptionalCustomFields(body, errors) is { IsSet: true } fields ? Optional<string>.Of(fields.Value ?? "{}") : default,
        };

        if (patch.AssigneeName is { IsSet: true, Value: not null } && patch.AssigneeId is { IsSet: true, Value: null })
        {
            errors.Add("assignee_name", "must be null when assignee_id is null (an unassigned ticket has neither)");
        }

        return errors.Any ? null : patch;
    }

    private static bool CheckTitle(string title, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add("title", "must not be blank");
            return false;
        }

        if (title.Length > MaxTitleLength)
        {
            errors.Add("title", $"must be at most {MaxTitleLength} characters");
            return false;
        }

        return true;
    }

    private static bool Has(JsonElement body, string name, out JsonElement value) => body.TryGetProperty(name, out value);

    private static string? RequiredString(JsonElement body, string name, ValidationErrors errors)
    {
        if (!Has(body, name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(name, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string");
            return null;
        }

        return value.GetString();
    }

    private static Optional<string?> OptionalString(JsonElement body, string name, int maxLength, ValidationErrors errors)
    {
        if (!Has(body, name, out var value))
        {
            return default;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return Optional<string?>.Of(null);
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > maxLength)
                {
                    errors.Add(name, $"must be at most {maxLength} characters");
                    return default;
                }

                return Optional<string?>.Of(text);
            default:
                errors.Add(name, "must be a string or null");
                return default;
        }
    }

    private static Optional<DateTime?> OptionalTimestamp(JsonElement body, string name, ValidationErrors errors)
    {
        var text = OptionalString(body, name, 64, errors);
        if (!text.IsSet || text.Value is null)
        {
            return text.IsSet ? Optional<DateTime?>.Of(null) : default;
        }

        if (Timestamps.TryParse(text.Value, out var value))
        {
            return Optional<DateTime?>.Of(value);
        }

        errors.Add(name, "must be an ISO 8601 timestamp, e.g. 2026-11-22T08:15:00Z");
        return default;
    }

    /// <summary>Set with null when the body says null (no tags).</summary>
    private static Optional<IReadOnlyList<string>?> OptionalTags(JsonElement body, ValidationErrors errors)
    {
        if (!Has(body, "tags", out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<IReadOnlyList<string>?>.Of(null);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("tags", "must be an array of strings");
            return default;
        }

        var tags = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add("tags", "must contain only non-blank strings");
                return default;
            }

            var tag = item.GetString()!;
            if (tag.Length > MaxTagLength)
            {
                errors.Add("tags", $"each tag must be at most {MaxTagLength} characters");
                return default;
            }

            tags.Add(tag);
        }

        if (tags.Count > MaxTags)
        {
            errors.Add("tags", $"must have at most {MaxTags} tags");
            return default;
        }

        return Optional<IReadOnlyList<string>?>.Of(tags.ToArray());
    }

    /// <summary>The object as compact JSON text (whitespace dropped), or set with null for an explicit null.</summary>
    private static Optional<string?> OptionalCustomFields(JsonElement body, ValidationErrors errors)
    {
        if (!Has(body, "custom_fields", out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return Optional<string?>.Of(null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("custom_fields", "must be a JSON object");
            return default;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, SimJson.WriterOptions))
        {
            value.WriteTo(writer);
        }

        return Optional<string?>.Of(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    internal static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address)
        && address.Address == text
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !text.Contains(' ', StringComparison.Ordinal);
}

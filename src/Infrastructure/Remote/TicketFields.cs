using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Ticketing.Infrastructure.Remote;

/// <summary>
/// The contract's ticket fields of one JSON object, found in one pass over its properties. Looking each of
/// the 19 names up with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> walked the object
/// once per name, the largest part of reading a page (decision 159). As with that look-up, the last of a
/// repeated name wins, an escaped name matches its unescaped form, and a field the object does not have is
/// an undefined element. Unknown names are skipped.
/// </summary>
internal struct TicketFields
{
    public JsonElement Id;
    public JsonElement TicketNumber;
    public JsonElement Title;
    public JsonElement Description;
    public JsonElement Status;
    public JsonElement Priority;
    public JsonElement Category;
    public JsonElement RequesterId;
    public JsonElement RequesterName;
    public JsonElement RequesterEmail;
    public JsonElement AssigneeId;
    public JsonElement AssigneeName;
    public JsonElement Department;
    public JsonElement CreatedAt;
    public JsonElement UpdatedAt;
    public JsonElement ResolvedAt;
    public JsonElement DueDate;
    public JsonElement Tags;
    public JsonElement CustomFields;

    /// <summary>The fields of <paramref name="item"/>, which must be an object.</summary>
    public static TicketFields Of(JsonElement item)
    {
        var fields = default(TicketFields);
        foreach (var property in item.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            // An escaped name ("\u0069d") is rare: compared by its unescaped UTF-8 form.
            ref var field = ref Slot(ref fields, raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(property.Name) : raw);
            if (!Unsafe.IsNullRef(ref field))
            {
                field = property.Value;
            }
        }

        return fields;
    }

    private static ref JsonElement Slot(ref TicketFields fields, ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("id"u8): return ref fields.Id;
            case 4 when name.SequenceEqual("tags"u8): return ref fields.Tags;
            case 5 when name.SequenceEqual("title"u8): return ref fields.Title;
            case 6 when name.SequenceEqual("status"u8): return ref fields.Status;
            case 8 when name.SequenceEqual("priority"u8): return ref fields.Priority;
            case 8 when name.SequenceEqual("category"u8): return ref fields.Category;
            case 8 when name.SequenceEqual("due_date"u8): return ref fields.DueDate;
            case 10 when name.SequenceEqual("department"u8): return ref fields.Department;
            case 10 when name.SequenceEqual("created_at"u8): return ref fields.CreatedAt;
            case 10 when name.SequenceEqual("updated_at"u8): return ref fields.UpdatedAt;
            case 11 when name.SequenceEqual("description"u8): return ref fields.Description;
            case 11 when name.SequenceEqual("assignee_id"u8): return ref fields.AssigneeId;
            case 11 when name.SequenceEqual("resolved_at"u8): return ref fields.ResolvedAt;
            case 12 when name.SequenceEqual("requester_id"u8): return ref fields.RequesterId;
            case 13 when name.SequenceEqual("ticket_number"u8): return ref fields.TicketNumber;
            case 13 when name.SequenceEqual("assignee_name"u8): return ref fields.AssigneeName;
            case 13 when name.SequenceEqual("custom_fields"u8): return ref fields.CustomFields;
            case 14 when name.SequenceEqual("requester_name"u8): return ref fields.RequesterName;
            case 15 when name.SequenceEqual("requester_email"u8): return ref fields.RequesterEmail;
            default: return ref Unsafe.NullRef<JsonElement>();
        }
    }
}

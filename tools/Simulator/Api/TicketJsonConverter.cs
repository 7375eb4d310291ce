using System.Text.Json;
using System.Text.Json.Serialization;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Api;

/// <summary>
/// Writes the contract's ticket object by hand: the field order of the contract, timestamps with
/// exactly three fractional digits, and custom_fields copied from the stored compact JSON text
/// without building a DOM. Tickets are never read from JSON; request bodies are validated field by
/// field instead, to report every problem at once.
/// </summary>
public sealed class TicketJsonConverter : JsonConverter<Ticket>
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TicketNumber = JsonEncodedText.Encode("ticket_number");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Priority = JsonEncodedText.Encode("priority");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText RequesterId = JsonEncodedText.Encode("requester_id");
    private static readonly JsonEncodedText RequesterName = JsonEncodedText.Encode("requester_name");
    private static readonly JsonEncodedText RequesterEmail = JsonEncodedText.Encode("requester_email");
    private static readonly JsonEncodedText AssigneeId = JsonEncodedText.Encode("assignee_id");
    private static readonly JsonEncodedText AssigneeName = JsonEncodedText.Encode("assignee_name");
    private static readonly JsonEncodedText Department = JsonEncodedText.Encode("department");
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode("created_at");
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode("updated_at");
    private static readonly JsonEncodedText ResolvedAt = JsonEncodedText.Encode("resolved_at");
    private static readonly JsonEncodedText DueDate = JsonEncodedText.Encode("due_date");
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText CustomFields = JsonEncodedText.Encode("custom_fields");
    private static readonly JsonEncodedText[] StatusValues = [.. TicketEnums.AllStatusNames.Select(name => JsonEncodedText.Encode(name))];
    private static readonly JsonEncodedText[] PriorityValues = [.. TicketEnums.AllPriorityNames.Select(name => JsonEncodedText.Encode(name))];

    public override Ticket Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The simulator writes tickets; request bodies are parsed by TicketBodyReader.");

    public override void Write(Utf8JsonWriter writer, Ticket value, JsonSerializerOptions options) => WriteTicket(writer, value);

    public static void WriteTicket(Utf8JsonWriter writer, Ticket ticket)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, ticket.Id);
        writer.WriteString(TicketNumber, ticket.TicketNumber);
        writer.WriteString(Title, ticket.Title);
        writer.WriteString(Description, ticket.Description);
        writer.WriteString(Status, StatusValues[(int)ticket.Status]);
        writer.WriteString(Priority, PriorityValues[(int)ticket.Priority]);
        writer.WriteString(Category, ticket.Category);
        writer.WriteString(RequesterId, ticket.RequesterId);
        writer.WriteString(RequesterName, ticket.RequesterName);
        writer.WriteString(RequesterEmail, ticket.RequesterEmail);
        writer.WriteString(AssigneeId, ticket.AssigneeId);
        writer.WriteString(AssigneeName, ticket.AssigneeName);
        writer.WriteString(Department, ticket.Department);
        writer.WritePropertyName(CreatedAt);
        Timestamps.Write(writer, ticket.CreatedAt);
        writer.WritePropertyName(UpdatedAt);
        Timestamps.Write(writer, ticket.UpdatedAt);
        writer.WritePropertyName(ResolvedAt);
        Timestamps.Write(writer, ticket.ResolvedAt);
        writer.WritePropertyName(DueDate);
        Timestamps.Write(writer, ticket.DueDate);
        writer.WriteStartArray(Tags);
        foreach (var tag in ticket.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WritePropertyName(CustomFields);
        // Validated as a JSON object when it entered the store.
        writer.WriteRawValue(ticket.CustomFieldsJson, skipInputValidation: true);
        writer.WriteEndObject();
    }
}

/// <summary>Every DateTime on the wire in the simulator's one format (see <see cref="Timestamps"/>).</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Timestamps.TryParse(reader.GetString(), out var value)
            ? value
            : throw new JsonException("Expected an ISO 8601 timestamp.");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        Timestamps.Write(writer, value);
}

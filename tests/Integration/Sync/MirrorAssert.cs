using System.Text.Json;
using Shouldly;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using RemoteTicket = Ticketing.Simulator.Tickets.Ticket;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>Compares the remote's tickets with the cache, field by field, and says what differs.</summary>
internal static class MirrorAssert
{
    public static void Equal(IReadOnlyList<RemoteTicket> remote, IReadOnlyDictionary<string, Ticket> cached)
    {
        var differences = new List<string>();
        foreach (var r in remote)
        {
            if (!cached.TryGetValue(r.Id, out var c))
            {
                differences.Add($"{r.Id}: missing from the cache");
                continue;
            }

            Compare(r.Id, "ticket_number", r.TicketNumber, c.TicketNumber, differences);
            Compare(r.Id, "title", r.Title, c.Title, differences);
            Compare(r.Id, "description", r.Description, c.Description, differences);
            Compare(r.Id, "status", Snake(r.Status.ToString()), WireName<TicketStatus>.Of(c.Status), differences);
            Compare(r.Id, "priority", Snake(r.Priority.ToString()), WireName<TicketPriority>.Of(c.Priority), differences);
            Compare(r.Id, "category", r.Category, c.Category, differences);
            Compare(r.Id, "requester_id", r.RequesterId, c.RequesterId, differences);
            Compare(r.Id, "requester_name", r.RequesterName, c.RequesterName, differences);
            Compare(r.Id, "requester_email", r.RequesterEmail, c.RequesterEmail, differences);
            Compare(r.Id, "assignee_id", r.AssigneeId, c.AssigneeId, differences);
            Compare(r.Id, "assignee_name", r.AssigneeName, c.AssigneeName, differences);
            Compare(r.Id, "department", r.Department, c.Department, differences);
            Compare(r.Id, "created_at", Utc(r.CreatedAt), c.CreatedAt, differences);
            Compare(r.Id, "updated_at", Utc(r.UpdatedAt), c.UpdatedAt, differences);
            Compare(r.Id, "resolved_at", Utc(r.ResolvedAt), c.ResolvedAt, differences);
            Compare(r.Id, "due_date", Utc(r.DueDate), c.DueDate, differences);
            Compare(r.Id, "tags", string.Join(",", r.Tags), string.Join(",", c.Tags), differences);
            Compare(r.Id, "custom_fields", Canonical(r.CustomFieldsJson), Canonical(c.CustomFieldsJson), differences);
        }

        var remoteIds = remote.Select(r => r.Id).ToHashSet();
        differences.AddRange(cached.Keys.Where(id => !remoteIds.Contains(id)).Select(id => $"{id}: in the cache but not at the remote"));
        differences.ShouldBeEmpty($"{differences.Count} difference(s) between the remote ({remote.Count}) and the cache ({cached.Count}):\n" +
            string.Join("\n", differences.Take(20)));
    }

    private static void Compare<T>(string id, string field, T remote, T cached, List<string> differences)
    {
        if (!EqualityComparer<T>.Default.Equals(remote, cached))
        {
            differences.Add($"{id}.{field}: remote '{remote}' vs cache '{cached}'");
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    /// <summary>jsonb normalises whitespace and key order, so compare the parsed documents.</summary>
    private static string Canonical(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Normalize(doc.RootElement);
    }

    private static string Normalize(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Name) + ":" + Normalize(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Normalize)) + "]",
        _ => element.GetRawText(),
    };
}

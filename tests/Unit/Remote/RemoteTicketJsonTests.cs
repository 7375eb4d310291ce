using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class RemoteTicketJsonTests
{
    private const string ValidTicket = """
        {
          "id": "tkt_01J9Z3K8Q2",
          "ticket_number": "IT-004217",
          "title": "VPN drops every 10 minutes",
          "description": "Since Monday.",
          "status": "in_progress",
          "priority": "high",
          "category": "Network",
          "requester_id": "usr_88", "requester_name": "Dana Ruiz", "requester_email": "dana@example.org",
          "assignee_id": "agt_12", "assignee_name": "Sam Ito",
          "department": "IT Operations",
          "created_at": "2026-11-20T08:15:00Z",
          "updated_at": "2026-11-21T10:02:31.120Z",
          "resolved_at": null,
          "due_date": "2026-11-22T08:15:00Z",
          "tags": ["vpn", "remote"],
          "custom_fields": { "asset_tag": "LT-2231" },
          "a_field_added_later": { "ignored": true }
        }
        """;

    [Fact]
    public void Reads_every_field_of_a_valid_ticket()
    {
        var ticket = Read(ValidTicket);

        ticket.ExternalTicketId.ShouldBe("tkt_01J9Z3K8Q2");
        ticket.TicketNumber.ShouldBe("IT-004217");
        ticket.Title.ShouldBe("VPN drops every 10 minutes");
        ticket.Description.ShouldBe("Since Monday.");
        ticket.Status.ShouldBe(TicketStatus.InProgress);
        ticket.Priority.ShouldBe(TicketPriority.High);
        ticket.Category.ShouldBe("Network");
        ticket.RequesterId.ShouldBe("usr_88");
        ticket.RequesterName.ShouldBe("Dana Ruiz");
        ticket.RequesterEmail.ShouldBe("dana@example.org");
        ticket.AssigneeId.ShouldBe("agt_12");
        ticket.AssigneeName.ShouldBe("Sam Ito");
        ticket.Department.ShouldBe("IT Operations");
        ticket.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 8, 15, 0, TimeSpan.Zero));
        ticket.UpdatedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 10, 2, 31, 120, TimeSpan.Zero));
        ticket.ResolvedAt.ShouldBeNull();
        ticket.DueDate.ShouldBe(new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.Zero));
        ticket.Tags.ShouldBe(["vpn", "remote"]);
        JsonNode.DeepEquals(JsonNode.Parse(ticket.CustomFieldsJson), JsonNode.Parse("""{ "asset_tag": "LT-2231" }""")).ShouldBeTrue();
        ticket.LastSyncedAt.ShouldBe(default);
    }

    public static TheoryData<string> StatusNames => [.. WireName<TicketStatus>.Names];

    public static TheoryData<string> PriorityNames => [.. WireName<TicketPriority>.Names];

    [Theory]
    [MemberData(nameof(StatusNames))]
    public void Reads_every_status_of_the_contract(string status)
    {
        var ticket = Read(With(ValidTicket, "status", status));
        WireName<TicketStatus>.Of(ticket.Status).ShouldBe(status);
    }

    [Theory]
    [MemberData(nameof(PriorityNames))]
    public void Reads_every_priority_of_the_contract(string priority)
    {
        var ticket = Read(With(ValidTicket, "priority", priority));
        WireName<TicketPriority>.Of(ticket.Priority).ShouldBe(priority);
    }

    [Fact]
    public void An_unknown_status_fails_the_record_with_its_id_and_the_value()
    {
        var error = Fail(With(ValidTicket, "status", "escalated"));

        error.ExternalId.ShouldBe("tkt_01J9Z3K8Q2");
        error.Reason.ShouldContain("Unknown status 'escalated'");
    }

    [Fact]
    public void An_unknown_priority_fails_the_record_with_the_value()
    {
        var error = Fail(With(ValidTicket, "priority", "blocker"));
        error.Reason.ShouldContain("Unknown priority 'blocker'");
    }

    [Theory]
    [InlineData("ticket_number")]
    [InlineData("title")]
    [InlineData("status")]
    [InlineData("priority")]
    [InlineData("created_at")]
    [InlineData("updated_at")]
    public void A_missing_required_field_fails_the_record_and_names_the_field(string field)
    {
        var error = Fail(Without(ValidTicket, field));

        error.ExternalId.ShouldBe("tkt_01J9Z3K8Q2");
        error.Reason.ShouldContain($"{field} is missing");
    }

    [Fact]
    public void A_record_without_an_id_fails_without_an_id()
    {
        var error = Fail(Without(ValidTicket, "id"));

        error.ExternalId.ShouldBeNull();
        error.Reason.ShouldContain("id is missing");
    }

    [Fact]
    public void Every_problem_of_a_record_is_reported_at_once()
    {
        var error = Fail(With(Without(ValidTicket, "title"), "updated_at", "yesterday"));

        error.Reason.ShouldContain("title is missing");
        error.Reason.ShouldContain("updated_at is not an ISO 8601 timestamp");
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    public void A_record_that_is_not_an_object_fails_alone(string json)
    {
        using var document = JsonDocument.Parse(json);

        RemoteTicketJson.TryRead(document.RootElement, out _, out var error).ShouldBeFalse();
        error!.ExternalId.ShouldBeNull();
        error.Reason.ShouldContain("not a JSON object");
    }

    [Fact]
    public void A_field_of_the_wrong_type_fails_the_record()
    {
        var error = Fail(ValidTicket.Replace("\"title\": \"VPN drops every 10 minutes\"", "\"title\": 17", StringComparison.Ordinal));
        error.Reason.ShouldContain("title must be a string");
    }

    [Fact]
    public void A_title_longer_than_the_cache_column_fails_the_record()
    {
        var error = Fail(With(ValidTicket, "title", new string('x', 501)));
        error.Reason.ShouldContain("title is longer than 500 characters");
    }

    [Fact]
    public void Timestamps_with_any_offset_are_converted_to_utc()
    {
        var json = With(With(ValidTicket, "created_at", "2026-11-20T10:15:00+02:00"), "updated_at", "2026-11-21T05:02:31.120-05:00");

        var ticket = Read(json);

        ticket.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 8, 15, 0, TimeSpan.Zero));
        ticket.CreatedAt.Offset.ShouldBe(TimeSpan.Zero);
        ticket.UpdatedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 10, 2, 31, 120, TimeSpan.Zero));
        ticket.UpdatedAt.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void A_timestamp_without_an_offset_is_taken_as_utc()
    {
        var ticket = Read(With(ValidTicket, "due_date", "2026-11-22T08:15:00"));

        ticket.DueDate.ShouldBe(new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.Zero));
        ticket.DueDate!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Custom_fields_are_kept_verbatim_including_nested_values()
    {
        const string customFields = """{"asset":{"tag":"LT-2231","history":[1,2.5,{"x":null}]},"ok":true,"note":"ünïcode \"quoted\""}""";
        var json = ValidTicket.Replace("""{ "asset_tag": "LT-2231" }""", customFields, StringComparison.Ordinal);

        var ticket = Read(json);

        ticket.CustomFieldsJson.ShouldBe(customFields);
    }

    [Fact]
    public void Missing_tags_and_custom_fields_default_to_empty()
    {
        var ticket = Read(Without(Without(ValidTicket, "tags"), "custom_fields"));

        ticket.Tags.ShouldBeEmpty();
        ticket.CustomFieldsJson.ShouldBe("{}");
    }

    [Fact]
    public void Null_tags_and_optional_fields_are_read_as_empty_and_null()
    {
        var node = JsonNode.Parse(ValidTicket)!.AsObject();
        node["tags"] = null;
        node["description"] = null;
        node["assignee_id"] = null;
        node["category"] = null;

        var ticket = Read(node.ToJsonString());

        ticket.Tags.ShouldBeEmpty();
        ticket.Description.ShouldBeNull();
        ticket.AssigneeId.ShouldBeNull();
        ticket.Category.ShouldBeNull();
    }

    [Fact]
    public void Custom_fields_that_are_not_an_object_fail_the_record()
    {
        var node = JsonNode.Parse(ValidTicket)!.AsObject();
        node["custom_fields"] = new JsonArray(1, 2);

        Fail(node.ToJsonString()).Reason.ShouldContain("custom_fields must be a JSON object");
    }

    [Fact]
    public void A_nul_character_is_dropped_from_text_that_postgresql_cannot_store()
    {
        var ticket = Read(With(ValidTicket, "description", "before\0after"));
        ticket.Description.ShouldBe("beforeafter");
    }

    [Fact]
    public void The_key_of_an_unreadable_record_can_still_be_read()
    {
        using var document = JsonDocument.Parse(With(ValidTicket, "status", "escalated"));

        RemoteTicketJson.TryReadKey(document.RootElement, out var id, out var updatedAt).ShouldBeTrue();
        id.ShouldBe("tkt_01J9Z3K8Q2");
        updatedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 10, 2, 31, 120, TimeSpan.Zero));
    }

    [Fact]
    public void The_create_body_carries_the_set_fields_in_wire_format()
    {
        var body = RemoteTicketJson.WriteCreateBody(new RemoteTicketCreate(
            "Printer on fire",
            TicketPriority.Critical,
            Description: "Smoke.",
            DueDate: new DateTimeOffset(2026, 11, 22, 10, 15, 0, TimeSpan.FromHours(2)),
            Tags: ["fire"],
            CustomFieldsJson: """{"floor":3}"""));

        var json = JsonNode.Parse(body)!.AsObject();
        json["title"]!.GetValue<string>().ShouldBe("Printer on fire");
        json["priority"]!.GetValue<string>().ShouldBe("critical");
        json["description"]!.GetValue<string>().ShouldBe("Smoke.");
        json["due_date"]!.GetValue<string>().ShouldBe("2026-11-22T08:15:00Z");
        json["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["fire"]);
        json["custom_fields"]!["floor"]!.GetValue<int>().ShouldBe(3);
        json.ContainsKey("category").ShouldBeFalse();
        json.ContainsKey("requester_email").ShouldBeFalse();
    }

    [Fact]
    public void The_update_body_sends_only_the_set_fields_and_null_for_cleared_ones()
    {
        var body = RemoteTicketJson.WriteUpdateBody(new RemoteTicketUpdate
        {
            Status = TicketStatus.Resolved,
            AssigneeId = null,
            AssigneeName = null,
            DueDate = (DateTimeOffset?)null,
        });

        var json = JsonNode.Parse(body)!.AsObject();
        json.Select(p => p.Key).Order().ShouldBe(["assignee_id", "assignee_name", "due_date", "status"]);
        json["status"]!.GetValue<string>().ShouldBe("resolved");
        json["assignee_id"].ShouldBeNull();
        json["due_date"].ShouldBeNull();
    }

    [Fact]
    public void An_empty_update_is_an_empty_object()
    {
        var update = new RemoteTicketUpdate();

        update.IsEmpty.ShouldBeTrue();
        RemoteTicketJson.WriteUpdateBody(update).ShouldBe("{}"u8.ToArray());
    }

    [Fact]
    public void Custom_fields_that_are_not_a_json_object_are_refused_before_sending()
    {
        Should.Throw<ArgumentException>(() => RemoteTicketJson.WriteUpdateBody(new RemoteTicketUpdate { CustomFieldsJson = "[1]" }));
        Should.Throw<ArgumentException>(() => RemoteTicketJson.WriteUpdateBody(new RemoteTicketUpdate { CustomFieldsJson = "{oops" }));
    }

    [Fact]
    public void A_repeated_field_is_read_from_its_last_occurrence()
    {
        var ticket = Read(ValidTicket.Replace("\"title\": \"VPN drops every 10 minutes\",", "\"title\": \"first\", \"title\": \"last\",", StringComparison.Ordinal));

        ticket.Title.ShouldBe("last");
    }

    [Fact]
    public void A_repeated_field_whose_last_occurrence_is_null_counts_as_missing()
    {
        var error = Fail(ValidTicket.Replace("\"title\": \"VPN drops every 10 minutes\",", "\"title\": \"first\", \"title\": null,", StringComparison.Ordinal));

        error.Reason.ShouldContain("title is missing.");
    }

    [Fact]
    public void A_field_name_written_with_escapes_is_read_as_its_unescaped_name()
    {
        var ticket = Read(ValidTicket
            .Replace("\"category\":", "\"c\\u0061tegory\":", StringComparison.Ordinal)
            .Replace("\"id\":", "\"\\u0069d\":", StringComparison.Ordinal));

        ticket.Category.ShouldBe("Network");
        ticket.ExternalTicketId.ShouldBe("tkt_01J9Z3K8Q2");
    }

    [Fact]
    public void Names_that_differ_from_a_field_only_in_case_or_length_are_ignored()
    {
        var json = Without(Without(ValidTicket, "category"), "department");
        var node = JsonNode.Parse(json)!.AsObject();
        node["Category"] = "upper case";
        node["categor"] = "shorter";
        node["categoryx"] = "longer";
        node["departmenT"] = "same length";

        var ticket = Read(node.ToJsonString());

        ticket.Category.ShouldBeNull();
        ticket.Department.ShouldBeNull();
        ticket.Title.ShouldBe("VPN drops every 10 minutes");
    }

    [Fact]
    public void Only_the_required_fields_make_a_ticket_with_every_optional_one_empty()
    {
        var ticket = Read("""
            {"id":"t1","ticket_number":"IT-1","title":"T","status":"open","priority":"low",
             "created_at":"2026-11-20T08:15:00Z","updated_at":"2026-11-20T08:15:00Z"}
            """);

        ticket.Description.ShouldBeNull();
        ticket.Category.ShouldBeNull();
        ticket.RequesterId.ShouldBeNull();
        ticket.RequesterName.ShouldBeNull();
        ticket.RequesterEmail.ShouldBeNull();
        ticket.AssigneeId.ShouldBeNull();
        ticket.AssigneeName.ShouldBeNull();
        ticket.Department.ShouldBeNull();
        ticket.ResolvedAt.ShouldBeNull();
        ticket.DueDate.ShouldBeNull();
        ticket.Tags.ShouldBeEmpty();
        ticket.CustomFieldsJson.ShouldBe("{}");
    }

    [Fact]
    public void Escaped_text_and_timestamps_at_the_limits_are_read()
    {
        var ticket = Read("""
            {"id":"t\"1\\","ticket_number":"IT-\u00e9\ud83d\ude00","title":"line\nbreak\ttab \u003cb\u003e",
             "status":"open","priority":"low","description":"\u0000nul",
             "created_at":"0001-01-01T00:00:00Z","updated_at":"9999-12-31T23:59:59.9999999Z",
             "tags":["a\u0000b", "\u00fc"],"custom_fields":{"n":1e308,"m":-9223372036854775809,"s":"\u20ac"}}
            """);

        ticket.ExternalTicketId.ShouldBe("t\"1\\");
        ticket.TicketNumber.ShouldBe("IT-\u00e9\ud83d\ude00");
        ticket.Title.ShouldBe("line\nbreak\ttab <b>");
        ticket.Description.ShouldBe("nul");
        ticket.CreatedAt.ShouldBe(DateTimeOffset.MinValue);
        ticket.UpdatedAt.ShouldBe(DateTimeOffset.MaxValue);
        ticket.Tags.ShouldBe(["ab", "\u00fc"]);
        JsonNode.DeepEquals(JsonNode.Parse(ticket.CustomFieldsJson), JsonNode.Parse("""{"n":1e308,"m":-9223372036854775809,"s":"\u20ac"}""")).ShouldBeTrue();
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_reported_even_when_a_number_would_fit()
    {
        var json = JsonNode.Parse(ValidTicket)!.AsObject();
        json["assignee_id"] = 12;
        json["due_date"] = 1_764_000_000;

        var error = Fail(json.ToJsonString());

        error.Reason.ShouldContain("assignee_id must be a string, not a number.");
        error.Reason.ShouldContain("due_date is not an ISO 8601 timestamp.");
    }

    private static Ticket Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        RemoteTicketJson.TryRead(document.RootElement, out var ticket, out var error).ShouldBeTrue(error?.Reason);
        return ticket!;
    }

    private static RemoteRecordError Fail(string json)
    {
        using var document = JsonDocument.Parse(json);
        RemoteTicketJson.TryRead(document.RootElement, out _, out var error).ShouldBeFalse();
        return error!;
    }

    private static string With(string json, string field, string value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[field] = value;
        return node.ToJsonString();
    }

    private static string Without(string json, string field)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }
}

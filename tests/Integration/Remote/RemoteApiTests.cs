using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Common;
using Ticketing.Domain.Sync;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Integration;
using Sim = Ticketing.Simulator.Tickets;

namespace Ticketing.IntegrationTests.Remote;

/// <summary>Every endpoint and filter of the contract, through the real client against the simulator.</summary>
public sealed class RemoteApiTests(RemoteClientFixture fixture) : IClassFixture<RemoteClientFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_a_page_in_updated_at_order_with_the_pagination()
    {
        await using var remote = await fixture.ConnectAsync();
        var snapshot = fixture.Simulator.Store.Snapshot();
        var expected = snapshot.Skip(20).Take(20).Select(t => t.Id).ToList();

        var page = await remote.Api.GetTicketsAsync(new RemoteTicketQuery { Page = 2, Limit = 20 }, Ct);

        page.Errors.ShouldBeEmpty();
        page.Tickets.Select(t => t.ExternalTicketId).ShouldBe(expected);
        page.Pagination.ShouldBe(new RemotePagination(2, 20, snapshot.Count, (snapshot.Count + 19) / 20));
        page.Retries.ShouldBe(0);
        page.Tickets.ShouldAllBe(t => t.CreatedAt.Offset == TimeSpan.Zero && t.UpdatedAt.Offset == TimeSpan.Zero);
    }

    [Fact]
    public async Task Filters_by_lists_of_statuses_and_priorities()
    {
        await using var remote = await fixture.ConnectAsync();
        var expected = fixture.Simulator.Store.Snapshot()
            .Count(t => t.Status is Sim.TicketStatus.Open or Sim.TicketStatus.Pending
                        && t.Priority is Sim.TicketPriority.High or Sim.TicketPriority.Critical);

        var page = await remote.Api.GetTicketsAsync(
            new RemoteTicketQuery
            {
                Statuses = [TicketStatus.Open, TicketStatus.Pending],
                Priorities = [TicketPriority.High, TicketPriority.Critical],
                Limit = 500,
            },
            Ct);

        expected.ShouldBeGreaterThan(0);
        page.Tickets.Count.ShouldBe(expected);
        page.Tickets.ShouldAllBe(t => (t.Status == TicketStatus.Open || t.Status == TicketStatus.Pending)
            && (t.Priority == TicketPriority.High || t.Priority == TicketPriority.Critical));
    }

    [Fact]
    public async Task Filters_by_category_department_and_assignee()
    {
        await using var remote = await fixture.ConnectAsync();
        var snapshot = fixture.Simulator.Store.Snapshot();
        var sample = snapshot.First(t => t.Category is not null && t.Department is not null && t.AssigneeId is not null);
        var otherCategory = snapshot.First(t => t.Category is not null && t.Category != sample.Category).Category!;
        var api = remote.Api;

        var byCategories = await api.GetTicketsAsync(new RemoteTicketQuery { Categories = [sample.Category!, otherCategory], Limit = 500 }, Ct);
        var byDepartment = await api.GetTicketsAsync(new RemoteTicketQuery { Departments = [sample.Department!], Limit = 500 }, Ct);
        var byAssignee = await api.GetTicketsAsync(new RemoteTicketQuery { AssigneeId = sample.AssigneeId, Limit = 500 }, Ct);

        byCategories.Tickets.Count.ShouldBe(snapshot.Count(t => t.Category == sample.Category || t.Category == otherCategory));
        byCategories.Tickets.Select(t => t.Category).Distinct().Order().ShouldBe(new[] { sample.Category, otherCategory }.Order());
        byDepartment.Tickets.Count.ShouldBe(snapshot.Count(t => t.Department == sample.Department));
        byDepartment.Tickets.ShouldAllBe(t => t.Department == sample.Department);
        byAssignee.Tickets.Count.ShouldBe(snapshot.Count(t => t.AssigneeId == sample.AssigneeId));
        byAssignee.Tickets.ShouldContain(t => t.ExternalTicketId == sample.Id);
    }

    [Fact]
    public async Task Searches_ticket_numbers_titles_and_descriptions_case_insensitively()
    {
        await using var remote = await fixture.ConnectAsync();
        var sample = fixture.Simulator.Store.Snapshot()[42];
        var api = remote.Api;

        var byNumber = await api.GetTicketsAsync(new RemoteTicketQuery { Search = sample.TicketNumber.ToLowerInvariant(), Limit = 500 }, Ct);
        var word = sample.Title.Split(' ').OrderByDescending(w => w.Length).First();
        var byWord = await api.GetTicketsAsync(new RemoteTicketQuery { Search = word.ToUpperInvariant(), Limit = 500 }, Ct);

        byNumber.Tickets.Select(t => t.ExternalTicketId).ShouldContain(sample.Id);
        byWord.Tickets.Select(t => t.ExternalTicketId).ShouldContain(sample.Id);
        byWord.Tickets.ShouldAllBe(t =>
            t.TicketNumber.Contains(word, StringComparison.OrdinalIgnoreCase)
            || t.Title.Contains(word, StringComparison.OrdinalIgnoreCase)
            || (t.Description ?? "").Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Returns_only_tickets_updated_since_the_given_time()
    {
        await using var remote = await fixture.ConnectAsync();
        var snapshot = fixture.Simulator.Store.Snapshot();
        var since = new DateTimeOffset(DateTime.SpecifyKind(snapshot[200].UpdatedAt, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(-5));

        var page = await remote.Api.GetTicketsAsync(new RemoteTicketQuery { UpdatedSince = since, Limit = 500 }, Ct);

        page.Tickets.Count.ShouldBe(snapshot.Count(t => t.UpdatedAt >= since.UtcDateTime));
        page.Tickets.ShouldAllBe(t => t.UpdatedAt >= since);
    }

    [Fact]
    public async Task Sorts_by_the_requested_field_and_direction()
    {
        await using var remote = await fixture.ConnectAsync();
        var api = remote.Api;

        var byPriority = await api.GetTicketsAsync(
            new RemoteTicketQuery { SortBy = RemoteSortField.Priority, SortDirection = RemoteSortDirection.Descending, Limit = 500 }, Ct);
        var byCreated = await api.GetTicketsAsync(
            new RemoteTicketQuery { SortBy = RemoteSortField.CreatedAt, SortDirection = RemoteSortDirection.Ascending, Limit = 500 }, Ct);

        byPriority.Tickets.Select(t => t.Priority).ShouldBe(byPriority.Tickets.Select(t => t.Priority).OrderDescending());
        byCreated.Tickets.Select(t => t.CreatedAt).ShouldBe(byCreated.Tickets.Select(t => t.CreatedAt).Order());
    }

    [Fact]
    public async Task Gets_one_ticket_by_its_external_id()
    {
        await using var remote = await fixture.ConnectAsync();
        var expected = fixture.Simulator.Store.Snapshot()[7];

        var result = await remote.Api.GetTicketAsync(expected.Id, Ct);

        var ticket = result.Ticket;
        ticket.ExternalTicketId.ShouldBe(expected.Id);
        ticket.TicketNumber.ShouldBe(expected.TicketNumber);
        ticket.Title.ShouldBe(expected.Title);
        ticket.Description.ShouldBe(expected.Description);
        WireName<TicketStatus>.Of(ticket.Status).ShouldBe(Sim.TicketEnums.ToWire(expected.Status));
        WireName<TicketPriority>.Of(ticket.Priority).ShouldBe(Sim.TicketEnums.ToWire(expected.Priority));
        ticket.RequesterEmail.ShouldBe(expected.RequesterEmail);
        ticket.UpdatedAt.UtcDateTime.ShouldBe(expected.UpdatedAt);
        ticket.Tags.ShouldBe(expected.Tags);
        JsonNode.DeepEquals(JsonNode.Parse(ticket.CustomFieldsJson), JsonNode.Parse(expected.CustomFieldsJson)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_ticket_is_not_found()
    {
        await using var remote = await fixture.ConnectAsync();

        var error = await Should.ThrowAsync<RemoteNotFoundException>(() => remote.Api.GetTicketAsync("tkt_does_not_exist", Ct));

        error.ExternalId.ShouldBe("tkt_does_not_exist");
        error.Message.ShouldContain("tkt_does_not_exist");
    }

    [Fact]
    public async Task Creates_a_ticket_once_per_idempotency_key()
    {
        await using var remote = await fixture.ConnectAsync();
        var api = remote.Api;
        var key = Guid.NewGuid();
        var creates = fixture.Simulator.Counters.Creates;
        var ticket = new RemoteTicketCreate(
            "Badge reader at door 3 is dead",
            TicketPriority.Urgent,
            Description: "Nobody can get in.",
            Category: "Hardware",
            RequesterName: "Dana Ruiz",
            RequesterEmail: "dana@example.org",
            Tags: ["door", "badge"],
            CustomFieldsJson: """{"door":{"floor":3,"id":"D3"}}""");

        var first = await api.CreateTicketAsync(ticket, key, Ct);
        var again = await api.CreateTicketAsync(ticket, key, Ct);

        first.IsReplay.ShouldBeFalse();
        first.Ticket.Status.ShouldBe(TicketStatus.Open);
        first.Ticket.Title.ShouldBe("Badge reader at door 3 is dead");
        first.Ticket.Priority.ShouldBe(TicketPriority.Urgent);
        first.Ticket.Tags.ShouldBe(["door", "badge"]);
        JsonNode.Parse(first.Ticket.CustomFieldsJson)!["door"]!["id"]!.GetValue<string>().ShouldBe("D3");
        again.IsReplay.ShouldBeTrue();
        again.Ticket.ExternalTicketId.ShouldBe(first.Ticket.ExternalTicketId);
        (fixture.Simulator.Counters.Creates - creates).ShouldBe(1);
    }

    [Fact]
    public async Task An_invalid_ticket_is_rejected_with_the_field_details()
    {
        await using var remote = await fixture.ConnectAsync();

        var error = await Should.ThrowAsync<RemoteRejectedException>(() =>
            remote.Api.CreateTicketAsync(new RemoteTicketCreate("   ", TicketPriority.Low), Guid.NewGuid(), Ct));

        error.StatusCode.ShouldBe(422);
        error.Errors.Keys.ShouldContain("title");
        error.Errors["title"].ShouldNotBeEmpty();
        error.Message.ShouldStartWith("Championship IT rejected the request (422)");
    }

    [Fact]
    public async Task Updates_only_the_fields_sent_and_clears_those_sent_as_null()
    {
        await using var remote = await fixture.ConnectAsync();
        var before = fixture.Simulator.Store.Snapshot().First(t => t.AssigneeId is not null && t.Description is not null);

        var result = await remote.Api.UpdateTicketAsync(
            before.Id,
            new RemoteTicketUpdate { Title = "Renamed by the client", AssigneeId = null, AssigneeName = null, Status = TicketStatus.Pending },
            Ct);

        var ticket = result.Ticket;
        ticket.Title.ShouldBe("Renamed by the client");
        ticket.AssigneeId.ShouldBeNull();
        ticket.AssigneeName.ShouldBeNull();
        ticket.Status.ShouldBe(TicketStatus.Pending);
        ticket.Description.ShouldBe(before.Description);
        ticket.Category.ShouldBe(before.Category);
        ticket.UpdatedAt.UtcDateTime.ShouldBeGreaterThan(before.UpdatedAt);
        var stored = fixture.Simulator.Store.Find(before.Id)!;
        stored.Title.ShouldBe("Renamed by the client");
        stored.AssigneeId.ShouldBeNull();
    }

    [Fact]
    public async Task Updating_an_unknown_ticket_is_not_found()
    {
        await using var remote = await fixture.ConnectAsync();

        await Should.ThrowAsync<RemoteNotFoundException>(() =>
            remote.Api.UpdateTicketAsync("tkt_missing", new RemoteTicketUpdate { Title = "x" }, Ct));
    }

    [Fact]
    public async Task An_unknown_status_is_reported_for_its_record_while_the_others_are_returned()
    {
        var victim = fixture.Simulator.Store.Snapshot()[2].Id;
        await using var remote = await fixture.ConnectAsync(configure: s =>
            s.AddHttpClient(nameof(ITicketingApi)).AddHttpMessageHandler(() => new StatusRewritingHandler(victim, "escalated")));

        var page = await remote.Api.GetTicketsAsync(new RemoteTicketQuery { Limit = 10 }, Ct);

        page.Tickets.Count.ShouldBe(9);
        page.Tickets.ShouldNotContain(t => t.ExternalTicketId == victim);
        var error = page.Errors.ShouldHaveSingleItem();
        error.ExternalId.ShouldBe(victim);
        error.Reason.ShouldContain("Unknown status 'escalated'");
    }

    [Fact]
    public async Task A_rejected_api_key_fails_with_a_clear_message_once_the_settings_are_reloaded()
    {
        await using var remote = await fixture.ConnectAsync();
        var api = remote.Api;
        await api.GetTicketsAsync(new RemoteTicketQuery { Limit = 1 }, Ct);
        var original = await SetStoredApiKeyAsync(remote.Services, "not-the-simulator-key");
        try
        {
            // Still cached: the settings are read again only after Invalidate (or 30 s).
            await api.GetTicketsAsync(new RemoteTicketQuery { Limit = 1 }, Ct);
            remote.Services.GetRequiredService<IIntegrationSettingsCache>().Invalidate();

            var error = await Should.ThrowAsync<RemoteUnauthorizedException>(() => api.GetTicketsAsync(new RemoteTicketQuery { Limit = 1 }, Ct));

            error.Message.ShouldBe("The API key was rejected by Championship IT (401).");
            error.Message.ShouldNotContain("not-the-simulator-key");
        }
        finally
        {
            await RestoreStoredApiKeyAsync(original);
        }
    }

    [Fact]
    public async Task A_stored_api_key_that_cannot_be_decrypted_is_reported_without_a_request()
    {
        await using var remote = await fixture.ConnectAsync();
        var original = await SetStoredValueAsync("CfDJ8-not-a-protected-value");
        var requests = fixture.Simulator.Counters.Requests;
        try
        {
            var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketsAsync(new RemoteTicketQuery(), Ct));

            error.Reason.ShouldBe(RemoteUnavailableReason.NotConfigured);
            error.Message.ShouldContain("cannot be decrypted");
            error.Message.ShouldNotContain("CfDJ8");
            fixture.Simulator.Counters.Requests.ShouldBe(requests);
        }
        finally
        {
            await RestoreStoredApiKeyAsync(original);
        }
    }

    [Fact]
    public async Task Without_settings_every_call_says_the_integration_is_not_configured()
    {
        var configs = Substitute.For<ISystemConfigRepository>();
        configs.GetAsync(Arg.Any<CancellationToken>()).Returns((TicketingSystemConfig?)null);
        await using var remote = await fixture.ConnectAsync(configure: s => s.AddScoped(_ => configs));
        var requests = fixture.Simulator.Counters.Requests;

        var error = await Should.ThrowAsync<RemoteUnavailableException>(() => remote.Api.GetTicketAsync("tkt_1", Ct));

        error.Reason.ShouldBe(RemoteUnavailableReason.NotConfigured);
        error.Message.ShouldContain("not configured");
        fixture.Simulator.Counters.Requests.ShouldBe(requests);
    }

    private Task<string?> SetStoredApiKeyAsync(IServiceProvider services, string apiKey) =>
        SetStoredValueAsync(services.GetRequiredService<IntegrationSecretProtector>().Protect(apiKey));

    private async Task<string?> SetStoredValueAsync(string storedApiKey)
    {
        await using var db = fixture.Database.CreateDbContext();
        var config = await db.SystemConfigs.SingleAsync(Ct);
        var original = config.ApiKeyEncrypted;
        config.ApiKeyEncrypted = storedApiKey;
        await db.SaveChangesAsync(Ct);
        return original;
    }

    private async Task RestoreStoredApiKeyAsync(string? original)
    {
        await using var db = fixture.Database.CreateDbContext();
        var config = await db.SystemConfigs.SingleAsync();
        config.ApiKeyEncrypted = original;
        await db.SaveChangesAsync();
    }

    /// <summary>Gives one ticket of a list a status the contract does not know, as a newer remote might.</summary>
    private sealed class StatusRewritingHandler(string ticketId, string status) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return response;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var ticket in body["data"]?.AsArray() ?? [])
            {
                if (ticket!["id"]!.GetValue<string>() == ticketId)
                {
                    ticket["status"] = status;
                }
            }

            response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            return response;
        }
    }
}

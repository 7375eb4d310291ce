using System.Net;
using System.Text;
using Ticketing.Simulator.Tests.Support;
using Ticketing.Simulator.Tickets;

namespace Ticketing.Simulator.Tests;

public sealed class CommentTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 300, Seed = 3 }, Wire.Ct);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Lists_a_seeded_tickets_comments_oldest_first_in_the_tickets_envelope()
    {
        var ticket = _host.Store.Snapshot().First(t => _host.Store.Comments(t.Id)!.Count >= 3);
        var stored = _host.Store.Comments(ticket.Id)!;

        var list = await _client.CommentsAsync(ticket.Id);

        list.Pagination.ShouldBe(new PaginationView(1, 50, stored.Count, 1));
        list.Data.Select(c => c.Id).ShouldBe(stored.Select(c => c.Id));
        list.Data.ShouldAllBe(c => c.TicketId == ticket.Id && c.Id.StartsWith("cmt_") && c.Body.Length > 0);
        list.Data.Zip(list.Data.Skip(1)).ShouldAllBe(pair => pair.First.CreatedAt <= pair.Second.CreatedAt);
        list.Data.ShouldAllBe(c => c.Visibility == "public" || c.Visibility == "internal");
        var first = list.Data[0];
        first.AuthorName.ShouldBe(stored[0].AuthorName);
        first.AuthorEmail.ShouldBe(stored[0].AuthorEmail);
        first.CreatedAt.UtcDateTime.ShouldBe(stored[0].CreatedAt);
    }

    [Fact]
    public async Task Answers_404_for_an_unknown_ticket()
    {
        using var list = await _client.GetAsync("tickets/tkt_NOPE000000/comments", Wire.Ct);
        using var post = await _client.PostCommentAsync("tkt_NOPE000000", """{"body":"Hello?"}""");

        list.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await list.ReadAsync<ErrorView>()).Error.Code.ShouldBe("not_found");
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Posting_a_comment_answers_201_with_it_and_moves_the_tickets_updated_at()
    {
        var before = _host.Store.Snapshot()[10];

        using var response = await _client.PostCommentAsync(
            before.Id, """{"body":"Rebooted the VPN concentrator;\nplease retry.","visibility":"internal","author_name":"Sam Ito","author_email":"sam.ito@demo.local"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var comment = await response.ReadAsync<CommentView>();
        comment.Id.ShouldStartWith("cmt_");
        comment.TicketId.ShouldBe(before.Id);
        comment.Body.ShouldBe("Rebooted the VPN concentrator;\nplease retry.");
        comment.Visibility.ShouldBe("internal");
        comment.AuthorName.ShouldBe("Sam Ito");
        comment.AuthorEmail.ShouldBe("sam.ito@demo.local");
        var after = _host.Store.Find(before.Id)!;
        after.UpdatedAt.ShouldBeGreaterThan(before.UpdatedAt);
        after.UpdatedAt.ShouldBeGreaterThanOrEqualTo(comment.CreatedAt.UtcDateTime);
        (await _client.CommentsAsync(before.Id)).Data[^1].ShouldBe(comment);
        _host.Counters.CommentsCreated.ShouldBe(1);
    }

    [Fact]
    public async Task Visibility_defaults_to_public_and_the_author_may_be_left_out()
    {
        var id = _host.Store.Snapshot()[11].Id;

        using var response = await _client.PostCommentAsync(id, """{"body":"Anyone?","visibility":null}""");

        var comment = await response.ReadAsync<CommentView>();
        comment.Visibility.ShouldBe("public");
        comment.AuthorName.ShouldBeNull();
        comment.AuthorEmail.ShouldBeNull();
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_comment_with_200_and_creates_nothing()
    {
        var id = _host.Store.Snapshot()[12].Id;
        var key = Guid.NewGuid().ToString();

        using var first = await _client.PostCommentAsync(id, """{"body":"Once"}""", key);
        var afterFirst = _host.Store.Find(id)!;
        using var second = await _client.PostCommentAsync(id, """{"body":"Once, retried with another body"}""", key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.ReadAsync<CommentView>()).ShouldBe(await first.ReadAsync<CommentView>());
        (await _client.CommentsAsync(id)).Data.Count(c => c.Body.StartsWith("Once", StringComparison.Ordinal)).ShouldBe(1);
        _host.Store.Find(id)!.UpdatedAt.ShouldBe(afterFirst.UpdatedAt, "a replay changes nothing");
        _host.Counters.CommentsCreated.ShouldBe(1);
        _host.Counters.IdempotentReplays.ShouldBe(1);
    }

    [Fact]
    public async Task Since_keeps_the_comments_created_at_or_after_it()
    {
        var id = _host.Store.Snapshot()[13].Id;
        var added = new List<CommentView>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _client.PostCommentAsync(id, $$"""{"body":"Step {{i}}"}""");
            added.Add(await response.ReadAsync<CommentView>());
        }

        var since = Timestamps.Format(added[1].CreatedAt.UtcDateTime);
        var list = await _client.CommentsAsync(id, "?since=" + Uri.EscapeDataString(since));
        var offset = await _client.CommentsAsync(id, "?since=" + Uri.EscapeDataString(added[1].CreatedAt.ToOffset(TimeSpan.FromHours(2)).ToString("O")));

        list.Data.Select(c => c.Id).ShouldBe([added[1].Id, added[2].Id]);
        list.Pagination.Total.ShouldBe(2);
        offset.Data.Select(c => c.Id).ShouldBe([added[1].Id, added[2].Id], "any offset names the same instant");
    }

    [Fact]
    public async Task Paging_misses_nothing_and_repeats_nothing_while_new_comments_arrive()
    {
        using var created = await _client.PostJsonAsync("tickets", """{"title":"Chatty","priority":"low"}""");
        var id = (await created.ReadAsync<TicketView>()).Id;
        for (var i = 0; i < 7; i++)
        {
            (await _client.PostCommentAsync(id, $$"""{"body":"Before {{i}}"}""")).Dispose();
        }

        var seen = new List<CommentView>();
        var posted = 7;
        for (var page = 1; ; page++)
        {
            var list = await _client.CommentsAsync(id, $"?limit=3&page={page}");
            if (list.Data.Count == 0)
            {
                break;
            }

            seen.AddRange(list.Data);
            // Two more arrive between pages, until there are 13.
            for (var i = 0; i < 2 && posted < 13; i++, posted++)
            {
                (await _client.PostCommentAsync(id, $$"""{"body":"During page {{page}}"}""")).Dispose();
            }
        }

        var all = _host.Store.Comments(id)!;
        all.Count.ShouldBe(13);
        seen.Select(c => c.Id).ShouldBe(all.Select(c => c.Id), "every comment once, in order");
        all.Zip(all.Skip(1)).ShouldAllBe(pair => pair.First.CreatedAt < pair.Second.CreatedAt);
    }

    [Theory]
    [InlineData("""{"visibility":"public"}""", "body")]
    [InlineData("""{"body":null}""", "body")]
    [InlineData("""{"body":""}""", "body")]
    [InlineData("""{"body":42}""", "body")]
    [InlineData("""{"body":"x","visibility":"secret"}""", "visibility")]
    [InlineData("""{"body":"x","visibility":true}""", "visibility")]
    [InlineData("""{"body":"x","author_email":"not-an-email"}""", "author_email")]
    [InlineData("""{"body":"x","author_name":["Sam"]}""", "author_name")]
    [InlineData("""{"body":"\ud800 broken"}""", "body")]
    [InlineData("""["body"]""", "body")]
    [InlineData("""not json""", "body")]
    public async Task Rejects_a_bad_body_with_422_and_details(string json, string field)
    {
        var id = _host.Store.Snapshot()[14].Id;
        var before = _host.Store.Comments(id)!.Count;

        using var response = await _client.PostCommentAsync(id, json);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await response.ReadAsync<ErrorView>()).Error;
        error.Code.ShouldBe("validation_failed");
        error.Details.ShouldNotBeNull().ShouldContainKey(field);
        _host.Store.Comments(id)!.Count.ShouldBe(before);
    }

    [Fact]
    public async Task A_body_may_hold_20000_characters_of_any_unicode_but_not_one_more()
    {
        var id = _host.Store.Snapshot()[15].Id;
        // Emoji are two UTF-16 units each: the limit counts characters (code points), not units.
        var emoji = string.Concat(Enumerable.Repeat("🙂", 19_990)) + "é\u0000\"<>\\\n\t🎉";
        var tooLong = new string('x', 20_001);

        using var accepted = await _client.PostCommentAsync(id, Json(emoji));
        using var refused = await _client.PostCommentAsync(id, Json(tooLong));

        accepted.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await accepted.ReadAsync<CommentView>()).Body.ShouldBe(emoji);
        (await _client.CommentsAsync(id)).Data[^1].Body.ShouldBe(emoji);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.ReadAsync<ErrorView>()).Error.Details!["body"].ShouldHaveSingleItem().ShouldContain("20000");
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?limit=abc")]
    [InlineData("?since=yesterday")]
    public async Task Rejects_bad_paging_or_since_with_422(string query)
    {
        using var response = await _client.GetAsync($"tickets/{_host.Store.Snapshot()[0].Id}/comments{query}", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_deleted_tickets_comments_are_gone()
    {
        var id = _host.Store.Snapshot()[16].Id;
        (await _client.PostCommentAsync(id, """{"body":"Soon gone"}""")).Dispose();

        _host.Store.Delete(id).ShouldBeTrue();
        using var response = await _client.GetAsync($"tickets/{id}/comments", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string Json(string body)
    {
        var builder = new StringBuilder("{\"body\":");
        builder.Append(System.Text.Json.JsonSerializer.Serialize(body));
        return builder.Append('}').ToString();
    }
}

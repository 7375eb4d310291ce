using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shouldly;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.IntegrationTests.Persistence;

public sealed class MigrationsTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_create_the_integration_tables()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("migrations", TestContext.Current.CancellationToken);
        await using var db = database.CreateDbContext();

        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

        (await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();

        var tables = await ScalarListAsync(database,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        string[] expected = ["tickets_cache", "ticket_project_links", "ticket_assignment_links", "ticket_sync_log",
            "ticketing_system_config", "ticket_notifications", "projects", "assignments", "users", "roles"];
        foreach (var table in expected)
        {
            tables.ShouldContain(table);
        }
    }

    [Fact]
    public async Task Tickets_cache_has_the_columns_the_integration_needs()
    {
        await using var database = await TestDatabase.CreateAsync("columns", TestContext.Current.CancellationToken);

        var columns = await ScalarListAsync(database,
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'tickets_cache'");

        string[] expected = ["id:uuid", "external_ticket_id:character varying", "ticket_number:character varying", "title:character varying",
            "description:text", "status:character varying", "priority:character varying", "category:character varying",
            "requester_id:character varying", "requester_name:character varying", "requester_email:character varying",
            "assignee_id:character varying", "assignee_name:character varying", "department:character varying",
            "created_at:timestamp with time zone", "updated_at:timestamp with time zone", "resolved_at:timestamp with time zone",
            "due_date:timestamp with time zone", "tags:ARRAY", "custom_fields:jsonb", "last_synced_at:timestamp with time zone",
            "deleted_at:timestamp with time zone"];
        foreach (var column in expected)
        {
            columns.ShouldContain(column);
        }
    }

    [Theory]
    [InlineData("status", "'escalated'")]
    [InlineData("priority", "'blocker'")]
    public async Task Check_constraints_refuse_values_outside_the_contract(string column, string value)
    {
        await using var database = await TestDatabase.CreateAsync("checks", TestContext.Current.CancellationToken);
        var status = column == "status" ? value : "'open'";
        var priority = column == "priority" ? value : "'low'";
        var sql = "INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, tags, last_synced_at) " +
            $"VALUES ('tkt_x', 'IT-X', 'x', {status}, {priority}, now(), now(), ARRAY[]::text[], now())";

        var ex = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(database, sql));
        ex.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task Rank_columns_follow_the_workflow_and_severity_orders()
    {
        await using var database = await TestDatabase.CreateAsync("ranks", TestContext.Current.CancellationToken);
        await ExecuteAsync(database, """
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, tags, last_synced_at)
            VALUES ('a', 'IT-A', 'a', 'cancelled', 'critical', now(), now(), '{}', now()),
                   ('b', 'IT-B', 'b', 'open', 'low', now(), now(), '{}', now()),
                   ('c', 'IT-C', 'c', 'on_hold', 'urgent', now(), now(), '{}', now())
            """);

        (await ScalarListAsync(database, "SELECT status FROM tickets_cache ORDER BY status_rank")).ShouldBe(["open", "on_hold", "cancelled"]);
        (await ScalarListAsync(database, "SELECT priority FROM tickets_cache ORDER BY priority_rank DESC")).ShouldBe(["critical", "urgent", "low"]);
    }

    [Fact]
    public async Task Search_has_a_gin_index_on_the_document_one_on_its_sample_and_a_trigram_index_on_the_number_only()
    {
        await using var database = await TestDatabase.CreateAsync("search_ix", TestContext.Current.CancellationToken);

        var indexes = await ScalarListAsync(database,
            "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets_cache' AND indexdef LIKE '%USING gin%'");

        indexes.ShouldBe(["ix_tickets_cache_search_document", "ix_tickets_cache_search_document_sample", "ix_tickets_cache_ticket_number_trgm"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_search_sample_is_an_eighth_of_random_ids_and_a_search_of_it_uses_its_index()
    {
        await using var database = await TestDatabase.CreateAsync("search_sample", TestContext.Current.CancellationToken);

        // Random ids: a sixteenth of them ends in each hex digit, so two of sixteen make an eighth.
        var share = await ScalarListAsync(database,
            $"SELECT round(avg(({TicketListSql.SearchSampleOfRow})::int) * 8)::text FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, 20000)) g");
        share.ShouldBe(["1"]);

        // The planner proves the partial index's condition from the query's own text, so both must stay one expression:
        // with the whole document's index out of the way, the sample's index is the one that answers.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var setup = new NpgsqlCommand(
            """
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, status, priority, created_at, updated_at, tags, last_synced_at)
            SELECT 'vpn_' || g, 'VPN-' || g, CASE WHEN g % 2 = 0 THEN 'vpn ' ELSE 'printer ' END || g, 'open', 'low', now(), now(), ARRAY[]::text[], now()
            FROM generate_series(1, 4000) g;
            ANALYZE tickets_cache;
            DROP INDEX ix_tickets_cache_search_document;
            SET enable_seqscan = off;
            SET enable_indexscan = off;
            """, connection))
        {
            await setup.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var explain = new NpgsqlCommand(
            "EXPLAIN (COSTS OFF) SELECT count(*) FROM tickets_cache t WHERE t.deleted_at IS NULL " +
            $"AND t.search_document @@ to_tsquery('simple', 'vpn') AND {TicketListSql.SearchSample("t.id")}",
            connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }

        string.Join('\n', plan).ShouldContain("Bitmap Index Scan on ix_tickets_cache_search_document_sample");
    }

    [Fact]
    public async Task The_search_document_is_the_one_translate_made_of_the_same_text()
    {
        // Decision 109 replaced translate() by nested replace() calls in the generated column: the documents must not differ.
        await using var database = await TestDatabase.CreateAsync("search_doc", TestContext.Current.CancellationToken);
        await ExecuteAsync(database, """
            INSERT INTO tickets_cache (external_ticket_id, ticket_number, title, description, status, priority, created_at, updated_at, tags, last_synced_at)
            VALUES ('a', 'IT-004217', 'VPN drops on vpn.corp.com', 'Mail dana@example.org: see https://intra.corp/a/b?x=1 at 10:30', 'open', 'low', now(), now(), '{}', now()),
                   ('b', 'IT-004218', '<script>alert(1)</script> printer', NULL, 'open', 'low', now(), now(), '{}', now()),
                   ('c', 'IT-0042-19', 'Ünïcödé résumé @@ .. // :: << >>', 'Zürich—Genève 3.14 C:\\temp\\x.txt ü@é.ö <b>bold</b>', 'open', 'low', now(), now(), '{}', now()),
                   ('d', 'IT-4', '', '', 'open', 'low', now(), now(), '{}', now())
            """);

        var differing = await ScalarListAsync(database, """
            SELECT external_ticket_id FROM tickets_cache
            WHERE search_document IS DISTINCT FROM
                setweight(to_tsvector('simple'::regconfig, translate(ticket_number::text, '-', ' ')), 'A') ||
                setweight(to_tsvector('simple'::regconfig, translate(title::text, '@./:<>', '      ')), 'B') ||
                setweight(to_tsvector('simple'::regconfig, translate(coalesce(description, ''), '@./:<>', '      ')), 'C')
            """);
        var words = await ScalarListAsync(database, """
            SELECT string_agg(lexeme, ' ' ORDER BY lexeme) FROM tickets_cache, unnest(search_document) WHERE external_ticket_id = 'a'
            """);

        differing.ShouldBeEmpty();
        words.ShouldHaveSingleItem().Split(' ').ShouldContain("corp");
        words.Single().Split(' ').ShouldContain("dana");
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ScalarListAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

namespace Ticketing.Infrastructure.Tickets;

/// <summary>The SQL of the bulk paths: staging by binary COPY, then one set-based statement.</summary>
internal static class TicketBulkSql
{
    public const string StageColumns =
        "external_ticket_id, ticket_number, title, description, status, priority, category, requester_id, requester_name, " +
        "requester_email, assignee_id, assignee_name, department, created_at, updated_at, resolved_at, due_date, tags, custom_fields";

    public const string CreateStage = $"""
        CREATE TEMP TABLE tickets_stage (
            external_ticket_id text NOT NULL, ticket_number text NOT NULL, title text NOT NULL, description text,
            status text NOT NULL, priority text NOT NULL, category text, requester_id text, requester_name text,
            requester_email text, assignee_id text, assignee_name text, department text,
            created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, resolved_at timestamptz, due_date timestamptz,
            tags text[] NOT NULL, custom_fields jsonb NOT NULL
        ) ON COMMIT DROP
        """;

    public const string CopyIntoStage = $"COPY tickets_stage ({StageColumns}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Takes each staged ticket's latest version, skips tickets the remote deleted, and upserts where the
    /// incoming version is newer (or the row was only presumed deleted). History and events are derived
    /// from the rows actually written, in the same statement, so a version seen twice (webhook and sync)
    /// records its changes once. Parameters: @synced_at, @now, @source, @touch, @actor.
    /// </summary>
    public const string Upsert = """
        WITH incoming AS (
            SELECT DISTINCT ON (s.external_ticket_id) s.*
            FROM tickets_stage s
            WHERE NOT EXISTS (SELECT 1 FROM ticket_tombstones d WHERE d.external_ticket_id = s.external_ticket_id)
            ORDER BY s.external_ticket_id, s.updated_at DESC
        ),
        previous AS (
            SELECT c.external_ticket_id, c.status, c.priority, c.assignee_id, c.assignee_name, c.title,
                   c.category, c.department, c.due_date
            FROM tickets_cache c
            JOIN incoming i ON i.external_ticket_id = c.external_ticket_id
        ),
        upserted AS (
            INSERT INTO tickets_cache AS t (
                external_ticket_id, ticket_number, title, description, status, priority, category, requester_id,
                requester_name, requester_email, assignee_id, assignee_name, department, created_at, updated_at,
                resolved_at, due_date, tags, custom_fields, last_synced_at)
            SELECT i.external_ticket_id, i.ticket_number, i.title, i.description, i.status, i.priority, i.category,
                   i.requester_id, i.requester_name, i.requester_email, i.assignee_id, i.assignee_name, i.department,
                   i.created_at, i.updated_at, i.resolved_at, i.due_date, i.tags, i.custom_fields, @synced_at
            FROM incoming i
            ON CONFLICT (external_ticket_id) DO UPDATE SET
                ticket_number = EXCLUDED.ticket_number, title = EXCLUDED.title, description = EXCLUDED.description,
                status = EXCLUDED.status, priority = EXCLUDED.priority, category = EXCLUDED.category,
                requester_id = EXCLUDED.requester_id, requester_name = EXCLUDED.requester_name,
                requester_email = EXCLUDED.requester_email, assignee_id = EXCLUDED.assignee_id,
                assignee_name = EXCLUDED.assignee_name, department = EXCLUDED.department,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at,
                due_date = EXCLUDED.due_date, tags = EXCLUDED.tags, custom_fields = EXCLUDED.custom_fields,
                last_synced_at = EXCLUDED.last_synced_at, deleted_at = NULL
            WHERE t.updated_at < EXCLUDED.updated_at OR t.deleted_at IS NOT NULL
            RETURNING t.id, t.external_ticket_id, t.status, t.priority, t.assignee_id, t.assignee_name, t.title,
                      t.category, t.department, t.due_date, t.updated_at, (t.xmax = 0) AS inserted
        ),
        changed AS (
            SELECT u.*, p.status AS old_status, p.priority AS old_priority, p.assignee_id AS old_assignee_id,
                   p.assignee_name AS old_assignee_name, p.title AS old_title, p.category AS old_category,
                   p.department AS old_department, p.due_date AS old_due_date
            FROM upserted u
            JOIN previous p ON p.external_ticket_id = u.external_ticket_id
            WHERE NOT u.inserted
        ),
        history AS (
            INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
            SELECT c.id, f.field, f.old_value, f.new_value, c.updated_at, @now, @source
            FROM changed c
            CROSS JOIN LATERAL (VALUES
                ('status', c.old_status, c.status),
                ('priority', c.old_priority, c.priority),
                ('assignee', c.old_assignee_name, c.assignee_name),
                ('title', c.old_title, c.title),
                ('category', c.old_category, c.category),
                ('department', c.old_department, c.department),
                ('due_date', to_char(c.old_due_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                             to_char(c.due_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
            ) AS f(field, old_value, new_value)
            WHERE f.old_value IS DISTINCT FROM f.new_value
            UNION ALL
            SELECT u.id, 'created', NULL, u.status, u.updated_at, @now, @source FROM upserted u WHERE u.inserted
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, old_value, new_value, occurred_at, recorded_at, source, actor_user_id)
            SELECT u.id, 'created', NULL, u.assignee_id, u.updated_at, @now, @source, @actor FROM upserted u WHERE u.inserted
            UNION ALL
            SELECT c.id, 'status_changed', c.old_status, c.status, c.updated_at, @now, @source, @actor
            FROM changed c WHERE c.old_status IS DISTINCT FROM c.status
            UNION ALL
            SELECT c.id, 'assignment_changed', c.old_assignee_id, c.assignee_id, c.updated_at, @now, @source, @actor
            FROM changed c WHERE c.old_assignee_id IS DISTINCT FROM c.assignee_id
        ),
        touched AS (
            UPDATE tickets_cache t SET last_synced_at = @synced_at
            FROM incoming i
            WHERE @touch AND t.external_ticket_id = i.external_ticket_id AND t.updated_at >= i.updated_at
              AND t.deleted_at IS NULL AND t.last_synced_at < @synced_at
        )
        SELECT (SELECT count(*) FROM upserted WHERE inserted)::int,
               (SELECT count(*) FROM upserted WHERE NOT inserted)::int,
               (SELECT count(*) FROM tickets_stage)::int
        """;

    /// <summary>Marks tickets deleted and records it. Parameters: @ids (text[]), @now, @source.</summary>
    public const string MarkDeleted = """
        WITH tomb AS (
            INSERT INTO ticket_tombstones (external_ticket_id, deleted_at)
            SELECT unnest(@ids), @now
            ON CONFLICT (external_ticket_id) DO NOTHING
        ),
        deleted AS (
            UPDATE tickets_cache SET deleted_at = @now
            WHERE external_ticket_id = ANY(@ids) AND deleted_at IS NULL
            RETURNING id, updated_at
        ),
        history AS (
            INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
            SELECT id, 'deleted', NULL, NULL, @now, @now, @source FROM deleted
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, occurred_at, recorded_at, source)
            SELECT id, 'deleted', @now, @now, @source FROM deleted
        )
        SELECT count(*)::int FROM deleted
        """;

    /// <summary>After a complete full sync. Parameters: @seen_since, @now.</summary>
    public const string MarkUnseenDeleted = """
        WITH deleted AS (
            UPDATE tickets_cache SET deleted_at = @now
            WHERE deleted_at IS NULL AND last_synced_at < @seen_since
            RETURNING id
        ),
        history AS (
            INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
            SELECT id, 'deleted', NULL, NULL, @now, @now, 'sync' FROM deleted
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, occurred_at, recorded_at, source)
            SELECT id, 'deleted', @now, @now, 'sync' FROM deleted
        )
        SELECT count(*)::int FROM deleted
        """;

    /// <summary>Parameters: @ext, @comment_id, @author, @body, @created_at, @now, @source.</summary>
    public const string AddComment = """
        WITH added AS (
            INSERT INTO ticket_comments (ticket_id, external_comment_id, author_name, body, created_at)
            SELECT id, @comment_id, @author, @body, @created_at FROM tickets_cache WHERE external_ticket_id = @ext
            ON CONFLICT (external_comment_id) DO NOTHING
            RETURNING ticket_id
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, new_value, occurred_at, recorded_at, source)
            SELECT ticket_id, 'comment_added', @comment_id, @created_at, @now, @source FROM added
        )
        SELECT count(*)::int FROM added
        """;
}

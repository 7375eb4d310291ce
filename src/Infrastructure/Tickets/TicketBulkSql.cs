namespace Ticketing.Infrastructure.Tickets;

/// <summary>The SQL of the bulk paths: staging by binary COPY, then one set-based statement.</summary>
internal static class TicketBulkSql
{
    public const string StageColumns =
        "external_ticket_id, ticket_number, title, description, status, priority, category, requester_id, requester_name, " +
        "requester_email, assignee_id, assignee_name, department, created_at, updated_at, resolved_at, due_date, tags, custom_fields";

    /// <summary>
    /// The staging table, created once per session (the pool keeps its sessions) and emptied by every commit: a
    /// table created and dropped per page wrote about twenty catalog rows each time, 1.6–20 ms under load, and
    /// left as many dead rows in the catalog (decision 146). A rolled-back page leaves it empty too.
    /// </summary>
    public const string CreateStage = $"""
        SET LOCAL client_min_messages = warning;
        CREATE TEMP TABLE IF NOT EXISTS tickets_stage (
            external_ticket_id text NOT NULL, ticket_number text NOT NULL, title text NOT NULL, description text,
            status text NOT NULL, priority text NOT NULL, category text, requester_id text, requester_name text,
            requester_email text, assignee_id text, assignee_name text, department text,
            created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, resolved_at timestamptz, due_date timestamptz,
            tags text[] NOT NULL, custom_fields jsonb NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    public const string CopyIntoStage = $"COPY tickets_stage ({StageColumns}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Each staged ticket's latest version (<c>latest</c>) and those of them the upsert would write
    /// (<c>incoming</c>): new, newer than the cached version, or a deleted one a newer version may revive.
    /// Parameter: @revive.
    /// </summary>
    private const string Incoming = """
        latest AS (
            SELECT DISTINCT ON (s.external_ticket_id) s.*
            FROM tickets_stage s
            ORDER BY s.external_ticket_id, s.updated_at DESC
        ),
        incoming AS (
            SELECT l.*
            FROM latest l
            LEFT JOIN ticket_tombstones d ON d.external_ticket_id = l.external_ticket_id
            LEFT JOIN tickets_cache c ON c.external_ticket_id = l.external_ticket_id
            WHERE (d.external_ticket_id IS NULL
                   OR (c.id IS NOT NULL AND c.deleted_at IS NULL)
                   OR (@revive AND l.updated_at > d.deleted_at))
              -- Only what the insert would write: an unchanged ticket never reaches ON CONFLICT, which
              -- would lock its row (dirtying its page) even when the update's WHERE refuses it.
              AND (c.id IS NULL
                   OR (c.deleted_at IS NULL AND c.updated_at < l.updated_at)
                   OR (c.deleted_at IS NOT NULL AND @revive AND c.updated_at <= l.updated_at))
        )
        """;

    /// <summary>
    /// A full pass's first statement over a staged page: records every staged ticket's sighting and counts
    /// those the upsert would write. A page of unchanged tickets (the usual page of a reconciliation) ends
    /// here, so the upsert and the statement-level triggers of <c>tickets_cache</c> never run for it.
    /// Parameters: @synced_at, @revive.
    /// </summary>
    public const string SightAndCount = $$"""
        WITH {{Incoming}},
        sighted AS (
            INSERT INTO ticket_sightings AS s (external_ticket_id, seen_at)
            SELECT l.external_ticket_id, @synced_at FROM latest l
            ON CONFLICT (external_ticket_id) DO UPDATE SET seen_at = EXCLUDED.seen_at
            WHERE s.seen_at < EXCLUDED.seen_at
        )
        SELECT count(*)::int FROM incoming
        """;

    /// <summary>
    /// Takes each staged ticket's latest version and upserts it where it is newer than the cached one.
    /// A ticket the remote deleted (a tombstone, or a row marked deleted) comes back only when
    /// @revive is set (a version seen by a sync or read by id, never a webhook) and the version is
    /// stamped later than the deletion; the tombstone then goes. History and events are derived from
    /// the rows actually written, in the same statement, so a version seen twice (webhook and sync)
    /// records its changes once. A ticket that did not change is not written at all (a full pass, a read
    /// by id records its sighting first: <see cref="SightAndCount"/>), never a new version of its row. An
    /// initial bulk load (@bulk) writes no "created" history row or event per ticket.
    /// Parameters: @synced_at, @now, @source, @actor, @revive, @bulk.
    /// </summary>
    public const string Upsert = $$"""
        WITH {{Incoming}},
        revived AS (
            DELETE FROM ticket_tombstones d
            USING incoming i
            WHERE @revive AND d.external_ticket_id = i.external_ticket_id AND i.updated_at > d.deleted_at
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
            WHERE (t.deleted_at IS NULL AND t.updated_at < EXCLUDED.updated_at)
               OR (t.deleted_at IS NOT NULL AND @revive AND t.updated_at <= EXCLUDED.updated_at)
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
            SELECT u.id, 'created', NULL, u.status, u.updated_at, @now, @source FROM upserted u WHERE u.inserted AND NOT @bulk
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, old_value, new_value, occurred_at, recorded_at, source, actor_user_id)
            SELECT u.id, 'created', NULL, u.assignee_id, u.updated_at, @now, @source, @actor FROM upserted u WHERE u.inserted AND NOT @bulk
            UNION ALL
            SELECT c.id, 'status_changed', c.old_status, c.status, c.updated_at, @now, @source, @actor
            FROM changed c WHERE c.old_status IS DISTINCT FROM c.status
            UNION ALL
            SELECT c.id, 'assignment_changed', c.old_assignee_id, c.assignee_id, c.updated_at, @now, @source, @actor
            FROM changed c WHERE c.old_assignee_id IS DISTINCT FROM c.assignee_id
            UNION ALL
            SELECT c.id, 'updated', NULL, NULL, c.updated_at, @now, @source, @actor
            FROM changed c WHERE c.old_status IS NOT DISTINCT FROM c.status AND c.old_assignee_id IS NOT DISTINCT FROM c.assignee_id
        )
        SELECT (SELECT count(*) FROM upserted WHERE inserted)::int,
               (SELECT count(*) FROM upserted WHERE NOT inserted)::int,
               (SELECT count(*) FROM tickets_stage)::int
        """;

    /// <summary>
    /// Starts a bulk load in one transaction, only when the mirror has never held a ticket: records how
    /// to rebuild each non-unique index of <c>tickets_cache</c>, the counters and the analytics rollups,
    /// then drops those indexes (the unique ones stay: the upsert's conflict target needs them). Returns
    /// whether this call started it (a transaction-local setting: the batch is one implicit transaction).
    /// </summary>
    public const string BeginBulkLoad = """
        DO $$
        DECLARE
            ix record;
        BEGIN
            LOCK TABLE tickets_cache IN SHARE ROW EXCLUSIVE MODE;
            IF EXISTS (SELECT 1 FROM tickets_cache) OR EXISTS (SELECT 1 FROM deferred_mirror_work) THEN
                RETURN;
            END IF;

            FOR ix IN
                SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                WHERE i.indrelid = 'tickets_cache'::regclass AND NOT i.indisunique AND NOT i.indisprimary
            LOOP
                INSERT INTO deferred_mirror_work (name, statement) VALUES ('index:' || ix.name, ix.definition);
                EXECUTE format('DROP INDEX %I', ix.name);
            END LOOP;

            INSERT INTO deferred_mirror_work (name, statement)
            VALUES ('counters', 'SELECT ticket_counters_rebuild()'), ('rollups', 'SELECT analytics_rollups_rebuild()');
            PERFORM set_config('ticketing.bulk_load_started', 'on', true);
        END
        $$;
        SELECT coalesce(current_setting('ticketing.bulk_load_started', true), '') = 'on';
        """;

    /// <summary>
    /// What a bulk load deferred, the longest steps first so that the two run at once finish together
    /// (decision 151): the rollups' rebuild, the GIN indexes (the search document's and the ticket
    /// number's trigrams), the counters, then the B-trees.
    /// </summary>
    public const string DeferredWork = """
        SELECT name, statement FROM deferred_mirror_work
        ORDER BY CASE WHEN name = 'rollups' THEN 0 WHEN statement LIKE '% USING gin %' THEN 1 WHEN name = 'counters' THEN 2 ELSE 3 END, name
        """;

    /// <summary>
    /// A deferred step's transaction: memory for its sort (an index build) or its grouping. Two steps run
    /// at once, so the load's maintenance memory is bounded at twice this.
    /// </summary>
    public const string DeferredStepSettings = "SET LOCAL maintenance_work_mem = '256MB'";

    /// <summary>
    /// A bulk page's transaction: the counter and analytics rollup triggers skip its statements (both are
    /// rebuilt once at the end of the load), and its commit does not wait for the WAL flush. A crash then
    /// loses at most the last pages' commits, never a page the watermark has passed: the watermark is
    /// committed afterwards, synchronously, and that flush covers every earlier commit; the next run
    /// fetches what was lost again.
    /// </summary>
    public const string BulkPageSettings = """
        SET LOCAL ticketing.counters_deferred = on;
        SET LOCAL ticketing.rollups_deferred = on;
        SET LOCAL synchronous_commit = off
        """;

    /// <summary>
    /// Marks tickets deleted (a deletion wins over any version held) and records it. The tombstone keeps
    /// the latest of the deletion time, an earlier tombstone's and the held version's <c>updated_at</c>, so
    /// only a version stamped after all of them can revive the ticket. Parameters: @ids (text[]),
    /// @deleted_at (timestamptz[], the deletion time of each id), @now, @source.
    /// </summary>
    public const string MarkDeleted = """
        WITH input AS (
            SELECT DISTINCT ON (x.id) x.id, x.deleted_at
            FROM unnest(@ids, @deleted_at) AS x(id, deleted_at)
            ORDER BY x.id, x.deleted_at DESC
        ),
        tomb AS (
            INSERT INTO ticket_tombstones AS d (external_ticket_id, deleted_at)
            SELECT i.id, GREATEST(i.deleted_at, c.updated_at)
            FROM input i
            LEFT JOIN tickets_cache c ON c.external_ticket_id = i.id
            ON CONFLICT (external_ticket_id) DO UPDATE SET deleted_at = GREATEST(d.deleted_at, EXCLUDED.deleted_at)
        ),
        deleted AS (
            UPDATE tickets_cache c SET deleted_at = i.deleted_at
            FROM input i
            WHERE c.external_ticket_id = i.id AND c.deleted_at IS NULL
            RETURNING c.id, i.deleted_at
        ),
        history AS (
            INSERT INTO ticket_history (ticket_id, field, old_value, new_value, changed_at, recorded_at, source)
            SELECT id, 'deleted', NULL, NULL, deleted_at, @now, @source FROM deleted
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, occurred_at, recorded_at, source)
            SELECT id, 'deleted', deleted_at, @now, @source FROM deleted
        )
        SELECT count(*)::int FROM deleted
        """;

    /// <summary>
    /// Live tickets a full sync did not see (neither stored nor sighted since @seen_since), in remote-id
    /// order after @after: the candidates for deletion, which the remote must confirm. Parameters:
    /// @seen_since, @after, @limit.
    /// </summary>
    public const string UnseenCandidates = """
        SELECT t.external_ticket_id FROM tickets_cache t
        WHERE t.deleted_at IS NULL AND t.last_synced_at < @seen_since AND t.external_ticket_id > @after
          AND NOT EXISTS (
              SELECT 1 FROM ticket_sightings s
              WHERE s.external_ticket_id = t.external_ticket_id AND s.seen_at >= @seen_since)
        ORDER BY t.external_ticket_id
        LIMIT @limit
        """;

    /// <summary>
    /// Live tickets neither stored nor sighted since @before, the longest unseen first. Parameters: @before, @limit.
    /// </summary>
    public const string Stale = """
        SELECT t.external_ticket_id FROM tickets_cache t
        LEFT JOIN ticket_sightings s ON s.external_ticket_id = t.external_ticket_id
        WHERE t.deleted_at IS NULL AND t.last_synced_at < @before AND (s.seen_at IS NULL OR s.seen_at < @before)
        ORDER BY GREATEST(t.last_synced_at, s.seen_at)
        LIMIT @limit
        """;

    /// <summary>A full pass starts: the sightings of the previous one are superseded (and would only take room).</summary>
    public const string ForgetSightings = "TRUNCATE ticket_sightings";

    /// <summary>
    /// Stores comments once by remote id, with an event for each new one. A comment already stored
    /// keeps what it has; only what its first source did not say (visibility, author e-mail) is filled
    /// in. Parameters: @ext, @ids, @authors, @emails, @bodies, @visibilities, @created (arrays), @now, @source,
    /// @actor (the dashboard user who wrote them through this app, or null).
    /// </summary>
    public const string AddComments = """
        WITH ticket AS (
            SELECT id FROM tickets_cache WHERE external_ticket_id = @ext
        ),
        stored AS (
            INSERT INTO ticket_comments AS c (ticket_id, external_comment_id, author_name, author_email, body, visibility, created_at)
            SELECT t.id, x.id, x.author, x.email, x.body, x.visibility, x.created
            FROM ticket t
            CROSS JOIN (
                SELECT DISTINCT ON (u.id) u.*
                FROM unnest(@ids, @authors, @emails, @bodies, @visibilities, @created) AS u(id, author, email, body, visibility, created)
                ORDER BY u.id) x
            ON CONFLICT (external_comment_id) DO UPDATE SET
                visibility = COALESCE(c.visibility, EXCLUDED.visibility),
                author_email = COALESCE(c.author_email, EXCLUDED.author_email)
            WHERE (c.visibility IS NULL AND EXCLUDED.visibility IS NOT NULL)
               OR (c.author_email IS NULL AND EXCLUDED.author_email IS NOT NULL)
            RETURNING c.ticket_id, c.external_comment_id, c.created_at, (c.xmax = 0) AS inserted
        ),
        events AS (
            INSERT INTO ticket_events (ticket_id, event_type, new_value, occurred_at, recorded_at, source, actor_user_id)
            SELECT ticket_id, 'comment_added', external_comment_id, created_at, @now, @source, @actor FROM stored WHERE inserted
        )
        SELECT count(*) FILTER (WHERE inserted)::int FROM stored
        """;

    /// <summary>
    /// Live tickets whose comments have not been read since their last change: the most recently
    /// changed (@newest, so a sync's own changes are covered at once) and the longest waiting (@oldest,
    /// so none starves behind a steady stream of changes), both on the partial index.
    /// Parameters: @newest, @oldest.
    /// </summary>
    public const string CommentBackfill = """
        (SELECT external_ticket_id, updated_at, comments_synced_through FROM tickets_cache
         WHERE deleted_at IS NULL AND (comments_synced_through IS NULL OR comments_synced_through < updated_at)
         ORDER BY updated_at DESC
         LIMIT @newest)
        UNION
        (SELECT external_ticket_id, updated_at, comments_synced_through FROM tickets_cache
         WHERE deleted_at IS NULL AND (comments_synced_through IS NULL OR comments_synced_through < updated_at)
         ORDER BY updated_at
         LIMIT @oldest)
        ORDER BY updated_at DESC
        """;

    /// <summary>How many tickets still wait for their comments (capped). Parameters: @cap.</summary>
    public const string CommentBackfillCount = """
        SELECT count(*)::int FROM (
            SELECT 1 FROM tickets_cache
            WHERE deleted_at IS NULL AND (comments_synced_through IS NULL OR comments_synced_through < updated_at)
            LIMIT @cap) p
        """;

    /// <summary>
    /// Several tickets at once, their rows locked in the order of their remote ids (one order for every run of it, where
    /// an <c>UPDATE … FROM</c> alone would lock them in whatever order its join produced). Parameters: @ext, @through (arrays).
    /// </summary>
    public const string MarkCommentsSynced = """
        WITH marks AS (
            SELECT t.id, m.through
            FROM unnest(@ext, @through) AS m(ext, through)
            JOIN tickets_cache t ON t.external_ticket_id = m.ext
            WHERE t.comments_synced_through IS NULL OR t.comments_synced_through < m.through
            ORDER BY t.external_ticket_id
            FOR NO KEY UPDATE OF t)
        UPDATE tickets_cache t SET comments_synced_through = marks.through
        FROM marks
        WHERE t.id = marks.id
        """;
}

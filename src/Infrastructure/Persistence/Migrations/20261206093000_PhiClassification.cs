using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ticketing.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// PHI classification (issue 17, docs/decisions/100-phi-classification.md): admin rules
    /// (<c>phi_rules</c>), the flag of each ticket with the rule that set it (<c>ticket_phi</c>), kept by
    /// statement triggers on <c>tickets_cache</c> in the writing transaction, whatever wrote (sync, the
    /// bulk initial load, webhook, the app), set-based; the background re-classification after a rule
    /// change (<c>phi_reclassification</c>, one row) and break-glass grants (<c>phi_break_glass</c>).
    /// Not in the EF model: only SQL reads these tables.
    /// </summary>
    [DbContext(typeof(TicketingDbContext))]
    [Migration("20261206093000_PhiClassification")]
    public partial class PhiClassification : Migration
    {
        /// <summary>The flags of the rows in <c>changed</c> that match a rule (also used by the re-classification).</summary>
        public const string Upsert = """
            INSERT INTO ticket_phi AS p (ticket_id, rule_id, rule_name, classified_at)
            SELECT c.id, c.rule_id, r.name, now() FROM changed c JOIN phi_rules r ON r.id = c.rule_id
            ORDER BY c.id
            ON CONFLICT (ticket_id) DO UPDATE SET rule_id = EXCLUDED.rule_id, rule_name = EXCLUDED.rule_name, classified_at = EXCLUDED.classified_at
                WHERE p.rule_id IS DISTINCT FROM EXCLUDED.rule_id
            RETURNING 1
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE phi_rules (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    name text NOT NULL,
                    kind text NOT NULL,
                    field text,
                    value text NOT NULL,
                    enabled boolean NOT NULL DEFAULT true,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT pk_phi_rules PRIMARY KEY (id),
                    CONSTRAINT ck_phi_rules_kind CHECK (kind IN ('category', 'department', 'tag', 'custom_field', 'pattern')),
                    CONSTRAINT ck_phi_rules_field CHECK ((kind = 'custom_field') = (field IS NOT NULL)));

                -- A deleted rule leaves its flags until re-classification decides again: PHI stays masked
                -- meanwhile (fail closed), so the rule id goes null and its name stays.
                CREATE TABLE ticket_phi (
                    ticket_id uuid NOT NULL,
                    rule_id bigint,
                    rule_name text NOT NULL,
                    classified_at timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT pk_ticket_phi PRIMARY KEY (ticket_id),
                    CONSTRAINT fk_ticket_phi_ticket FOREIGN KEY (ticket_id) REFERENCES tickets_cache (id) ON DELETE CASCADE,
                    CONSTRAINT fk_ticket_phi_rule FOREIGN KEY (rule_id) REFERENCES phi_rules (id) ON DELETE SET NULL);
                CREATE INDEX ix_ticket_phi_rule_id ON ticket_phi (rule_id);

                -- requested > done: a run is due, going on from cursor (ticket ids in order).
                CREATE TABLE phi_reclassification (
                    id int NOT NULL,
                    requested_generation bigint NOT NULL DEFAULT 0,
                    done_generation bigint NOT NULL DEFAULT 0,
                    requested_at timestamptz,
                    finished_at timestamptz,
                    cursor uuid,
                    processed bigint NOT NULL DEFAULT 0,
                    total bigint NOT NULL DEFAULT 0,
                    CONSTRAINT pk_phi_reclassification PRIMARY KEY (id),
                    CONSTRAINT ck_phi_reclassification_one CHECK (id = 1));
                INSERT INTO phi_reclassification (id) VALUES (1);

                CREATE TABLE phi_break_glass (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    user_id text NOT NULL,
                    ticket_id uuid NOT NULL,
                    reason text NOT NULL,
                    granted_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL,
                    CONSTRAINT pk_phi_break_glass PRIMARY KEY (id),
                    CONSTRAINT fk_phi_break_glass_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
                    CONSTRAINT fk_phi_break_glass_ticket FOREIGN KEY (ticket_id) REFERENCES tickets_cache (id) ON DELETE CASCADE);
                CREATE INDEX ix_phi_break_glass_user_ticket ON phi_break_glass (user_id, ticket_id, expires_at);
                """);

            // The first enabled rule (by id) a ticket's fields match, or null. Matching ignores case; a
            // pattern is a PostgreSQL regular expression, checked when the rule is saved (no back-references,
            // so matching stays linear in the text).
            migrationBuilder.Sql($$"""
                CREATE FUNCTION phi_rule_for(p_title text, p_description text, p_category text, p_department text, p_tags text[], p_custom jsonb)
                RETURNS bigint LANGUAGE sql STABLE AS $fn$
                    SELECT r.id FROM phi_rules r
                    WHERE r.enabled AND CASE r.kind
                        WHEN 'category' THEN lower(p_category) = lower(r.value)
                        WHEN 'department' THEN lower(p_department) = lower(r.value)
                        WHEN 'tag' THEN EXISTS (SELECT 1 FROM unnest(p_tags) AS t(tag) WHERE lower(t.tag) = lower(r.value))
                        WHEN 'custom_field' THEN lower(p_custom ->> r.field) = lower(r.value)
                        WHEN 'pattern' THEN p_title ~* r.value OR coalesce(p_description, '') ~* r.value
                        ELSE false END
                    ORDER BY r.id
                    LIMIT 1
                $fn$;

                CREATE FUNCTION ticket_phi_on_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM phi_rules WHERE enabled) THEN
                        -- No rule: nothing is PHI, so a rewritten ticket loses a flag left by a deleted rule.
                        IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM ticket_phi) THEN
                            DELETE FROM ticket_phi p USING new_rows n WHERE p.ticket_id = n.id;
                        END IF;
                        RETURN NULL;
                    END IF;

                    -- Each branch: the written rows whose classified fields changed, with the rule they
                    -- match now; flagged ones are upserted, unflagged ones lose their flag (disjoint sets).
                    IF TG_OP = 'INSERT' THEN
                        WITH changed AS MATERIALIZED (
                            SELECT n.id, phi_rule_for(n.title, n.description, n.category, n.department, n.tags, n.custom_fields) AS rule_id
                            FROM new_rows n),
                        flagged AS ({{Upsert}})
                        DELETE FROM ticket_phi p USING changed c WHERE p.ticket_id = c.id AND c.rule_id IS NULL;
                    ELSE
                        WITH changed AS MATERIALIZED (
                            SELECT n.id, phi_rule_for(n.title, n.description, n.category, n.department, n.tags, n.custom_fields) AS rule_id
                            FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE (o.title, o.description, o.category, o.department, o.tags, o.custom_fields)
                                  IS DISTINCT FROM (n.title, n.description, n.category, n.department, n.tags, n.custom_fields)),
                        flagged AS ({{Upsert}})
                        DELETE FROM ticket_phi p USING changed c WHERE p.ticket_id = c.id AND c.rule_id IS NULL;
                    END IF;

                    RETURN NULL;
                END
                $fn$;

                CREATE TRIGGER tr_tickets_cache_phi_insert AFTER INSERT ON tickets_cache
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_phi_on_change();
                CREATE TRIGGER tr_tickets_cache_phi_update AFTER UPDATE ON tickets_cache
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_phi_on_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER tr_tickets_cache_phi_update ON tickets_cache;
                DROP TRIGGER tr_tickets_cache_phi_insert ON tickets_cache;
                DROP FUNCTION ticket_phi_on_change();
                DROP FUNCTION phi_rule_for(text, text, text, text, text[], jsonb);
                DROP TABLE phi_break_glass;
                DROP TABLE phi_reclassification;
                DROP TABLE ticket_phi;
                DROP TABLE phi_rules;
                """);
        }
    }
}

using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// The database side of the audit log's safeguards, installed by the <c>TamperEvidentAuditLog</c>
/// migration: an insert trigger that numbers each entry and chains its hash to the previous one (under
/// <see cref="AdvisoryLocks.AuditChain"/>, so concurrent writers form one line), and triggers that refuse
/// UPDATE, TRUNCATE and DELETE, except the retention path of <see cref="AuditRetention"/>: a DELETE of
/// entries up to the sequence the transaction named in <see cref="PruneThroughSetting"/>.
/// </summary>
internal static class AuditChainSql
{
    /// <summary>The transaction-local setting through which <see cref="AuditRetention"/> allows its DELETE.</summary>
    public const string PruneThroughSetting = "ticketing.audit_prune_through";

    /// <summary>The functions: the canonical form, the chaining insert trigger, the refusals.</summary>
    public static readonly string Functions = $$"""
        CREATE OR REPLACE FUNCTION audit_log_field(value text) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END
        $$;

        CREATE OR REPLACE FUNCTION audit_log_canonical(
            seq bigint, occurred_at timestamptz, user_id text, actor text, action text, target_type text,
            target_id text, client_address text, ticket_ids text[], details jsonb) RETURNS text
        LANGUAGE sql STABLE AS $$
            SELECT concat_ws(E'\n',
                '{{AuditChain.Version}}',
                seq::text,
                (extract(epoch FROM occurred_at) * 1000000)::bigint::text,
                audit_log_field(user_id),
                audit_log_field(actor),
                audit_log_field(action),
                audit_log_field(target_type),
                audit_log_field(target_id),
                audit_log_field(client_address),
                CASE WHEN ticket_ids IS NULL THEN '-'
                     ELSE cardinality(ticket_ids)::text || ':' || coalesce(
                         (SELECT string_agg(audit_log_field(t), ',' ORDER BY o) FROM unnest(ticket_ids) WITH ORDINALITY AS u(t, o)), '')
                END,
                audit_log_field(details::text))
        $$;

        CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            last_seq bigint;
            last_hash bytea;
        BEGIN
            PERFORM pg_advisory_xact_lock({{AdvisoryLocks.AuditChain}});
            SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
            NEW.seq := coalesce(last_seq, 0) + 1;
            NEW.hash := sha256(
                convert_to(audit_log_canonical(NEW.seq, NEW.occurred_at, NEW.user_id, NEW.actor, NEW.action, NEW.target_type,
                    NEW.target_id, NEW.client_address, NEW.ticket_ids, NEW.details), 'UTF8')
                || coalesce(last_hash, decode(repeat('00', 32), 'hex')));
            RETURN NEW;
        END
        $$;

        CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE'
               AND OLD.seq <= coalesce(nullif(current_setting('{{PruneThroughSetting}}', true), '')::bigint, 0) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Old entries leave only through the retention path (docs/security.md).';
        END
        $$;

        CREATE OR REPLACE FUNCTION audit_log_no_truncate() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only: TRUNCATE refused' USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        """;

    /// <summary>The triggers, installed once the entries that predate them are chained.</summary>
    public const string Triggers = """
        CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();
        """;

    public const string Uninstall = """
        DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
        DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
        DROP TRIGGER IF EXISTS audit_log_chain ON audit_log;
        DROP FUNCTION IF EXISTS audit_log_no_truncate();
        DROP FUNCTION IF EXISTS audit_log_append_only();
        DROP FUNCTION IF EXISTS audit_log_chain();
        DROP FUNCTION IF EXISTS audit_log_canonical(bigint, timestamptz, text, text, text, text, text, text, text[], jsonb);
        DROP FUNCTION IF EXISTS audit_log_field(text);
        """;

    /// <summary>
    /// Chains the entries that predate the migration, oldest first, as the trigger would have (the
    /// columns are added empty, then filled here before they become NOT NULL).
    /// </summary>
    public const string ChainExisting = """
        DO $$
        DECLARE
            entry record;
            n bigint := 0;
            previous bytea := decode(repeat('00', 32), 'hex');
        BEGIN
            FOR entry IN SELECT * FROM audit_log ORDER BY occurred_at, id LOOP
                n := n + 1;
                previous := sha256(
                    convert_to(audit_log_canonical(n, entry.occurred_at, entry.user_id, entry.actor, entry.action, entry.target_type,
                        entry.target_id, entry.client_address, entry.ticket_ids, entry.details), 'UTF8') || previous);
                UPDATE audit_log SET seq = n, hash = previous WHERE id = entry.id;
            END LOOP;
        END
        $$;
        """;
}

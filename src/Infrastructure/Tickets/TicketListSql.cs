using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Builds the list's SQL from a filter and a sort: every value is a parameter, every column and
/// direction comes from a closed set. Sorting always ends with the id, so pages are stable.
/// </summary>
internal sealed partial class TicketListSql
{
    public const string Columns =
        "t.id, t.external_ticket_id, t.ticket_number, t.title, t.status, t.priority, t.category, t.department, " +
        "t.requester_name, t.assignee_id, t.assignee_name, t.created_at, t.updated_at, t.resolved_at, t.due_date, " +
        PhiFlag + ", s.ticket_id IS NOT NULL, s.resolution_due_at, s.state, " +
        "r.ticket_id IS NOT NULL, r.probability, r.similar_share, r.stratum_level, r.sample_size, r.target_hours, r.hours_left, " +
        "r.load_factor, r.likely_since, r.computed_at";

    /// <summary>
    /// What a page's rows are joined to, besides their SLA (alias <c>s</c>): the breach estimate of a ticket flagged
    /// likely to breach (<c>ticket_breach_risk</c>, alias <c>r</c>), so the page's badges need no query of their own.
    /// </summary>
    public const string RowJoins = "LEFT JOIN ticket_sla s ON s.ticket_id = t.id LEFT JOIN ticket_breach_risk r ON r.ticket_id = t.id AND r.likely";

    /// <summary>
    /// The rows with their SLA under a policy (<c>ticket_sla</c>, alias <c>s</c>; none when no policy covers the
    /// ticket). PostgreSQL drops the join when a statement reads nothing of <c>s</c>, so it costs nothing then.
    /// </summary>
    public const string From = "tickets_cache t LEFT JOIN ticket_sla s ON s.ticket_id = t.id";

    /// <summary>
    /// When a ticket is due: its policy's resolution due time when a policy covers it (none while the clock is
    /// paused), else Championship IT's due date. The list's "due" sort orders by it.
    /// </summary>
    public const string EffectiveDue = "CASE WHEN s.ticket_id IS NULL THEN t.due_date ELSE s.resolution_due_at END";

    /// <summary>
    /// "Overdue" over alias <c>t</c> (parameters <c>@active_statuses</c>, <c>@now</c>): unresolved and breached by
    /// its SLA policy (either target), or, when no policy covers the ticket, past Championship IT's due date. Written
    /// as one set of ids from two indexed walks (open rows of <c>ticket_sla</c> in that state; the due-date index),
    /// so neither the list nor the KPIs read every open ticket. The KPIs count with this same condition.
    /// </summary>
    public const string OverdueCondition =
        "t.status = ANY(@active_statuses) AND t.id IN (" +
        "SELECT s1.ticket_id FROM ticket_sla s1 WHERE s1.is_open AND s1.state = 'breached' " +
        "UNION ALL SELECT x.id FROM tickets_cache x WHERE " + RemoteOverdue + ")";

    /// <summary>
    /// How many live tickets <see cref="OverdueCondition"/> matches, as the sum of its two disjoint halves (a ticket
    /// has a <c>ticket_sla</c> row or not): each half is counted on its own index — the open breached rows, and
    /// <c>ix_tickets_cache_active_due</c> — instead of looking every match up by id, which at a million tickets
    /// is the difference between seconds and a fraction of one.
    /// </summary>
    public const string OverdueCount =
        "(SELECT count(*) FROM ticket_sla s1 JOIN tickets_cache t ON t.id = s1.ticket_id WHERE s1.is_open AND s1.state = 'breached' " +
        "AND t.deleted_at IS NULL AND t.status = ANY(@active_statuses)) + (SELECT count(*) FROM tickets_cache x WHERE " + RemoteOverdue + ")";

    /// <summary>How many live tickets <see cref="AtRiskCondition"/> matches, counted as <see cref="OverdueCount"/> is.</summary>
    public const string AtRiskCount =
        "(SELECT count(*) FROM ticket_sla s1 JOIN tickets_cache t ON t.id = s1.ticket_id WHERE s1.is_open AND s1.state = 'at_risk' " +
        "AND t.deleted_at IS NULL AND t.status = ANY(@active_statuses)) + (SELECT count(*) FROM tickets_cache x WHERE " + RemoteAtRisk + ")";

    /// <summary>
    /// The remote-due half of <see cref="OverdueCondition"/> over alias <c>x</c>: unresolved, no policy covers the
    /// ticket, and past Championship IT's due date (on <c>ix_tickets_cache_active_due</c>).
    /// </summary>
    public const string RemoteOverdue =
        "x.deleted_at IS NULL AND x.status = ANY(@active_statuses) AND x.due_date < @now " +
        "AND NOT EXISTS (SELECT 1 FROM ticket_sla n WHERE n.ticket_id = x.id)";

    // The remote-due half of AtRiskCondition over alias x: as RemoteOverdue, due within the at-risk window.
    private const string RemoteAtRisk =
        "x.deleted_at IS NULL AND x.status = ANY(@active_statuses) AND x.due_date >= @now AND x.due_date < @risk_until " +
        "AND NOT EXISTS (SELECT 1 FROM ticket_sla n WHERE n.ticket_id = x.id)";

    /// <summary>
    /// "At risk" over alias <c>t</c> (also <c>@risk_until</c>): unresolved and at risk by its SLA policy (three
    /// quarters of a target used), or, when no policy covers it, due at Championship IT within the at-risk window.
    /// </summary>
    public const string AtRiskCondition =
        "t.status = ANY(@active_statuses) AND t.id IN (" +
        "SELECT s1.ticket_id FROM ticket_sla s1 WHERE s1.is_open AND s1.state = 'at_risk' " +
        "UNION ALL SELECT x.id FROM tickets_cache x WHERE " + RemoteAtRisk + ")";

    /// <summary>
    /// "Likely to breach" over alias <c>t</c> (parameter <c>@active_statuses</c>): unresolved and flagged by the breach
    /// prediction (decision 095), read from the partial index of flagged tickets.
    /// </summary>
    public const string LikelyToBreachCondition =
        "t.status = ANY(@active_statuses) AND t.id IN (SELECT lr.ticket_id FROM ticket_breach_risk lr WHERE lr.likely)";

    /// <summary>
    /// A reopening over history alias <c>h</c> (parameters <c>@reopened_from_statuses</c>, the resolved set, and
    /// <c>@reopened_to_statuses</c>, the active set): a status change from resolved or closed back to an active
    /// status. Migration AnalyticsReopens spells out the same condition for the reopen rate's rollup.
    /// </summary>
    public const string ReopenedCondition =
        "h.field = 'status' AND h.old_value = ANY(@reopened_from_statuses) AND h.new_value = ANY(@reopened_to_statuses)";

    /// <summary>Whether the row's ticket is flagged as PHI (docs/security.md, "PHI").</summary>
    private const string PhiFlag = "EXISTS (SELECT 1 FROM ticket_phi p WHERE p.ticket_id = t.id)";

    /// <summary>
    /// The search's sample: one eighth of the tickets, by the last hex digit of their random id. Its partial GIN index
    /// (<c>ix_tickets_cache_search_document_sample</c>, live rows only) holds an eighth of each word's posting list, so
    /// a common word's "more than the cap" is proved on it without reading the whole list (decision 154).
    /// </summary>
    public static readonly string SearchSampleOfRow = SearchSample("id");

    /// <summary>The sample's condition over the id column <paramref name="id"/> (as <see cref="SearchSampleOfRow"/>).</summary>
    public static string SearchSample(string id) => $"right({id}::text, 1) IN ('0', '1')";

    /// <summary>
    /// Up to this many matches a search's page is sorted from its matches (read once, with the count, from the GIN
    /// index); above it the page walks the sort's index, where one row in 200 or more matches (decision 154).
    /// </summary>
    public const int SearchSortedMatches = 5_000;

    private TicketListSql(string where, string sortKey, string nulls, List<NpgsqlParameter> parameters, TicketSort sort, SlaFilter sla, bool isSearch)
    {
        _direction = sort.Direction == SortDirection.Asc ? "ASC" : "DESC";
        _sortKey = sortKey;
        _nulls = nulls;
        Where = where;
        OrderBy = $"ORDER BY {sortKey} {_direction}{nulls}, t.id {_direction}";
        Parameters = parameters;
        _sort = sort;
        _sla = sla;
        IsSearch = isSearch;
    }

    private readonly string _sortKey;

    private readonly string _direction;

    private readonly string _nulls;

    private readonly TicketSort _sort;

    private readonly SlaFilter _sla;

    /// <summary>The WHERE clause over alias <c>t</c>, starting with <c>WHERE</c>.</summary>
    public string Where { get; }

    /// <summary>The ORDER BY clause over alias <c>t</c>, starting with <c>ORDER BY</c>.</summary>
    public string OrderBy { get; }

    public List<NpgsqlParameter> Parameters { get; }

    /// <summary>Whether the filter searches text: its page and count are then one statement (<see cref="SearchPage"/>).</summary>
    public bool IsSearch { get; }

    public static TicketListSql Build(TicketFilter filter, TicketSort sort, DateTimeOffset now, TimeSpan atRiskWindow)
    {
        var where = new StringBuilder("WHERE t.deleted_at IS NULL");
        var parameters = new List<NpgsqlParameter>();

        if (filter.Statuses.Count > 0)
        {
            where.Append(" AND t.status = ANY(@statuses)");
            parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = filter.Statuses.Distinct().Select(WireName<TicketStatus>.Of).ToArray(),
            });
        }

        if (filter.Priorities.Count > 0)
        {
            where.Append(" AND t.priority = ANY(@priorities)");
            parameters.Add(new NpgsqlParameter("priorities", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = filter.Priorities.Distinct().Select(WireName<TicketPriority>.Of).ToArray(),
            });
        }

        // Up to here the condition is one the counters kept by the writing transaction answer exactly
        // (ticket_counts: live tickets by status and priority); any condition appended after this cannot be.
        var countedLength = where.Length;

        if (filter.Categories.Count > 0)
        {
            where.Append(filter.Categories.Contains(TicketFilter.NoCategory)
                ? " AND (t.category = ANY(@categories) OR coalesce(btrim(t.category), '') = '')"
                : " AND t.category = ANY(@categories)");
            parameters.Add(new NpgsqlParameter("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.Categories.ToArray() });
        }

        if (filter.Departments.Count > 0)
        {
            where.Append(filter.Departments.Contains(TicketFilter.NoDepartment)
                ? " AND (t.department = ANY(@departments) OR coalesce(btrim(t.department), '') = '')"
                : " AND t.department = ANY(@departments)");
            parameters.Add(new NpgsqlParameter("departments", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.Departments.ToArray() });
        }

        // "Me" is resolved to an id before it gets here (TicketFilters.ResolveForUser).
        var assignees = filter.Assignee.Ids;
        if (filter.Assignee.Unassigned && assignees.Count > 0)
        {
            where.Append(" AND (t.assignee_id IS NULL OR t.assignee_id = ANY(@assignees))");
        }
        else if (filter.Assignee.Unassigned)
        {
            where.Append(" AND t.assignee_id IS NULL");
        }
        else if (assignees.Count > 0)
        {
            where.Append(" AND t.assignee_id = ANY(@assignees)");
        }

        if (assignees.Count > 0)
        {
            parameters.Add(new NpgsqlParameter("assignees", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = assignees.ToArray() });
        }

        if (!string.IsNullOrEmpty(filter.Search))
        {
            where.Append(' ').Append(SearchCondition(filter.Search, filter.HidePhiText, parameters));
        }

        if (filter.Sla == SlaFilter.LikelyToBreach)
        {
            where.Append(" AND ").Append(LikelyToBreachCondition);
            parameters.Add(TicketStatusParameters.Active("active_statuses"));
        }
        else if (filter.Sla != SlaFilter.Any)
        {
            where.Append(" AND ").Append(filter.Sla == SlaFilter.Overdue ? OverdueCondition : AtRiskCondition);
            parameters.Add(TicketStatusParameters.Active("active_statuses"));
            parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
            if (filter.Sla == SlaFilter.AtRisk)
            {
                parameters.Add(new NpgsqlParameter("risk_until", NpgsqlDbType.TimestampTz) { Value = (now + atRiskWindow).ToUniversalTime() });
            }
        }

        if (filter.Policies.Count > 0)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM ticket_sla ps WHERE ps.ticket_id = t.id AND ps.policy_id = ANY(@policies))");
            parameters.Add(new NpgsqlParameter("policies", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = filter.Policies.ToArray() });
        }

        if (filter.FirstResponse is { } responded)
        {
            var condition = new StringBuilder("rs.ticket_id = t.id AND rs.first_response_at IS NOT NULL");
            AddWindow(condition, parameters, "rs.first_response_at", "responded", responded);
            where.Append(" AND EXISTS (SELECT 1 FROM ticket_sla rs WHERE ").Append(condition).Append(')');
        }

        AddWindow(where, parameters, "t.created_at", "created", filter.Created);
        if (filter.Resolved is { } resolved)
        {
            where.Append(" AND t.status = ANY(@resolved_statuses) AND t.resolved_at IS NOT NULL");
            parameters.Add(TicketStatusParameters.Resolved("resolved_statuses"));
            AddWindow(where, parameters, "t.resolved_at", "resolved", resolved);
        }

        if (filter.OpenAt is { } openAt)
        {
            // The analytics backlog (docs/decisions/120-analytics-rollups.md): created by then, and either
            // still active or resolved only at or after it.
            where.Append(" AND t.created_at < @open_at AND (t.status = ANY(@open_active_statuses)")
                .Append(" OR (t.status = ANY(@open_resolved_statuses) AND t.resolved_at >= @open_at))");
            parameters.Add(new NpgsqlParameter("open_at", NpgsqlDbType.TimestampTz) { Value = openAt.ToUniversalTime() });
            parameters.Add(TicketStatusParameters.Active("open_active_statuses"));
            parameters.Add(TicketStatusParameters.Resolved("open_resolved_statuses"));
        }

        if (filter.Breach is { } breach)
        {
            // The compliance report's own condition (SlaReader.GetComplianceAsync): resolved in that UTC month.
            var stateColumn = breach.Target == SlaTarget.Resolution ? "resolution_state" : "first_response_state";
            where.Append(" AND t.status = ANY(@breach_statuses) AND t.resolved_at >= @breach_from AND t.resolved_at < @breach_until")
                .Append(" AND t.id IN (SELECT b.ticket_id FROM ticket_sla b WHERE b.policy_id = @breach_policy AND b.")
                .Append(stateColumn).Append(" = 'breached')");
            var from = new DateTimeOffset(breach.Month.Year, breach.Month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            parameters.Add(TicketStatusParameters.Resolved("breach_statuses"));
            parameters.Add(new NpgsqlParameter("breach_from", NpgsqlDbType.TimestampTz) { Value = from });
            parameters.Add(new NpgsqlParameter("breach_until", NpgsqlDbType.TimestampTz) { Value = from.AddMonths(1) });
            parameters.Add(new NpgsqlParameter("breach_policy", NpgsqlDbType.Uuid) { Value = breach.PolicyId });
        }

        if (filter.SlaOutcome is { } outcome)
        {
            // The analytics rollups' and the compliance report's own condition: the state ticket_sla holds for the target.
            var stateColumn = outcome.Target == SlaTarget.Resolution ? "resolution_state" : "first_response_state";
            where.Append(" AND t.id IN (SELECT o.ticket_id FROM ticket_sla o WHERE o.").Append(stateColumn).Append(" = @sla_outcome_state)");
            parameters.Add(new NpgsqlParameter("sla_outcome_state", NpgsqlDbType.Text) { Value = WireName<SlaState>.Of(outcome.Met ? SlaState.Met : SlaState.Breached) });
        }

        if (filter.Reopened)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM ticket_history h WHERE h.ticket_id = t.id AND ").Append(ReopenedCondition).Append(')');
            parameters.Add(TicketStatusParameters.Resolved("reopened_from_statuses"));
            parameters.Add(TicketStatusParameters.Active("reopened_to_statuses"));
        }

        var column = sort.Field switch
        {
            TicketSortField.Created => "t.created_at",
            TicketSortField.Priority => "t.priority_rank",
            TicketSortField.Status => "t.status_rank",
            TicketSortField.Due => EffectiveDue,
            _ => "t.updated_at",
        };
        // Tickets without a due time (none, or paused) come last whichever way the list is sorted.
        var nulls = sort.Field == TicketSortField.Due ? " NULLS LAST" : "";
        return new TicketListSql(where.ToString(), column, nulls, parameters, sort, filter.Sla, !string.IsNullOrEmpty(filter.Search))
        {
            CountsFromCounters = where.Length == countedLength,
            CounterWhere = (filter.Statuses.Count > 0 ? " AND k.status = ANY(@statuses)" : "") +
                (filter.Priorities.Count > 0 ? " AND k.priority = ANY(@priorities)" : ""),
        };
    }

    /// <summary>
    /// The count of a list that does not search (decision 169): one row, the count and whether it is exact. When the
    /// condition is statuses and priorities alone (the default list, its presets by status, any sort, any page) the count
    /// is the sum of the counters the writing transaction keeps (<c>ticket_counts</c>, a few dozen rows): exact whatever
    /// the mirror's size, and consistent with the rows, which the same snapshot reads. While an initial load has not yet
    /// rebuilt those counters (its <c>deferred_mirror_work</c> step), and for every other condition, the rows are counted,
    /// stopping after <paramref name="countCap"/> + 1. The branch not taken is never run (an uncorrelated sub-select is
    /// an init plan, evaluated when first needed).
    /// </summary>
    public string CountStatement(int countCap)
    {
        var counted = $"(SELECT count(*) FROM (SELECT 1 FROM tickets_cache t {Where} LIMIT {countCap + 1}) c)";
        if (!CountsFromCounters)
        {
            return $"SELECT {counted}::int, false";
        }

        return
            "WITH d AS (SELECT EXISTS (SELECT FROM deferred_mirror_work w WHERE w.name = 'counters') AS deferred) " +
            $"SELECT CASE WHEN d.deferred THEN {counted} " +
            $"ELSE (SELECT coalesce(sum(k.tickets), 0) FROM ticket_counts k WHERE true{CounterWhere}) END::int, NOT d.deferred FROM d";
    }

    /// <summary>
    /// The rows of one page, in list order, from a statement of its ids (<see cref="PageIds"/> or
    /// <see cref="PageIdsFromEnd"/>): joined back to <c>tickets_cache</c> and to what a row shows beside it.
    /// </summary>
    public string RowsOf(string pageIds) =>
        $"SELECT {Columns} FROM ({pageIds}) p JOIN tickets_cache t ON t.id = p.id {RowJoins} {OrderBy}";

    /// <summary>
    /// A search's page and its count in one statement (parameters <c>@limit</c>, <c>@offset</c>): the page's
    /// <see cref="Columns"/> and, last, the count capped at <paramref name="countCap"/> + 1; one row with only the
    /// count when the page is empty. A word's matches come from the GIN index as a set in no order, and the list's
    /// order is another index: PostgreSQL's estimate of a word it has no statistics for (a rare word, every ticket
    /// number) made it walk the sort's index until it had a page, seconds for a word only old tickets hold. Instead
    /// the statement counts first and lets the count choose, each step run only when the one before asks for it:
    /// <list type="number">
    /// <item>more than the cap in the sample (<see cref="SearchSampleOfRow"/>): the count is capped, proved on an
    /// eighth of the posting lists; the page walks the sort's index, where at least one row in a thousand matches;</item>
    /// <item>otherwise up to <see cref="SearchSortedMatches"/> + 1 matches are read from the whole index (the count
    /// is theirs, capped); when that is all of them the page is sorted from them, else it walks the sort's index.</item>
    /// </list>
    /// Either way the rows and the count are exactly what the list's own statements give (decision 154).
    /// </summary>
    public string SearchPage(int countCap)
    {
        var from = _sort.Field == TicketSortField.Due ? From : "tickets_cache t";
        return
            $"WITH sample AS MATERIALIZED (SELECT count(*) AS n FROM (SELECT FROM tickets_cache t {Where} AND {SearchSample("t.id")} LIMIT {countCap + 1}) x), " +
            $"matches AS MATERIALIZED (SELECT t.id, {_sortKey} AS k FROM {from} {Where} AND (SELECT n FROM sample) <= {countCap} LIMIT {SearchSortedMatches + 1}), " +
            $"found AS MATERIALIZED (SELECT CASE WHEN sample.n > {countCap} THEN {SearchSortedMatches + 1} ELSE (SELECT count(*) FROM matches) END AS n FROM sample), " +
            $"ids AS (" +
            $"(SELECT m.id FROM matches m WHERE (SELECT n FROM found) <= {SearchSortedMatches} ORDER BY m.k {_direction}{_nulls}, m.id {_direction} LIMIT @limit OFFSET @offset) " +
            $"UNION ALL (SELECT w.id FROM ({PageIds()}) w WHERE (SELECT n FROM found) > {SearchSortedMatches})) " +
            $"SELECT {Columns}, least(found.n, {countCap + 1})::int FROM found LEFT JOIN " +
            $"(ids JOIN tickets_cache t ON t.id = ids.id {RowJoins}) ON true {OrderBy}";
    }

    /// <summary>
    /// The ids of one page in list order (parameters <c>@limit</c> and <c>@offset</c>), found on an index. The due
    /// sort's key spans two tables (<see cref="EffectiveDue"/>), so no single index orders it: it is read as three
    /// index-ordered walks — tickets under a policy with a due time (<c>ix_ticket_sla_resolution_due</c>), those
    /// under a policy without one (paused: no due time, so last), and tickets no policy covers (the due-date
    /// indexes of <c>tickets_cache</c>) — each stopping after the rows the page can need, then merged.
    /// </summary>
    public string PageIds()
    {
        if (_sort.Field != TicketSortField.Due)
        {
            return $"SELECT t.id FROM {From} {Where} {OrderBy} LIMIT @limit OFFSET @offset";
        }

        return DuePageIds();
    }

    /// <summary>
    /// As <see cref="PageIds"/>, counted from the list's other end: the sort's index walked the other way, so a page
    /// near the end of a long list (the last of a million tickets) reads its own rows and the few after it, not every
    /// row before it. The rows statement orders the page again, so only <c>@offset</c> changes meaning. Only for
    /// sorts on one index (<see cref="CanReadFromEnd"/>).
    /// </summary>
    public string PageIdsFromEnd()
    {
        if (!CanReadFromEnd)
        {
            throw new InvalidOperationException("The due sort is read as three walks and has no other end.");
        }

        var reverse = _direction == "ASC" ? "DESC" : "ASC";
        return $"SELECT t.id FROM {From} {Where} ORDER BY {_sortKey} {reverse}, t.id {reverse} LIMIT @limit OFFSET @offset";
    }

    /// <summary>Whether the page can be read from the list's other end (<see cref="PageIdsFromEnd"/>): any sort but the due sort.</summary>
    public bool CanReadFromEnd => _sort.Field != TicketSortField.Due;

    /// <summary>Whether <see cref="CountStatement"/> reads the kept counters (the condition is statuses and priorities alone).</summary>
    public bool CountsFromCounters { get; private init; }

    /// <summary>The status and priority terms over <c>ticket_counts</c> (alias <c>k</c>), each starting with AND.</summary>
    private string CounterWhere { get; init; } = "";

    private string DuePageIds()
    {
        var direction = _sort.Direction == SortDirection.Asc ? "ASC" : "DESC";
        // The Overdue and At-risk presets sort by due time: their policy half is the open rows in that state, which
        // ix_ticket_sla_open_state_due holds in due order.
        var policyState = _sla switch
        {
            SlaFilter.Overdue => " AND s.is_open AND s.state = 'breached'",
            SlaFilter.AtRisk => " AND s.is_open AND s.state = 'at_risk'",
            _ => "",
        };
        const string Rows = "(@limit + @offset)";
        return
            $"SELECT u.id FROM (" +
            $"(SELECT t.id, s.resolution_due_at AS due FROM tickets_cache t JOIN ticket_sla s ON s.ticket_id = t.id {Where}{policyState} " +
            $"AND s.resolution_due_at IS NOT NULL ORDER BY s.resolution_due_at {direction}, s.ticket_id {direction} LIMIT {Rows}) " +
            $"UNION ALL (SELECT t.id, NULL::timestamptz FROM tickets_cache t JOIN ticket_sla s ON s.ticket_id = t.id {Where}{policyState} " +
            $"AND s.resolution_due_at IS NULL ORDER BY s.ticket_id {direction} LIMIT {Rows}) " +
            $"UNION ALL (SELECT t.id, t.due_date FROM tickets_cache t {Where} AND NOT EXISTS (SELECT 1 FROM ticket_sla n WHERE n.ticket_id = t.id) " +
            $"ORDER BY t.due_date {direction} NULLS LAST, t.id {direction} LIMIT {Rows})" +
            $") u ORDER BY u.due {direction} NULLS LAST, u.id {direction} LIMIT @limit OFFSET @offset";
    }

    private static void AddWindow(StringBuilder where, List<NpgsqlParameter> parameters, string column, string name, TimeWindow? window)
    {
        if (window?.From is { } from)
        {
            where.Append(" AND ").Append(column).Append(" >= @").Append(name).Append("_from");
            parameters.Add(new NpgsqlParameter(name + "_from", NpgsqlDbType.TimestampTz) { Value = from.ToUniversalTime() });
        }

        if (window?.To is { } to)
        {
            where.Append(" AND ").Append(column).Append(" < @").Append(name).Append("_to");
            parameters.Add(new NpgsqlParameter(name + "_to", NpgsqlDbType.TimestampTz) { Value = to.ToUniversalTime() });
        }
    }

    /// <summary>
    /// The search: the words of the text in the ticket's search document (number, title and
    /// description; the last word as a prefix, as people type), or, when the text has a digit, a
    /// substring of the number (trigram index). Text without a letter or a digit matches nothing.
    /// </summary>
    /// <remarks>
    /// For a reader who may not see PHI text (<paramref name="hidePhiText"/>) the words never match a
    /// PHI ticket, only its number does: a hit inside masked text would reveal the text, and a count
    /// that included it would too.
    /// </remarks>
    private static string SearchCondition(string search, bool hidePhiText, List<NpgsqlParameter> parameters)
    {
        var conditions = new List<string>(2);
        if (SearchQuery(search) is { } query)
        {
            conditions.Add(hidePhiText
                ? $"(t.search_document @@ to_tsquery('simple', @search_query) AND NOT {PhiFlag})"
                : "t.search_document @@ to_tsquery('simple', @search_query)");
            parameters.Add(new NpgsqlParameter("search_query", NpgsqlDbType.Text) { Value = query });
        }

        if (search.Any(char.IsAsciiDigit))
        {
            conditions.Add("t.ticket_number ILIKE @search_number");
            parameters.Add(new NpgsqlParameter("search_number", NpgsqlDbType.Text) { Value = $"%{EscapeLike(search)}%" });
        }

        return conditions.Count == 0 ? "AND false" : $"AND ({string.Join(" OR ", conditions)})";
    }

    /// <summary>
    /// The words of <paramref name="search"/> (runs of letters and digits) as a <c>to_tsquery</c> text:
    /// every word must occur, the last one as a prefix ("vpn conn" finds "VPN connection"). Null
    /// when the text has no word. Only letters and digits reach the query, so no operator can.
    /// </summary>
    public static string? SearchQuery(string search)
    {
        var words = SearchWords().Matches(search).Select(m => m.Value).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        return string.Join(" & ", words.Select((w, i) => i == words.Count - 1 ? $"'{w}':*" : $"'{w}'"));
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex SearchWords();

    /// <summary>Makes <c>%</c>, <c>_</c> and <c>\</c> in user text match themselves in ILIKE.</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    public IEnumerable<NpgsqlParameter> CloneParameters() => Parameters.Select(p => p.Clone());
}

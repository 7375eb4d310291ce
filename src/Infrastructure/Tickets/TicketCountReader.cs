using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// The counts beside the list's presets and views: one statement, one <c>count(*) FILTER (WHERE …)</c>
/// per filter, whatever their number, so a user with ten views costs one scan, not ten. Each
/// filter's condition is the list's own (<see cref="TicketListSql"/>), so a count always agrees with
/// the list it links to.
/// </summary>
internal sealed partial class TicketCountReader(NpgsqlDataSource dataSource) : ITicketCountReader
{
    public async Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<TicketFilter> filters, DateTimeOffset now, TimeSpan atRiskWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            return [];
        }

        var (sql, parameters) = Build(filters, now, atRiskWindow);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var counts = new int[filters.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = reader.GetInt32(i);
        }

        return counts;
    }

    /// <summary>
    /// The statement. Its rows are the live tickets any filter can match: when every filter names
    /// statuses (an SLA filter means the active ones), only tickets in one of them, which lets
    /// PostgreSQL read the status index instead of every row.
    /// </summary>
    internal static (string Sql, List<NpgsqlParameter> Parameters) Build(IReadOnlyList<TicketFilter> filters, DateTimeOffset now, TimeSpan atRiskWindow)
    {
        var columns = new StringBuilder();
        var parameters = new List<NpgsqlParameter>();
        for (var i = 0; i < filters.Count; i++)
        {
            var list = TicketListSql.Build(filters[i], TicketSort.Default, now, atRiskWindow);
            if (!list.Where.StartsWith("WHERE ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The list's condition no longer starts with WHERE.");
            }

            // Every filter has parameters of the same names (@statuses, @now …): each gets its own prefix.
            var prefix = $"f{i}_";
            var condition = ParameterName().Replace(list.Where["WHERE ".Length..], m => "@" + prefix + m.Groups[1].Value);
            columns.Append(i == 0 ? "" : ", ").Append("count(*) FILTER (WHERE ").Append(condition).Append(")::int");
            foreach (var parameter in list.CloneParameters())
            {
                parameter.ParameterName = prefix + parameter.ParameterName;
                parameters.Add(parameter);
            }
        }

        var sql = new StringBuilder("SELECT ").Append(columns).Append(" FROM tickets_cache t WHERE t.deleted_at IS NULL");
        if (StatusesAnyFilterNeeds(filters) is { } statuses)
        {
            sql.Append(" AND t.status = ANY(@any_status)");
            parameters.Add(new NpgsqlParameter("any_status", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = statuses });
        }

        return (sql.ToString(), parameters);
    }

    /// <summary>The statuses some filter matches, or null when a filter matches any status.</summary>
    private static string[]? StatusesAnyFilterNeeds(IReadOnlyList<TicketFilter> filters)
    {
        var statuses = new HashSet<TicketStatus>();
        foreach (var filter in filters)
        {
            if (filter.Sla != SlaFilter.Any)
            {
                statuses.UnionWith(filter.Statuses.Count > 0 ? filter.Statuses.Where(s => s.IsActive()) : TicketRules.ActiveStatuses);
            }
            else if (filter.Statuses.Count > 0)
            {
                statuses.UnionWith(filter.Statuses);
            }
            else
            {
                return null;
            }
        }

        return [.. statuses.Order().Select(WireName<TicketStatus>.Of)];
    }

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();
}

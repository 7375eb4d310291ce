using Npgsql;
using NpgsqlTypes;
using Ticketing.Domain.Tickets;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// The status sets of <see cref="TicketStatuses"/> as array parameters, for <c>status = ANY(@…)</c>:
/// SQL never spells a set out. No partial index has a status in its predicate (they all filter on
/// <c>deleted_at IS NULL</c> alone), so a parameter matches every index a literal list would.
/// </summary>
internal static class TicketStatusParameters
{
    public static NpgsqlParameter Active(string name) => TextArray(name, TicketStatuses.Active);

    public static NpgsqlParameter Resolved(string name) => TextArray(name, TicketStatuses.Resolved);

    private static NpgsqlParameter TextArray(string name, IReadOnlyList<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}

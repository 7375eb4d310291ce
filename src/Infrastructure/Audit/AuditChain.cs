using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// The audit log's hash chain: each entry's hash is SHA-256 over its canonical form (below) followed by
/// the previous entry's hash (32 zero bytes before the first). The database computes it on insert
/// (<see cref="AuditChainSql"/>); the verifier recomputes it here from the stored columns, so the two
/// definitions must agree byte for byte, which the chain tests check.
/// </summary>
/// <remarks>
/// The canonical form is the lines <c>ticketing-audit-v1</c>, the sequence, the time in microseconds
/// since 1970 (UTC), then user id, actor, action, target type, target id, client address, ticket ids
/// and the details' JSON as PostgreSQL prints <c>jsonb</c>, joined by a line feed. A text is
/// <c>&lt;UTF-8 byte count&gt;:&lt;text&gt;</c>, or <c>-</c> for null; the ticket ids are
/// <c>&lt;count&gt;:</c> followed by each id so written, separated by commas. The byte counts make the
/// form unambiguous whatever the texts hold.
/// </remarks>
public static class AuditChain
{
    public const string Version = "ticketing-audit-v1";

    public static byte[] Genesis { get; } = new byte[32];

    /// <summary>The columns that the hash covers, as stored.</summary>
    public sealed record Row(
        long Sequence,
        DateTimeOffset OccurredAt,
        string? UserId,
        string Actor,
        string Action,
        string? TargetType,
        string? TargetId,
        string? ClientAddress,
        IReadOnlyList<string>? TicketIds,
        string DetailsJson);

    public static string Canonical(Row row)
    {
        var microseconds = (row.OccurredAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var tickets = row.TicketIds is null
            ? "-"
            : row.TicketIds.Count.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(',', row.TicketIds.Select(Field));
        return string.Join(
            '\n',
            Version,
            row.Sequence.ToString(CultureInfo.InvariantCulture),
            microseconds.ToString(CultureInfo.InvariantCulture),
            Field(row.UserId),
            Field(row.Actor),
            Field(row.Action),
            Field(row.TargetType),
            Field(row.TargetId),
            Field(row.ClientAddress),
            tickets,
            Field(row.DetailsJson));
    }

    public static byte[] Hash(Row row, byte[] previousHash)
    {
        var canonical = Encoding.UTF8.GetBytes(Canonical(row));
        var input = new byte[canonical.Length + previousHash.Length];
        canonical.CopyTo(input, 0);
        previousHash.CopyTo(input, canonical.Length);
        return SHA256.HashData(input);
    }

    private static string Field(string? value) =>
        value is null ? "-" : Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture) + ":" + value;
}

using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ticketing.Domain.Common;

namespace Ticketing.Infrastructure.Persistence;

/// <summary>Stores enums as their snake_case wire names, guarded by a CHECK constraint.</summary>
internal static class EnumText
{
    public static PropertyBuilder<TEnum> HasWireNameConversion<TEnum>(this PropertyBuilder<TEnum> property, int maxLength = 32)
        where TEnum : struct, Enum =>
        property
            .HasConversion(v => WireName<TEnum>.Of(v), v => WireName<TEnum>.Parse(v))
            .HasMaxLength(maxLength);

    /// <summary>The SQL list <c>'a', 'b', …</c> of an enum's names, for CHECK constraints.</summary>
    public static string SqlList<TEnum>()
        where TEnum : struct, Enum =>
        string.Join(", ", WireName<TEnum>.Names.Select(n => $"'{n}'"));

    /// <summary>A CASE expression mapping a column's names to the enum's order, for sorting.</summary>
    public static string RankSql<TEnum>(string column)
        where TEnum : struct, Enum =>
        "CASE " + column + " " +
        string.Join(" ", WireName<TEnum>.Names.Select((n, i) => $"WHEN '{n}' THEN {i}")) +
        " END";

    public static string CheckSql<TEnum>(string column)
        where TEnum : struct, Enum =>
        $"{column} IN ({SqlList<TEnum>()})";
}

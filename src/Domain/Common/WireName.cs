using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Ticketing.Domain.Common;

/// <summary>
/// Maps enum values to and from the snake_case names the remote, the database and URLs use
/// (<c>InProgress</c> ⇄ <c>in_progress</c>). Parsing is strict: an unknown name is not a value.
/// </summary>
public static class WireName<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> ToName =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => ToSnakeCase(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> FromName =
        ToName.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>All names, in the enum's order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [.. Enum.GetValues<TEnum>().Select(v => ToName[v])];

    public static string Of(TEnum value) =>
        ToName.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    public static bool TryParse([NotNullWhen(true)] string? name, out TEnum value)
    {
        if (name is not null && FromName.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum Parse(string name) =>
        TryParse(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is not a known {typeof(TEnum).Name} value.");

    private static string ToSnakeCase(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

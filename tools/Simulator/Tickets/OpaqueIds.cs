namespace Ticketing.Simulator.Tickets;

/// <summary>
/// Ids like <c>tkt_01J9Z3K8Q2</c>: a prefix and ten Crockford base32 characters (50 bits). The bits
/// come from a bijective scramble of a sequence number, so ids look random, never collide within a
/// seed, and need no uniqueness check at a million tickets.
/// </summary>
public static class OpaqueIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const ulong Mask = (1UL << 50) - 1;

    private static readonly sbyte[] DigitValues = BuildDigitValues();

    public static string Create(string prefix, long sequence, int seed)
    {
        var value = Value(sequence, seed);
        return string.Create(prefix.Length + 10, (prefix, value), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            var value = state.value;
            for (var i = span.Length - 1; i >= state.prefix.Length; i--)
            {
                span[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }

    /// <summary>The 50-bit value behind <see cref="Create"/>'s id for a sequence number: ids order as these values do.</summary>
    public static ulong Value(long sequence, int seed) => Scramble((ulong)sequence, (ulong)(uint)seed);

    /// <summary>
    /// The 50-bit value of an id made by <see cref="Create"/>. All such ids have the same prefix and
    /// length, and the alphabet is in ASCII order, so comparing these values orders ids exactly as
    /// an ordinal string comparison does, without touching the strings.
    /// </summary>
    public static bool TryDecode(string id, int prefixLength, out ulong value)
    {
        value = 0;
        if (id.Length != prefixLength + 10)
        {
            return false;
        }

        for (var i = prefixLength; i < id.Length; i++)
        {
            var c = id[i];
            var digit = c < DigitValues.Length ? DigitValues[c] : -1;
            if (digit < 0)
            {
                return false;
            }

            value = (value << 5) | (uint)digit;
        }

        return true;
    }

    /// <summary>Each step is a bijection on 50-bit values: add, xor-shift right, multiply by an odd constant.</summary>
    private static ulong Scramble(ulong sequence, ulong seed)
    {
        var x = (sequence + (seed * 0x9E3779B97F4A7C15UL)) & Mask;
        x ^= x >> 23;
        x = (x * 0xD6E8FEB86659FD93UL) & Mask;
        x ^= x >> 29;
        x = (x * 0x94D049BB133111EBUL) & Mask;
        x ^= x >> 31;
        return x;
    }

    private static sbyte[] BuildDigitValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}

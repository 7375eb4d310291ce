using System.Globalization;
using System.Text.Json;

namespace Ticketing.Simulator.Tickets;

/// <summary>
/// The simulator's one timestamp format: UTC, <c>Z</c>, always three fractional digits. Values are
/// truncated to milliseconds when they enter the store so that what a client reads back compares
/// equal to what the store holds, and "strictly later" survives the round trip through JSON.
/// </summary>
public static class Timestamps
{
    private const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static DateTime TruncateToMilliseconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static DateTime Now(TimeProvider time) => TruncateToMilliseconds(time.GetUtcNow().UtcDateTime);

    public static string Format(DateTime value) => value.ToString(WireFormat, CultureInfo.InvariantCulture);

    public static void Write(Utf8JsonWriter writer, DateTime value)
    {
        Span<byte> buffer = stackalloc byte[32];
        if (value.TryFormat(buffer, out var written, WireFormat, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(buffer[..written]);
        }
        else
        {
            writer.WriteStringValue(Format(value));
        }
    }

    public static void Write(Utf8JsonWriter writer, DateTime? value)
    {
        if (value is { } v)
        {
            Write(writer, v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>
    /// Parses ISO 8601 with any offset (the contract lets clients send any). A bare <c>+</c> in a
    /// query string decodes to a space, so a space before the offset is read back as <c>+</c>.
    /// </summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length < 10 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        var candidate = text.Trim();
        if (candidate.Length > 19 && candidate.IndexOf(' ', 19) is var space and > 0)
        {
            candidate = string.Concat(candidate.AsSpan(0, space), "+", candidate.AsSpan(space + 1));
        }

        if (!DateTimeOffset.TryParse(
                candidate,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
                out var parsed))
        {
            return false;
        }

        utc = TruncateToMilliseconds(parsed.UtcDateTime);
        return true;
    }
}

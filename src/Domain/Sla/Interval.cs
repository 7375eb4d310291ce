namespace Ticketing.Domain.Sla;

/// <summary>A half-open span of time [<see cref="Start"/>, <see cref="End"/>) in absolute instants.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;
}

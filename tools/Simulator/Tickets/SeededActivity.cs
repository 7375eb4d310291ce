namespace Ticketing.Simulator.Tickets;

[Flags]
internal enum ActivityFlags : byte
{
    None = 0,
    FirstResponse = 1,
    InternalNote = 2,
    RequesterReply = 4,
    ResolutionNote = 8,
}

/// <summary>
/// A seeded ticket's conversation in 12 bytes: which comments it had and when, relative to its
/// created_at. <see cref="Seeding.SeededComments"/> turns it into comment objects on demand. The
/// default value (no flags) means no seeded history, as for tickets created after seeding.
/// </summary>
/// <param name="FirstResponseSeconds">Seconds from created_at to the agent's first public reply.</param>
/// <param name="EndSeconds">Seconds from created_at to the last seeded moment: resolved_at, or updated_at when unresolved.</param>
/// <param name="AgentNumber">The replying agent, 1-based in <see cref="Seeding.People.Agents"/>.</param>
/// <param name="Flags">Which comments the conversation has.</param>
/// <param name="Topic">What the problem really was: 1 + its index in <see cref="Seeding.TicketContent.Categories"/> (the label may differ).</param>
internal readonly record struct SeededActivity(int FirstResponseSeconds, int EndSeconds, byte AgentNumber, ActivityFlags Flags, byte Topic);

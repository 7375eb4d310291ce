namespace Ticketing.Domain.Tickets;

/// <summary>
/// Someone a ticket can be assigned to at the remote (<c>remote_agents</c>, refreshed from
/// <c>GET /agents</c> by every sync). Dashboard users are matched to agents by e-mail address.
/// </summary>
public sealed class Agent
{
    /// <summary>The remote's agent id, the tickets' <c>assignee_id</c>.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }

    /// <summary>False for an agent the remote lists as inactive or no longer lists at all.</summary>
    public bool Active { get; set; }

    /// <summary>When a sync last found this agent new or changed.</summary>
    public DateTimeOffset RefreshedAt { get; set; }
}

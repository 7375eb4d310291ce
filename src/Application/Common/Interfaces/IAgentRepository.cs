using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The remote's agents as last listed by <c>GET /agents</c> (<c>remote_agents</c>).</summary>
public interface IAgentRepository
{
    /// <summary>
    /// Stores the remote's whole list as of <paramref name="at"/>: each agent as listed, and every agent
    /// it no longer lists as inactive. Returns how many agents are active.
    /// </summary>
    Task<int> ReplaceAsync(IReadOnlyCollection<Agent> agents, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Active agents by name; empty when the remote never listed any (a 1.0 remote).</summary>
    Task<IReadOnlyList<Agent>> GetActiveAsync(CancellationToken cancellationToken);

    /// <summary>The active agent with this e-mail address (compared without case), or null.</summary>
    Task<Agent?> FindActiveByEmailAsync(string email, CancellationToken cancellationToken);
}

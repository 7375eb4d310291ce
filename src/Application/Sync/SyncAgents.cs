using Microsoft.Extensions.Logging;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Remote;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Sync;

/// <summary>
/// Refreshes the cached agents from <c>GET /agents</c> (contract 1.1): they are the assignee choices of
/// the ticket forms and what dashboard users are matched to by e-mail. A 1.0 remote has no list; the
/// forms then keep offering the assignees seen on tickets.
/// </summary>
internal sealed class SyncAgents(ITicketingApi remote, IAgentRepository agents, TimeProvider clock, ILogger logger)
{
    private static int _loggedMissingAgents;

    public async Task RefreshAsync(SyncDetails details, CancellationToken cancellationToken)
    {
        try
        {
            var list = await remote.GetAgentsAsync(cancellationToken);
            details.Retries += list.Retries;
            foreach (var error in list.Errors)
            {
                details.AddFailure(error.ExternalId, error.Reason);
            }

            var at = clock.GetUtcNow();
            details.Agents = await agents.ReplaceAsync(
                [.. list.Agents.Select(a => new Agent { Id = a.Id, Name = a.Name, Email = a.Email, Active = a.Active, RefreshedAt = at })],
                at,
                cancellationToken);
        }
        catch (RemoteNotSupportedException ex)
        {
            details.Notes.Add("The remote does not list its agents (contract 1.0): the assignee choices are the assignees seen on tickets.");
            if (Interlocked.Exchange(ref _loggedMissingAgents, 1) == 0)
            {
                logger.LogInformation("{Reason} The assignee choices stay the assignees seen on tickets", ex.Message);
            }
        }
        catch (RemoteUnavailableException ex)
        {
            details.Notes.Add($"The agents could not be refreshed ({ex.Message}); the last list stays in use.");
        }
    }
}

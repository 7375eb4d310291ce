using Ticketing.Domain.Sync;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>The integration's single settings row.</summary>
public interface ISystemConfigRepository
{
    /// <summary>The settings, or null before the integration has been configured.</summary>
    Task<TicketingSystemConfig?> GetAsync(CancellationToken cancellationToken);
}

using Ticketing.Domain.Sla;

namespace Ticketing.Application.Common.Interfaces;

/// <summary>SLA policies and business-hours calendars, as admins keep them.</summary>
public interface ISlaRepository
{
    Task<IReadOnlyList<SlaPolicy>> ListPoliciesAsync(CancellationToken cancellationToken);

    Task<SlaPolicy?> FindPolicyAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> PolicyNameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken);

    /// <summary>Adds or changes a policy; when it is the default, any other default stops being one.</summary>
    Task SavePolicyAsync(SlaPolicy policy, bool isNew, CancellationToken cancellationToken);

    Task<bool> DeletePolicyAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<SlaCalendar>> ListCalendarsAsync(CancellationToken cancellationToken);

    Task<SlaCalendar?> FindCalendarAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> CalendarNameTakenAsync(string name, Guid? exceptId, CancellationToken cancellationToken);

    Task SaveCalendarAsync(SlaCalendar calendar, bool isNew, CancellationToken cancellationToken);

    /// <summary>Deletes a calendar no policy uses; false when it does not exist or a policy uses it.</summary>
    Task<bool> DeleteCalendarAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Asks for every ticket's SLA to be recomputed (a policy or calendar changed); supersedes a run under way.</summary>
    Task RequestFullRecomputeAsync(string reason, CancellationToken cancellationToken);
}

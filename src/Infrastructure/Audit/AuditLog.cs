using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Audit;

/// <summary>
/// Writes audit entries for the current user (or the system) with the client's address. The database
/// numbers and chains each entry on insert (<see cref="AuditChainSql"/>); nothing here updates or
/// deletes one.
/// </summary>
internal sealed class AuditLog(TicketingDbContext db, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock) : IAuditLog
{
    public const string SystemActor = "system";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task WriteAsync(string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken)
    {
        db.AuditLog.Add(Entry(action, targetType, targetId, details));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task WriteTicketAccessAsync(TicketAccess access, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(access.Action);
        var ids = access.TicketIds.Count > TicketAccess.MaxTicketIds ? access.TicketIds.Take(TicketAccess.MaxTicketIds).ToArray() : [.. access.TicketIds];
        var details = new Dictionary<string, object?>
        {
            ["count"] = access.Count ?? access.TicketIds.Count,
        };
        if (access.Reference is not null)
        {
            details["reference"] = access.Reference;
        }

        if (ids.Length < access.TicketIds.Count)
        {
            details["ids_truncated"] = true;
        }

        if (access.Details is not null)
        {
            details["details"] = access.Details;
        }

        var entry = Entry(access.Action, "ticket", ids.Length == 1 ? ids[0] : null, details);
        entry.TicketIds = ids;
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entry <see cref="WriteAsync"/> would write, for callers that save it with other rows in one transaction.</summary>
    public AuditEntry Entry(string action, string? targetType, string? targetId, object? details) =>
        new()
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = user.UserId,
            Actor = user.IsSystem ? SystemActor : http.HttpContext?.User.FindFirstValue(ClaimTypes.Name) ?? SystemActor,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            ClientAddress = user.IsSystem ? null : ClientAddress.Of(http.HttpContext),
            DetailsJson = details is null ? "{}" : JsonSerializer.Serialize(details, details.GetType(), Json),
        };
}

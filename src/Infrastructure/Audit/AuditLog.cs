using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Audit;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Audit;

internal sealed class AuditLog(TicketingDbContext db, ICurrentUser user, IHttpContextAccessor http, TimeProvider clock) : IAuditLog
{
    public const string SystemActor = "system";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task WriteAsync(string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken)
    {
        db.AuditLog.Add(Entry(action, targetType, targetId, details));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The entry <see cref="WriteAsync"/> would write, for callers that save it with other rows in one transaction.</summary>
    public AuditEntry Entry(string action, string? targetType, string? targetId, object? details) =>
        new()
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = user.UserId,
            Actor = http.HttpContext?.User.FindFirstValue(ClaimTypes.Name) ?? SystemActor,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            DetailsJson = details is null ? "{}" : JsonSerializer.Serialize(details, details.GetType(), Json),
        };
}

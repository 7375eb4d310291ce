namespace Ticketing.Application.Common.Interfaces;

/// <summary>Records who changed what (<c>audit_log</c>). Callers mask secrets before passing details.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Writes one entry for the current user (or the system). <paramref name="details"/> is serialised
    /// as a JSON object (snake_case), e.g. <c>new { old = …, @new = … }</c>.
    /// </summary>
    Task WriteAsync(string action, string? targetType, string? targetId, object? details, CancellationToken cancellationToken);
}

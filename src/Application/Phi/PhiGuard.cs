using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Phi;

namespace Ticketing.Application.Phi;

/// <summary>The claim that carries the PHI access permission in the sign-in cookie.</summary>
public static class PhiAccess
{
    public const string ClaimType = "phi_access";
    public const string ClaimValue = "true";

    /// <summary>How long a break-glass grant lasts.</summary>
    public static readonly TimeSpan BreakGlassDuration = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The one masking rule of the read side: what of a PHI ticket a reader without the permission sees.
/// Number, status, priority, assignee and dates stay; title, description, requester, category,
/// department, tags, custom fields, comments and attachments do not.
/// </summary>
public static class PhiMask
{
    /// <summary>What stands in for a masked title or text, in words.</summary>
    public const string Text = "Restricted: protected health information";

    public static TicketListItem Mask(TicketListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item with { Title = Text, Category = null, Department = null, RequesterName = null, Masked = true };
    }

    /// <summary>A notification of a PHI ticket: its message quotes the ticket's title.</summary>
    public static InboxItem Mask(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return QuotesTicket(item.Type) ? item with { Message = Text } : item;
    }

    /// <summary>
    /// Whether a notification's text may quote its ticket. A break-glass notice is written from the
    /// user's name, the ticket number and the reason only, so an admin without the permission reads it
    /// whole (the ticket's own title still stays masked wherever it is shown beside it).
    /// </summary>
    public static bool QuotesTicket(Domain.Notifications.NotificationType type) =>
        type != Domain.Notifications.NotificationType.PhiBreakGlass;

    /// <summary>
    /// Whether team chat channels may carry a type: a refused write is its author's business, and a
    /// break-glass notice (with its reason) is for admins only.
    /// </summary>
    public static bool ForTeams(Domain.Notifications.NotificationType type) =>
        type is not (Domain.Notifications.NotificationType.WriteRejected or Domain.Notifications.NotificationType.PhiBreakGlass);
}

/// <summary>What the current reader may see of one ticket.</summary>
/// <param name="IsPhi">The ticket is flagged as PHI.</param>
/// <param name="Allowed">The reader sees it whole: not PHI, or the permission, or a live break-glass grant.</param>
/// <param name="BreakGlassUntil">When the reader's break-glass grant ends, if that is why they see it.</param>
/// <param name="RuleName">The rule that flagged it (shown to those allowed to see it).</param>
public sealed record TicketPhiAccess(bool IsPhi, bool Allowed, DateTimeOffset? BreakGlassUntil, string? RuleName);

/// <summary>
/// Applies <see cref="PhiMask"/> for the current user: every query that returns ticket text to a person
/// (list, search, export, detail, inbox, JSON endpoints) passes its result through here. Background work
/// (the system actor) and holders of the permission see everything.
/// </summary>
public sealed class PhiGuard(ICurrentUser user, IPhiClassification classification, IPhiAccessStore access, IAuditLog audit, TimeProvider clock)
{
    /// <summary>The reader sees the text of every PHI ticket.</summary>
    public bool SeesAllPhi => user.IsSystem || user.HasPhiAccess;

    public TicketListItem Mask(TicketListItem item) =>
        item.IsPhi && !SeesAllPhi ? PhiMask.Mask(item) : item;

    public IReadOnlyList<TicketListItem> Mask(IReadOnlyList<TicketListItem> items) =>
        SeesAllPhi || !items.Any(i => i.IsPhi) ? items : [.. items.Select(Mask)];

    public async Task<IReadOnlyList<InboxItem>> MaskAsync(IReadOnlyList<InboxItem> items, CancellationToken cancellationToken)
    {
        if (SeesAllPhi)
        {
            return items;
        }

        var ids = items.Where(i => i.TicketId is not null).Select(i => i.TicketId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return items;
        }

        var phi = await classification.PhiAmongAsync(ids, cancellationToken);
        return phi.Count == 0 ? items : [.. items.Select(i => i.TicketId is { } id && phi.Contains(id) ? PhiMask.Mask(i) : i)];
    }

    /// <summary>
    /// Lets the current reader open a ticket whole, or refuses with <see cref="ForbiddenAccessException"/>
    /// (the ticket page shows the restricted view instead); an allowed read of a PHI ticket is audited.
    /// </summary>
    public async Task EnsureMayReadAsync(Guid ticketId, string ticketNumber, CancellationToken cancellationToken)
    {
        var access = await ForTicketAsync(ticketId, cancellationToken);
        if (!access.Allowed)
        {
            throw new ForbiddenAccessException("This ticket holds protected health information.");
        }

        if (access.IsPhi && !user.IsSystem)
        {
            await audit.WriteTicketAccessAsync(
                new TicketAccess(PhiAuditActions.View, [ticketNumber], Details: access.BreakGlassUntil is { } until ? new { break_glass_until = until } : null),
                cancellationToken);
        }
    }

    public async Task<TicketPhiAccess> ForTicketAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        var flag = await classification.GetAsync(ticketId, cancellationToken);
        if (flag is null)
        {
            return new TicketPhiAccess(IsPhi: false, Allowed: true, null, null);
        }

        if (SeesAllPhi)
        {
            return new TicketPhiAccess(IsPhi: true, Allowed: true, null, flag.RuleName);
        }

        var until = user.UserId is { } userId ? await access.BreakGlassUntilAsync(userId, ticketId, clock.GetUtcNow(), cancellationToken) : null;
        return new TicketPhiAccess(IsPhi: true, Allowed: until is not null, until, until is null ? null : flag.RuleName);
    }
}

/// <summary>Labels for the admin page.</summary>
public static class PhiRuleKinds
{
    public static string Label(PhiRuleKind kind) => kind switch
    {
        PhiRuleKind.Category => "Category is",
        PhiRuleKind.Department => "Department is",
        PhiRuleKind.Tag => "Has tag",
        PhiRuleKind.CustomField => "Custom field has value",
        _ => "Title or description matches",
    };
}

using Ticketing.Application.Tickets;

namespace Ticketing.Application.Phi;

/// <summary>The audit actions of reads that touched PHI tickets, and how an entry names the set it read.</summary>
public static class PhiAuditActions
{
    public const string List = "ticket.list";
    public const string Search = "ticket.search";
    public const string Export = "ticket.export";
    public const string View = "ticket.view";
    public const string BreakGlass = "ticket.break_glass";

    /// <summary>A write (edit, reply, note, attachment, bulk edit, new ticket, queued delivery) that touched PHI tickets.</summary>
    public const string Change = "ticket.change";

    /// <summary>A write refused because it named PHI tickets its sender may not change.</summary>
    public const string ChangeRefused = "ticket.change_refused";
    public const string AccessGranted = "user.phi_access_grant";
    public const string AccessRevoked = "user.phi_access_revoke";
    public const string RuleAdded = "phi_rule.create";
    public const string RuleChanged = "phi_rule.update";
    public const string RuleDeleted = "phi_rule.delete";

    /// <summary>The list address that reproduces the set (filter, search, sort, and the page when one was read).</summary>
    public static string Reference(TicketFilter filter, TicketSort sort, PageRequest? page) =>
        "/Tickets?" + new TicketListAddress(filter, sort, page ?? PageRequest.Default, []).ToQueryString(includePage: page is not null);
}

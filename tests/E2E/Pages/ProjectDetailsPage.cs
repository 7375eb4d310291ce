using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>A project's (or an assignment's) page: its linked tickets and the "Link a ticket" form.</summary>
public sealed class ProjectDetailsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator Message => page.GetByTestId("status-message");
    public ILocator Edit => page.GetByRole(AriaRole.Link, new() { Name = "Edit project" });
    public ILocator LinkedTickets => page.GetByTestId("linked-tickets");
    public ILocator NoLinkedTickets => page.GetByTestId("no-linked-tickets");
    public ILocator LinkForm => page.GetByRole(AriaRole.Form, new() { Name = "Link a ticket" });
    public ILocator TicketNumber => LinkForm.GetByLabel("Ticket number");
    public ILocator LinkType => LinkForm.GetByLabel("Link type");
    public ILocator LinkTicket => LinkForm.GetByRole(AriaRole.Button, new() { Name = "Link ticket" });
    public ILocator LinkErrors => LinkForm.GetByRole(AriaRole.Alert);
    public ILocator TicketNumberError => LinkForm.Locator("#ticket-number-error");

    /// <summary>The linked-tickets row of this ticket number.</summary>
    public ILocator Row(string ticketNumber) => LinkedTickets.Locator($"tr[data-ticket='{ticketNumber}']");

    public ILocator Unlink(string ticketNumber) => Row(ticketNumber).GetByRole(AriaRole.Button, new() { Name = $"Unlink {ticketNumber}" });

    public async Task LinkAsync(string ticketNumber, string linkType)
    {
        await TicketNumber.FillAsync(ticketNumber);
        await LinkType.SelectOptionAsync(new SelectOptionValue { Label = linkType });
        await LinkTicket.ClickAsync();
    }
}

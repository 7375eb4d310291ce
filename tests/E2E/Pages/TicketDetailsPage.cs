using Microsoft.Playwright;

namespace Ticketing.E2ETests.Pages;

/// <summary>
/// A ticket's page as an agent works it: the header, the conversation with its composer, the
/// attachments panel, and the edit form (closed under the header until opened).
/// </summary>
public sealed class TicketDetailsPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });
    public ILocator EditForm => page.GetByRole(AriaRole.Form, new() { Name = "Edit ticket" });
    public ILocator OpenEdit => page.GetByRole(AriaRole.Link, new() { Name = "Edit ticket" });
    public ILocator Title => EditForm.GetByLabel("Title", new() { Exact = true });
    public ILocator Description => EditForm.GetByLabel("Description", new() { Exact = true });
    public ILocator Status => EditForm.GetByLabel("Status");
    public ILocator Priority => EditForm.GetByLabel("Priority");
    public ILocator Assignee => EditForm.GetByLabel("Assignee");
    public ILocator Category => EditForm.GetByLabel("Category");
    public ILocator Department => EditForm.GetByLabel("Department");
    public ILocator DueDate => EditForm.GetByLabel("Due date");
    public ILocator Tags => EditForm.GetByLabel("Tags");
    public ILocator Save => page.GetByRole(AriaRole.Button, new() { Name = "Save changes" });
    public ILocator StatusMessage => page.GetByTestId("status-message");
    public ILocator ErrorSummary => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });

    /// <summary>The conversation and history, oldest first.</summary>
    public ILocator History => page.GetByTestId("timeline");
    public ILocator Timeline => page.GetByTestId("timeline");
    public ILocator Comments => Timeline.GetByTestId("comment");

    public ILocator Composer => page.GetByRole(AriaRole.Form, new() { Name = "Add to the conversation" });
    public ILocator ComposerBody => Composer.GetByRole(AriaRole.Textbox);
    public ILocator InternalNoteChoice => Composer.GetByText("Internal note", new() { Exact = true });
    public ILocator ReplyChoice => Composer.GetByText("Reply", new() { Exact = true });
    public ILocator DraftStatus => Composer.Locator("[data-draft-status]");

    public ILocator Attachments => page.GetByTestId("attachments");
    public ILocator FilePicker => Attachments.GetByLabel("Add files");
    public ILocator UploadRows => Attachments.GetByTestId("upload-row");
    public ILocator AttachmentLinks => Attachments.Locator("[data-attachment-list]").GetByRole(AriaRole.Link);

    /// <summary>A custom field row's controls, by its place (0 is the first).</summary>
    public ILocator CustomFieldName(int index) => EditForm.GetByLabel($"Custom field {index + 1}: name");
    public ILocator CustomFieldType(int index) => EditForm.GetByLabel($"Custom field {index + 1}: kind of value");
    public ILocator CustomFieldValue(int index) => EditForm.GetByLabel($"Custom field {index + 1}: value");

    public Task GotoAsync(Guid id) => page.GotoAsync($"/Tickets/Details/{id}");

    /// <summary>Opens the edit form from the header, as a user would.</summary>
    public async Task OpenEditAsync()
    {
        if (!await EditForm.IsVisibleAsync())
        {
            await OpenEdit.ClickAsync();
        }

        await Assertions.Expect(EditForm).ToBeVisibleAsync();
    }
}

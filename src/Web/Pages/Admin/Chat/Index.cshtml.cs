using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Admin.Channels.Commands.DeleteChatChannel;
using Ticketing.Application.Admin.Channels.Commands.SaveChatChannel;
using Ticketing.Application.Admin.Channels.Commands.SendTestChatPost;
using Ticketing.Application.Admin.Channels.Queries.GetChatChannel;
using Ticketing.Application.Admin.Channels.Queries.GetChatChannels;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.Web.Pages.Admin.Chat;

/// <summary>
/// Admins add team chat channels (Slack-compatible or Teams incoming webhooks), say which notifications
/// reach each one, and send a test message. Posts go through the channels' durable queue.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty]
    public SaveChatChannelCommand Input { get; set; } = SaveChatChannelCommand.New();

    public IReadOnlyList<ChatChannelView> Channels { get; private set; } = [];

    /// <summary>The channel being edited; null while adding one.</summary>
    public ChatChannelView? Editing { get; private set; }

    /// <summary>The last test's outcome, shown in place: a failure's reason is worth reading.</summary>
    public (string Channel, ChatTestResult Result)? TestResult { get; private set; }

    public static IReadOnlyList<(ChatFormat Value, string Name)> Formats { get; } =
    [
        (ChatFormat.Slack, "Slack, Mattermost, Rocket.Chat"),
        (ChatFormat.Teams, "Microsoft Teams"),
    ];

    public static IReadOnlyList<NotificationType> Types { get; } = Enum.GetValues<NotificationType>().Where(Application.Phi.PhiMask.ForTeams).ToList();

    public static IReadOnlyList<TicketPriority> Priorities { get; } = [.. Enum.GetValues<TicketPriority>().OrderDescending()];

    public async Task OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(edit, cancellationToken);
        Input = Editing is null ? SaveChatChannelCommand.New() : SaveChatChannelCommand.From(Editing);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(Input.Id, cancellationToken);
        await sender.Send(Input, cancellationToken);
        TempData[StatusMessage.Key] = Input.Id is null ? $"Channel {Input.Name?.Trim()} added." : $"Channel {Input.Name?.Trim()} saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SendTestChatPostCommand(id), cancellationToken);
        await LoadAsync(null, cancellationToken);
        // The route's "id" must not reach the add form through the bound Input: the page shows "Add a channel" again.
        Input = SaveChatChannelCommand.New();
        ModelState.Clear();
        TestResult = (Channels.FirstOrDefault(c => c.Id == id)?.Name ?? "the channel", result);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var name = (await sender.Send(new GetChatChannelQuery(id), cancellationToken)).Name;
        await sender.Send(new DeleteChatChannelCommand(id), cancellationToken);
        TempData[StatusMessage.Key] = $"Channel {name} removed.";
        return RedirectToPage();
    }

    private async Task LoadAsync(Guid? edit, CancellationToken cancellationToken)
    {
        Channels = await sender.Send(new GetChatChannelsQuery(), cancellationToken);
        Editing = edit is { } id ? await sender.Send(new GetChatChannelQuery(id), cancellationToken) : null;
    }
}

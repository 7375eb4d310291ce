using FluentValidation;
using Mediator;
using Ticketing.Application.Admin.Channels.Queries.GetChatChannels;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;
using Ticketing.Domain.Tickets;

namespace Ticketing.Application.Admin.Channels.Commands.SaveChatChannel;

/// <summary>
/// Adds a team channel (<see cref="Id"/> null) or changes one. The webhook address is write-only: a new
/// channel needs one; for an existing channel, empty keeps the stored address. Departments are one per
/// line or comma-separated.
/// </summary>
public sealed record SaveChatChannelCommand(
    Guid? Id,
    string? Name,
    ChatFormat Format,
    string? NewWebhookUrl,
    bool IsEnabled,
    IReadOnlyList<NotificationType>? NotificationTypes,
    IReadOnlyList<TicketPriority>? Priorities,
    string? Departments) : ICommand<Guid>, IAdminRequest
{
    public const int MaxNameLength = 100;

    public static SaveChatChannelCommand From(ChatChannelView v) =>
        new(v.Id, v.Name, v.Format, null, v.IsEnabled, v.NotificationTypes, v.Priorities, string.Join(", ", v.Departments));

    public static SaveChatChannelCommand New() => new(null, null, ChatFormat.Slack, null, true, [], [], null);

    public IReadOnlyList<string> DepartmentList =>
        [.. (Departments ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Never prints the webhook address, which is a credential.</summary>
    public override string ToString() => $"{nameof(SaveChatChannelCommand)} {{ Id = {Id}, Name = {Name} }}";
}

public sealed class SaveChatChannelValidator : AbstractValidator<SaveChatChannelCommand>
{
    public SaveChatChannelValidator()
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name, e.g. #it-critical.")
            .MaximumLength(SaveChatChannelCommand.MaxNameLength).WithMessage($"The name must be at most {SaveChatChannelCommand.MaxNameLength} characters.");
        RuleFor(c => c.Format).IsInEnum().WithMessage("Choose the webhook's format.");
        RuleFor(c => c.NewWebhookUrl).NotEmpty().When(c => c.Id is null).WithMessage("Enter the channel's incoming-webhook address.");
        RuleFor(c => c.NewWebhookUrl).Custom((url, context) =>
        {
            if (!string.IsNullOrWhiteSpace(url) && !WebhookUrl.TryParse(url, out _, out var error))
            {
                context.AddFailure(error);
            }
        });
        RuleFor(c => c.NotificationTypes).Must(t => t is null || t.All(Enum.IsDefined)).WithMessage("Unknown notification type.");
        RuleFor(c => c.Priorities).Must(p => p is null || p.All(Enum.IsDefined)).WithMessage("Unknown priority.");
        RuleFor(c => c.DepartmentList).Must(d => d.Count <= 50 && d.All(x => x.Length <= 100))
            .WithMessage("At most 50 departments of up to 100 characters each.").OverridePropertyName("Departments");
    }
}

public sealed class SaveChatChannelHandler(IChatChannelStore store, IChannelSecretProtector protector, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SaveChatChannelCommand, Guid>
{
    public const string AuditAction = "chat_channel.save";

    public async ValueTask<Guid> Handle(SaveChatChannelCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Uri? url = !string.IsNullOrWhiteSpace(command.NewWebhookUrl) && WebhookUrl.TryParse(command.NewWebhookUrl, out var parsed, out _) ? parsed : null;
        ChatChannel channel;
        if (command.Id is { } id)
        {
            channel = await store.GetAsync(id, cancellationToken) ?? throw new NotFoundException("chat channel", id);
        }
        else
        {
            channel = new ChatChannel { Id = Guid.CreateVersion7(), Name = "", WebhookUrlProtected = "", WebhookHint = "", CreatedAt = now };
        }

        channel.Name = command.Name!.Trim();
        channel.Format = command.Format;
        channel.IsEnabled = command.IsEnabled;
        channel.NotificationTypes = [.. (command.NotificationTypes ?? []).Distinct().Order()];
        channel.Priorities = [.. (command.Priorities ?? []).Distinct().Order()];
        channel.Departments = [.. command.DepartmentList];
        if (url is not null)
        {
            channel.WebhookUrlProtected = protector.Protect(url.ToString());
            channel.WebhookHint = WebhookUrl.Hint(url);
        }

        channel.UpdatedAt = now;
        if (command.Id is null)
        {
            await store.AddAsync(channel, cancellationToken);
        }
        else
        {
            await store.SaveAsync(channel, cancellationToken);
        }

        await audit.WriteAsync(
            AuditAction,
            "chat_channel",
            channel.Id.ToString(),
            new { channel.Name, format = channel.Format.ToString(), channel.IsEnabled, webhook = channel.WebhookHint, rule = ChatChannelView.From(channel).RuleText, webhook_changed = url is not null },
            cancellationToken);
        return channel.Id;
    }
}

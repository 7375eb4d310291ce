using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Commands.SaveMyPreferences;

/// <summary>
/// Saves the signed-in user's choices. <see cref="NewChatWebhookUrl"/> is write-only: empty keeps the
/// stored webhook, <see cref="RemoveChatWebhook"/> removes it.
/// </summary>
public sealed record SaveMyPreferencesCommand(
    IReadOnlyList<TypeChoice>? Types,
    EmailDelivery EmailDelivery,
    int? DigestHour,
    string? TimeZoneId,
    ChatFormat ChatFormat,
    string? NewChatWebhookUrl,
    bool RemoveChatWebhook) : ICommand
{
    /// <summary>Never prints the webhook address, which is a credential.</summary>
    public override string ToString() => nameof(SaveMyPreferencesCommand);
}

public sealed class SaveMyPreferencesValidator : AbstractValidator<SaveMyPreferencesCommand>
{
    public SaveMyPreferencesValidator()
    {
        ChannelChoiceMapping.AddRules(this, c => c.Types, c => c.EmailDelivery, c => c.DigestHour, c => c.TimeZoneId);
        RuleFor(c => c.ChatFormat).IsInEnum();
        RuleFor(c => c.NewChatWebhookUrl).Custom((url, context) =>
        {
            if (!string.IsNullOrWhiteSpace(url) && !WebhookUrl.TryParse(url, out _, out var error))
            {
                context.AddFailure(error);
            }
        });
    }
}

public sealed class SaveMyPreferencesHandler(
    ICurrentUser user,
    INotificationPreferenceStore preferences,
    IChannelSecretProtector protector,
    TimeProvider clock) : ICommandHandler<SaveMyPreferencesCommand>
{
    public async ValueTask<Unit> Handle(SaveMyPreferencesCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException();
        var own = await preferences.GetAsync(userId, cancellationToken);
        if (own is null)
        {
            own = new NotificationPreferences { UserId = userId };
            own.CopyChoicesFrom(await preferences.GetDefaultsAsync(cancellationToken));
        }

        ChannelChoiceMapping.Apply(own, command.Types ?? [], command.EmailDelivery, command.DigestHour!.Value, command.TimeZoneId!.Trim());
        own.ChatFormat = command.ChatFormat;
        if (command.RemoveChatWebhook)
        {
            own.ChatWebhookUrlProtected = null;
            own.ChatWebhookHint = null;
        }
        else if (!string.IsNullOrWhiteSpace(command.NewChatWebhookUrl) && WebhookUrl.TryParse(command.NewChatWebhookUrl, out var url, out _))
        {
            own.ChatWebhookUrlProtected = protector.Protect(url.ToString());
            own.ChatWebhookHint = WebhookUrl.Hint(url);
        }

        own.UpdatedAt = clock.GetUtcNow();
        await preferences.SaveAsync(own, cancellationToken);
        return Unit.Value;
    }
}

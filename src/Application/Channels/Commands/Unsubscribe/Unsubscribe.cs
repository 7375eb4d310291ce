using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Commands.Unsubscribe;

/// <summary>
/// Switches off e-mails of one notification type for the user a signed link was made for, and nothing
/// else: no sign-in (the signature is the proof), from the link's page or a mail client's one-click
/// <c>List-Unsubscribe-Post</c>. Repeating it changes nothing.
/// </summary>
public sealed record UnsubscribeCommand(string? Token) : ICommand<UnsubscribeView>
{
    public override string ToString() => nameof(UnsubscribeCommand);
}

public sealed record UnsubscribeView(string TypeName);

public sealed class UnsubscribeValidator : AbstractValidator<UnsubscribeCommand>
{
    public UnsubscribeValidator() => RuleFor(q => q.Token).NotEmpty().MaximumLength(1000);
}

public sealed class UnsubscribeHandler(
    IUnsubscribeTokens tokens,
    INotificationPreferenceStore preferences,
    IAuditLog audit,
    TimeProvider clock) : ICommandHandler<UnsubscribeCommand, UnsubscribeView>
{
    public const string AuditAction = "notifications.unsubscribe";

    public async ValueTask<UnsubscribeView> Handle(UnsubscribeCommand command, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(command.Token!, out var userId, out var type))
        {
            throw new NotFoundException("unsubscribe link", "(token)");
        }

        var own = await preferences.GetAsync(userId, cancellationToken);
        if (own is null)
        {
            own = new NotificationPreferences { UserId = userId };
            own.CopyChoicesFrom(await preferences.GetDefaultsAsync(cancellationToken));
        }

        if (own.Allows(type, NotificationChannel.Email))
        {
            own.Set(type, NotificationChannel.Email, on: false);
            own.UpdatedAt = clock.GetUtcNow();
            await preferences.SaveAsync(own, cancellationToken);
            await audit.WriteAsync(AuditAction, "user", userId, new { type = type.ToString(), channel = "email" }, cancellationToken);
        }

        return new UnsubscribeView(NotificationTypeText.Name(type));
    }
}

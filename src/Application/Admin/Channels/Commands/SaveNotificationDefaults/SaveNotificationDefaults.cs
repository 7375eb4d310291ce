using FluentValidation;
using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Commands.SaveNotificationDefaults;

/// <summary>
/// Saves the choices users start with. A user who saved their own settings (or unsubscribed from a type)
/// has a row of their own, copied from the defaults at that moment, and keeps it; a user without one
/// follows the defaults.
/// </summary>
public sealed record SaveNotificationDefaultsCommand(IReadOnlyList<TypeChoice>? Types, EmailDelivery EmailDelivery, int? DigestHour, string? TimeZoneId)
    : ICommand, IAdminRequest;

public sealed class SaveNotificationDefaultsValidator : AbstractValidator<SaveNotificationDefaultsCommand>
{
    public SaveNotificationDefaultsValidator() =>
        ChannelChoiceMapping.AddRules(this, c => c.Types, c => c.EmailDelivery, c => c.DigestHour, c => c.TimeZoneId);
}

public sealed class SaveNotificationDefaultsHandler(INotificationPreferenceStore preferences, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SaveNotificationDefaultsCommand>
{
    public const string AuditAction = "notification_defaults.update";

    public async ValueTask<Unit> Handle(SaveNotificationDefaultsCommand command, CancellationToken cancellationToken)
    {
        var defaults = await preferences.GetDefaultsAsync(cancellationToken);
        ChannelChoiceMapping.Apply(defaults, command.Types ?? [], command.EmailDelivery, command.DigestHour!.Value, command.TimeZoneId!.Trim());
        defaults.UpdatedAt = clock.GetUtcNow();
        await preferences.SaveDefaultsAsync(defaults, cancellationToken);
        await audit.WriteAsync(
            AuditAction,
            "notification_defaults",
            "1",
            new
            {
                email_delivery = defaults.EmailDelivery.ToString(),
                digest_hour = defaults.DigestHour,
                time_zone = defaults.TimeZoneId,
                in_app_off = defaults.InAppOff.Select(t => t.ToString()),
                email_off = defaults.EmailOff.Select(t => t.ToString()),
                chat_off = defaults.ChatOff.Select(t => t.ToString()),
            },
            cancellationToken);
        return Unit.Value;
    }
}

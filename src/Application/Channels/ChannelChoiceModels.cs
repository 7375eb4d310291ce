using FluentValidation;
using Ticketing.Domain.Channels;
using Ticketing.Domain.Notifications;

namespace Ticketing.Application.Channels;

/// <summary>One row of the preferences grid: a notification type and whether each channel gets it.</summary>
public sealed record TypeChoice(NotificationType Type, bool InApp, bool Email, bool Chat);

/// <summary>A row as a page shows it, with the type in words.</summary>
public sealed record TypeChoiceView(NotificationType Type, string Name, string Description, bool InApp, bool Email, bool Chat);

/// <summary>Reading and writing the shared part of a user's preferences and the admins' defaults.</summary>
public static class ChannelChoiceMapping
{
    public const int MaxTimeZoneLength = 64;

    public static IReadOnlyList<TypeChoiceView> Rows(ChannelChoices choices) =>
        [.. Enum.GetValues<NotificationType>().Select(t => new TypeChoiceView(
            t,
            NotificationTypeText.Name(t),
            NotificationTypeText.Description(t),
            choices.Allows(t, NotificationChannel.InApp),
            choices.Allows(t, NotificationChannel.Email),
            choices.Allows(t, NotificationChannel.Chat)))];

    /// <summary>Applies the rows given; a type not among them keeps its current choices.</summary>
    public static void Apply(ChannelChoices target, IEnumerable<TypeChoice> rows, EmailDelivery delivery, int digestHour, string timeZoneId)
    {
        foreach (var row in rows)
        {
            target.Set(row.Type, NotificationChannel.InApp, row.InApp);
            target.Set(row.Type, NotificationChannel.Email, row.Email);
            target.Set(row.Type, NotificationChannel.Chat, row.Chat);
        }

        target.EmailDelivery = delivery;
        target.DigestHour = digestHour;
        target.TimeZoneId = timeZoneId;
    }

    public static bool IsKnownZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxTimeZoneLength && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The rules both forms share: known types, an hour of the day, a zone this server knows.</summary>
    public static void AddRules<T>(AbstractValidator<T> validator, Func<T, IReadOnlyList<TypeChoice>?> types, Func<T, EmailDelivery> delivery, Func<T, int?> hour, Func<T, string?> zone)
    {
        validator.RuleFor(c => types(c))
            .Must(list => list is null || list.All(r => Enum.IsDefined(r.Type)))
            .WithMessage("Unknown notification type.")
            .OverridePropertyName("Types");
        validator.RuleFor(c => delivery(c)).IsInEnum().WithMessage("Choose how e-mails are delivered.").OverridePropertyName("EmailDelivery");
        validator.RuleFor(c => hour(c))
            .NotNull().WithMessage("Choose the hour of the daily digest.")
            .InclusiveBetween(0, 23).WithMessage("The digest hour must be between 0 and 23.")
            .OverridePropertyName("DigestHour");
        validator.RuleFor(c => zone(c))
            .Must(IsKnownZone).WithMessage("Choose a time zone from the list.")
            .OverridePropertyName("TimeZoneId");
    }
}

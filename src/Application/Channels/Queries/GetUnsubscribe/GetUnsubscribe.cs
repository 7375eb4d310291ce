using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Channels.Queries.GetUnsubscribe;

/// <summary>What an unsubscribe link would switch off (shown before the one click; no sign-in needed).</summary>
public sealed record GetUnsubscribeQuery(string? Token) : IQuery<UnsubscribeView>
{
    public override string ToString() => nameof(GetUnsubscribeQuery);
}

public sealed record UnsubscribeView(string TypeName, bool AlreadyOff);

public sealed class GetUnsubscribeValidator : AbstractValidator<GetUnsubscribeQuery>
{
    public GetUnsubscribeValidator() => RuleFor(q => q.Token).NotEmpty().MaximumLength(1000);
}

public sealed class GetUnsubscribeHandler(IUnsubscribeTokens tokens, INotificationPreferenceStore preferences) : IQueryHandler<GetUnsubscribeQuery, UnsubscribeView>
{
    public async ValueTask<UnsubscribeView> Handle(GetUnsubscribeQuery query, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(query.Token!, out var userId, out var type))
        {
            throw new NotFoundException("unsubscribe link", "(token)");
        }

        var own = await preferences.GetAsync(userId, cancellationToken);
        ChannelChoices choices = own is null ? await preferences.GetDefaultsAsync(cancellationToken) : own;
        return new UnsubscribeView(NotificationTypeText.Name(type), !choices.Allows(type, NotificationChannel.Email));
    }
}

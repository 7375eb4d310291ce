using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Preferences.Queries.GetPreferences;
using Ticketing.Domain.Users;

namespace Ticketing.Application.Preferences.Commands.SaveListPreferences;

/// <summary>
/// Changes some of the signed-in user's list preferences; a null field keeps what they had. Columns
/// are the optional columns to show (<see cref="Preferences.ListColumns"/>).
/// </summary>
public sealed record SaveListPreferencesCommand : ICommand<PreferencesView>
{
    public ListDensity? ListDensity { get; init; }

    /// <summary>An array, so model binding fills it (see <c>BulkUpdateTicketsCommand.TicketIds</c>).</summary>
    public string[]? ListColumns { get; init; }

    public bool? KpisCollapsed { get; init; }

    /// <summary>The form's way to say "show none of the optional columns" (an empty list is not posted at all).</summary>
    public bool ResetColumns { get; init; }
}

public sealed class SaveListPreferencesValidator : AbstractValidator<SaveListPreferencesCommand>
{
    public SaveListPreferencesValidator()
    {
        RuleFor(c => c.ListDensity).IsInEnum().WithMessage("Choose comfortable or compact.");
        RuleFor(c => c.ListColumns)
            .Must(columns => columns is null || (columns.Length <= UserPreferences.MaxColumns && columns.All(Preferences.ListColumns.IsKnown)))
            .WithMessage("Choose columns from the list.");
    }
}

public sealed class SaveListPreferencesHandler(IUserPreferencesRepository preferences, ICurrentUser user, TimeProvider clock)
    : ICommandHandler<SaveListPreferencesCommand, PreferencesView>
{
    public async ValueTask<PreferencesView> Handle(SaveListPreferencesCommand command, CancellationToken cancellationToken)
    {
        var userId = user.UserId ?? throw new ForbiddenAccessException("Sign in to keep preferences.");
        var stored = await preferences.FindAsync(userId, cancellationToken) ?? new UserPreferences { UserId = userId };
        if (command.ListDensity is { } density)
        {
            stored.ListDensity = density;
        }

        if (command.ListColumns is not null || command.ResetColumns)
        {
            stored.ListColumns = [.. Preferences.ListColumns.Resolve(command.ListColumns ?? [])];
        }

        if (command.KpisCollapsed is { } collapsed)
        {
            stored.KpisCollapsed = collapsed;
        }

        stored.UpdatedAt = clock.GetUtcNow();
        await preferences.SaveAsync(stored, cancellationToken);
        return PreferencesView.Of(stored);
    }
}

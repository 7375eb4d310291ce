using FluentValidation;
using Mediator;
using Ticketing.Application.Admin.Queries.GetIntegrationSettings;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Projects;
using Ticketing.Application.Remote;
using Ticketing.Domain.Sync;

namespace Ticketing.Application.Admin.Commands.UpdateIntegrationSettings;

/// <summary>
/// Saves the integration settings. <see cref="NewApiKey"/> is write-only: empty keeps the stored key,
/// anything else replaces it (protected at rest). Saving re-schedules the sync job at once.
/// </summary>
public sealed record UpdateIntegrationSettingsCommand(
    string? ApiBaseUrl,
    bool SyncEnabled,
    int? SyncIntervalMinutes,
    bool IsActive,
    int? RequestTimeoutSeconds,
    string? NewApiKey) : ICommand<IntegrationSettingsSaved>, IAdminRequest
{
    public const int MinIntervalMinutes = 1;
    public const int MaxIntervalMinutes = 1440;
    public const int MinTimeoutSeconds = 5;
    public const int MaxTimeoutSeconds = 120;
    public const int MaxApiKeyLength = 512;

    /// <summary>The form's starting values: never the key, which the browser is not sent.</summary>
    public static UpdateIntegrationSettingsCommand From(IntegrationSettingsView view) =>
        new(view.ApiBaseUrl, view.SyncEnabled, view.SyncIntervalMinutes, view.IsActive, view.RequestTimeoutSeconds, null);

    /// <summary>Never prints the key, wherever a record is turned into text.</summary>
    public override string ToString() => nameof(UpdateIntegrationSettingsCommand);
}

/// <param name="Changed">False when the form was saved without a change (nothing stored or audited).</param>
public sealed record IntegrationSettingsSaved(bool Changed);

public sealed class UpdateIntegrationSettingsValidator : AbstractValidator<UpdateIntegrationSettingsCommand>
{
    public UpdateIntegrationSettingsValidator()
    {
        RuleFor(c => c.ApiBaseUrl).Custom((url, context) =>
        {
            if (!RemoteBaseUrl.TryParse(url, out _, out var error))
            {
                context.AddFailure(error);
            }
        });
        RuleFor(c => c.SyncIntervalMinutes)
            .NotNull().WithMessage("Enter the sync interval in minutes.")
            .InclusiveBetween(UpdateIntegrationSettingsCommand.MinIntervalMinutes, UpdateIntegrationSettingsCommand.MaxIntervalMinutes)
            .WithMessage("The sync interval must be between 1 and 1440 minutes (24 hours).");
        RuleFor(c => c.RequestTimeoutSeconds)
            .NotNull().WithMessage("Enter the request timeout in seconds.")
            .InclusiveBetween(UpdateIntegrationSettingsCommand.MinTimeoutSeconds, UpdateIntegrationSettingsCommand.MaxTimeoutSeconds)
            .WithMessage("The request timeout must be between 5 and 120 seconds.");
        RuleFor(c => c.NewApiKey)
            .MaximumLength(UpdateIntegrationSettingsCommand.MaxApiKeyLength)
            .WithMessage($"The API key must be at most {UpdateIntegrationSettingsCommand.MaxApiKeyLength} characters.")
            .Must(key => key is null || !key.Trim().Any(char.IsWhiteSpace))
            .WithMessage("The API key must not contain spaces or line breaks.");
    }
}

public sealed class UpdateIntegrationSettingsHandler(
    IAdminIntegrationStore store,
    IIntegrationSecretProtector protector,
    IIntegrationSettingsCache settingsCache,
    ISyncScheduler scheduler,
    IAuditLog audit,
    TimeProvider clock) : ICommandHandler<UpdateIntegrationSettingsCommand, IntegrationSettingsSaved>
{
    public const string AuditAction = "settings.update";

    public async ValueTask<IntegrationSettingsSaved> Handle(UpdateIntegrationSettingsCommand command, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var config = snapshot?.Config ?? new TicketingSystemConfig { Id = Guid.CreateVersion7(), ApiBaseUrl = "", CreatedAt = now };
        var baseUrl = RemoteBaseUrl.Parse(command.ApiBaseUrl).ToString();
        var interval = command.SyncIntervalMinutes!.Value;
        var timeout = command.RequestTimeoutSeconds!.Value;
        var newKey = string.IsNullOrWhiteSpace(command.NewApiKey) ? null : command.NewApiKey.Trim();

        var changes = new AuditChanges()
            .Add("api_base_url", snapshot is null ? null : config.ApiBaseUrl, baseUrl)
            .Add("sync_enabled", snapshot is null ? (bool?)null : config.SyncEnabled, command.SyncEnabled)
            .Add("sync_interval_minutes", snapshot is null ? (int?)null : config.SyncIntervalMinutes, interval)
            .Add("is_active", snapshot is null ? (bool?)null : config.IsActive, command.IsActive)
            .Add("request_timeout_seconds", snapshot is null ? (int?)null : config.RequestTimeoutSeconds, timeout);
        if (newKey is not null)
        {
            // Only the hints reach the audit log; a re-entered identical key still counts as set anew.
            changes.Add("api_key", snapshot?.ApiKeyHint ?? "(not set)", SecretMask.Hint(newKey) + " (new)");
        }

        if (snapshot is not null && changes.Values.Count == 0)
        {
            return new IntegrationSettingsSaved(false);
        }

        config.ApiBaseUrl = baseUrl;
        config.SyncEnabled = command.SyncEnabled;
        config.SyncIntervalMinutes = interval;
        config.IsActive = command.IsActive;
        config.RequestTimeoutSeconds = timeout;
        if (newKey is not null)
        {
            config.ApiKeyEncrypted = protector.Protect(newKey);
        }

        config.UpdatedAt = now;
        await store.SaveAsync(config, cancellationToken);
        // The client and the webhook check use the new values from their next call, and the recurring
        // job follows the new interval (or stops) now rather than after its next run.
        settingsCache.Invalidate();
        await scheduler.ApplyAsync(cancellationToken);
        await audit.WriteAsync(AuditAction, "integration_settings", config.Id.ToString(), changes.Values, cancellationToken);
        return new IntegrationSettingsSaved(true);
    }
}

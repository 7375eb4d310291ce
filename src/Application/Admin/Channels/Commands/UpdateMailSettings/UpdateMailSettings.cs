using System.Net.Mail;
using FluentValidation;
using Mediator;
using Ticketing.Application.Admin.Channels.Queries.GetMailSettings;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Commands.UpdateMailSettings;

/// <summary>
/// Saves the mail settings. The passwords are write-only: empty keeps the stored one, anything else
/// replaces it (protected at rest); the "clear" flags remove one.
/// </summary>
public sealed record UpdateMailSettingsCommand(
    bool SmtpEnabled,
    string? SmtpHost,
    int? SmtpPort,
    MailSecurity SmtpSecurity,
    string? SmtpUserName,
    string? NewSmtpPassword,
    bool ClearSmtpPassword,
    string? FromAddress,
    string? FromName,
    string? ReplyAddress,
    bool ImapEnabled,
    string? ImapHost,
    int? ImapPort,
    MailSecurity ImapSecurity,
    string? ImapUserName,
    string? NewImapPassword,
    bool ClearImapPassword,
    string? ImapFolder) : ICommand, IAdminRequest
{
    public static UpdateMailSettingsCommand From(MailSettingsView v) =>
        new(v.SmtpEnabled, v.SmtpHost, v.SmtpPort, v.SmtpSecurity, v.SmtpUserName, null, false, v.FromAddress, v.FromName, v.ReplyAddress,
            v.ImapEnabled, v.ImapHost, v.ImapPort, v.ImapSecurity, v.ImapUserName, null, false, v.ImapFolder);

    /// <summary>Never prints the passwords.</summary>
    public override string ToString() => nameof(UpdateMailSettingsCommand);
}

public sealed class UpdateMailSettingsValidator : AbstractValidator<UpdateMailSettingsCommand>
{
    public UpdateMailSettingsValidator()
    {
        When(c => c.SmtpEnabled, () =>
        {
            RuleFor(c => c.SmtpHost).NotEmpty().WithMessage("Enter the SMTP server's host name.");
            RuleFor(c => c.FromAddress).NotEmpty().WithMessage("Enter the address e-mails are sent from.");
        });
        When(c => c.ImapEnabled, () =>
        {
            RuleFor(c => c.ImapHost).NotEmpty().WithMessage("Enter the IMAP server's host name.");
            RuleFor(c => c.ImapUserName).NotEmpty().WithMessage("Enter the IT mailbox's user name.");
            RuleFor(c => c.ReplyAddress).NotEmpty().WithMessage("Enter the IT mailbox's address: replies and new tickets are sent to it.");
        });
        RuleFor(c => c.SmtpHost).MaximumLength(255).Must(NoSpaces).WithMessage("The host name must not contain spaces.");
        RuleFor(c => c.ImapHost).MaximumLength(255).Must(NoSpaces).WithMessage("The host name must not contain spaces.");
        RuleFor(c => c.SmtpPort).NotNull().WithMessage("Enter the SMTP port.").InclusiveBetween(1, 65535).WithMessage("A port is between 1 and 65535.");
        RuleFor(c => c.ImapPort).NotNull().WithMessage("Enter the IMAP port.").InclusiveBetween(1, 65535).WithMessage("A port is between 1 and 65535.");
        RuleFor(c => c.SmtpSecurity).IsInEnum();
        RuleFor(c => c.ImapSecurity).IsInEnum();
        RuleFor(c => c.FromAddress).Must(BeAnAddressOrEmpty).WithMessage("Enter an e-mail address, e.g. it-support@example.org.");
        RuleFor(c => c.ReplyAddress).Must(BeAnAddressOrEmpty).WithMessage("Enter an e-mail address, e.g. it@example.org.")
            .Must(a => string.IsNullOrWhiteSpace(a) || !a.Split('@')[0].Contains('+', StringComparison.Ordinal))
            .WithMessage("Enter the mailbox's address without a +tag: the app adds one per e-mail.");
        RuleFor(c => c.FromName).MaximumLength(100);
        RuleFor(c => c.SmtpUserName).MaximumLength(255);
        RuleFor(c => c.ImapUserName).MaximumLength(255);
        RuleFor(c => c.NewSmtpPassword).MaximumLength(512);
        RuleFor(c => c.NewImapPassword).MaximumLength(512);
        RuleFor(c => c.ImapFolder).MaximumLength(200);
    }

    private static bool NoSpaces(string? host) => host is null || !host.Trim().Any(char.IsWhiteSpace);

    private static bool BeAnAddressOrEmpty(string? address) =>
        string.IsNullOrWhiteSpace(address) || (address.Length <= 254 && MailAddress.TryCreate(address.Trim(), out var parsed) && parsed.Address == address.Trim());
}

public sealed class UpdateMailSettingsHandler(
    IMailSettingsStore store,
    IChannelSecretProtector protector,
    IAuditLog audit,
    TimeProvider clock) : ICommandHandler<UpdateMailSettingsCommand>
{
    public const string AuditAction = "mail_settings.update";

    public async ValueTask<Unit> Handle(UpdateMailSettingsCommand c, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken) ?? new MailSettings();
        var before = MailSettingsView.From(settings);
        var imapServerChanged = !string.Equals(settings.ImapHost, c.ImapHost?.Trim() ?? "", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(settings.ImapUserName, Clean(c.ImapUserName), StringComparison.Ordinal)
            || !string.Equals(settings.ImapFolder, Clean(c.ImapFolder) ?? "INBOX", StringComparison.Ordinal);

        settings.SmtpEnabled = c.SmtpEnabled;
        settings.SmtpHost = c.SmtpHost?.Trim() ?? "";
        settings.SmtpPort = c.SmtpPort!.Value;
        settings.SmtpSecurity = c.SmtpSecurity;
        settings.SmtpUserName = Clean(c.SmtpUserName);
        settings.SmtpPasswordProtected = Password(settings.SmtpPasswordProtected, c.NewSmtpPassword, c.ClearSmtpPassword);
        settings.FromAddress = c.FromAddress?.Trim() ?? "";
        settings.FromName = Clean(c.FromName) ?? "IT Support";
        settings.ReplyAddress = Clean(c.ReplyAddress);
        settings.ImapEnabled = c.ImapEnabled;
        settings.ImapHost = c.ImapHost?.Trim() ?? "";
        settings.ImapPort = c.ImapPort!.Value;
        settings.ImapSecurity = c.ImapSecurity;
        settings.ImapUserName = Clean(c.ImapUserName);
        settings.ImapPasswordProtected = Password(settings.ImapPasswordProtected, c.NewImapPassword, c.ClearImapPassword);
        settings.ImapFolder = Clean(c.ImapFolder) ?? "INBOX";
        if (imapServerChanged)
        {
            // Another mailbox has other UIDs: start from its beginning (each mail is still acted on once).
            settings.ImapUidValidity = null;
            settings.ImapLastUid = 0;
        }

        settings.UpdatedAt = clock.GetUtcNow();
        await store.SaveAsync(settings, cancellationToken);
        var after = MailSettingsView.From(settings);
        await audit.WriteAsync(AuditAction, "mail_settings", "1", new { before = before with { ImapLastPolledAt = null, UpdatedAt = null }, after = after with { ImapLastPolledAt = null, UpdatedAt = null } }, cancellationToken);
        return Unit.Value;
    }

    private string? Password(string? stored, string? entered, bool clear) =>
        clear ? null : string.IsNullOrEmpty(entered) ? stored : protector.Protect(entered);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

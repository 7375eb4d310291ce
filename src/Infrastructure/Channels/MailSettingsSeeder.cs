using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Ticketing.Application.Channels;
using Ticketing.Domain.Channels;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Channels;

/// <summary>
/// Mail settings from configuration (<c>Ticketing:Channels:Mail</c>), written once when the database has
/// none: <c>scripts/run.sh</c> and the test host point a fresh app at their local mail server this way.
/// After that the admin's settings page owns the row and configuration no longer changes it.
/// </summary>
public sealed partial class MailSettingsSeeder(
    TicketingDbContext db,
    IConfiguration configuration,
    IChannelSecretProtector protector,
    TimeProvider clock,
    ILogger<MailSettingsSeeder> logger)
{
    public const string Section = "Ticketing:Channels:Mail";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var section = configuration.GetSection(Section);
        var smtpHost = section["SmtpHost"];
        if (string.IsNullOrWhiteSpace(smtpHost) || await db.Set<MailSettings>().AnyAsync(cancellationToken))
        {
            return;
        }

        var settings = new MailSettings
        {
            SmtpEnabled = true,
            SmtpHost = smtpHost,
            SmtpPort = section.GetValue("SmtpPort", 25),
            SmtpSecurity = section.GetValue("SmtpSecurity", MailSecurity.None),
            FromAddress = section["FromAddress"] ?? "it@ticketing.local",
            FromName = section["FromName"] ?? "IT Support",
            ReplyAddress = section["ReplyAddress"],
            UpdatedAt = clock.GetUtcNow(),
        };
        if (section["ImapHost"] is { Length: > 0 } imapHost)
        {
            settings.ImapEnabled = true;
            settings.ImapHost = imapHost;
            settings.ImapPort = section.GetValue("ImapPort", 143);
            settings.ImapSecurity = section.GetValue("ImapSecurity", MailSecurity.None);
            settings.ImapUserName = section["ImapUserName"];
            settings.ImapPasswordProtected = section["ImapPassword"] is { Length: > 0 } password ? protector.Protect(password) : null;
        }

        db.Add(settings);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(logger, settings.SmtpHost, settings.SmtpPort);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it first; its row is the same configuration.
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail settings taken from configuration: SMTP {Host}:{Port}")]
    private static partial void LogSeeded(ILogger logger, string host, int port);
}

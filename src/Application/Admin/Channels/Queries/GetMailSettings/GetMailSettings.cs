using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Queries.GetMailSettings;

/// <summary>The mail settings as the admin page shows them: passwords only as "set" or "not set".</summary>
public sealed record GetMailSettingsQuery : IQuery<MailSettingsView>, IAdminRequest;

public sealed record MailSettingsView(
    bool SmtpEnabled,
    string SmtpHost,
    int SmtpPort,
    MailSecurity SmtpSecurity,
    string? SmtpUserName,
    bool SmtpPasswordSet,
    string FromAddress,
    string FromName,
    string? ReplyAddress,
    bool ImapEnabled,
    string ImapHost,
    int ImapPort,
    MailSecurity ImapSecurity,
    string? ImapUserName,
    bool ImapPasswordSet,
    string ImapFolder,
    DateTimeOffset? ImapLastPolledAt,
    string? ImapLastError,
    DateTimeOffset? UpdatedAt)
{
    public static MailSettingsView From(MailSettings? s)
    {
        s ??= new MailSettings();
        return new(
            s.SmtpEnabled, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUserName, s.SmtpPasswordProtected is not null,
            s.FromAddress, s.FromName, s.ReplyAddress,
            s.ImapEnabled, s.ImapHost, s.ImapPort, s.ImapSecurity, s.ImapUserName, s.ImapPasswordProtected is not null, s.ImapFolder,
            s.ImapLastPolledAt, s.ImapLastError, s.UpdatedAt == default ? null : s.UpdatedAt);
    }
}

public sealed class GetMailSettingsHandler(IMailSettingsStore store) : IQueryHandler<GetMailSettingsQuery, MailSettingsView>
{
    public async ValueTask<MailSettingsView> Handle(GetMailSettingsQuery query, CancellationToken cancellationToken) =>
        MailSettingsView.From(await store.GetAsync(cancellationToken));
}

using System.Globalization;
using System.Net.Mail;
using FluentValidation;
using Mediator;
using Ticketing.Application.Channels;
using Ticketing.Application.Channels.Email;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Channels;

namespace Ticketing.Application.Admin.Channels.Commands.SendTestEmail;

/// <summary>Sends one e-mail now with the saved SMTP settings and reports what the server said.</summary>
public sealed record SendTestEmailCommand(string? To) : ICommand<MailTestResult>, IAdminRequest;

public sealed record MailTestResult(bool Succeeded, string Message);

public sealed class SendTestEmailValidator : AbstractValidator<SendTestEmailCommand>
{
    public SendTestEmailValidator() =>
        RuleFor(c => c.To)
            .NotEmpty().WithMessage("Enter the address to send the test e-mail to.")
            .Must(a => a is not null && MailAddress.TryCreate(a.Trim(), out _)).WithMessage("Enter an e-mail address.");
}

public sealed class SendTestEmailHandler(
    IMailSettingsStore store,
    IEmailSender sender,
    IEmailComposer composer,
    TimeProvider clock) : ICommandHandler<SendTestEmailCommand, MailTestResult>
{
    public async ValueTask<MailTestResult> Handle(SendTestEmailCommand command, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(cancellationToken);
        if (settings is null || string.IsNullOrWhiteSpace(settings.SmtpHost) || string.IsNullOrWhiteSpace(settings.FromAddress))
        {
            return new MailTestResult(false, "Save the SMTP server and the from address first.");
        }

        var now = clock.GetUtcNow();
        var rendered = await composer.TestAsync(new TestEmailModel("the mail settings page", now.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture)), cancellationToken);
        var id = Guid.CreateVersion7();
        var email = new OutboundEmail
        {
            DedupeKey = $"test:{id:N}",
            Kind = EmailKind.Test,
            ToAddress = command.To!.Trim(),
            Subject = rendered.Subject,
            TextBody = rendered.TextBody,
            HtmlBody = rendered.HtmlBody,
            MessageId = EmailAddressing.TestMessageId(id, EmailAddressing.DomainOf(settings.FromAddress)),
            CreatedAt = now,
        };
        try
        {
            await using var session = await sender.ConnectAsync(settings, cancellationToken);
            await session.SendAsync(email, settings, cancellationToken);
            return new MailTestResult(true, $"The server accepted the test e-mail to {email.ToAddress}.");
        }
        catch (EmailDeliveryException ex)
        {
            return new MailTestResult(false, ex.Message);
        }
    }
}

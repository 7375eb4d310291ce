using Npgsql;
using Ticketing.Application.Channels;
using Ticketing.Application.Phi;

namespace Ticketing.Infrastructure.Phi;

/// <summary>
/// What a message leaving the app (e-mail, digest, chat) may show of a ticket: a PHI ticket's title and
/// the notification's message (which quotes it) are masked (<see cref="PhiMask"/>) for a user without the
/// PHI permission, and always for team channels, whose readers nobody vetted.
/// </summary>
internal sealed class PhiTicketDisclosure(NpgsqlDataSource dataSource) : ITicketDisclosure
{
    public async ValueTask<DisclosedTicket> DiscloseAsync(ChannelAudience audience, NotifiedTicket? ticket, string title, string message, CancellationToken cancellationToken)
    {
        if (ticket is null)
        {
            return new DisclosedTicket(null, title, message, Masked: false);
        }

        await using var command = dataSource.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM ticket_phi WHERE ticket_id = @ticket),
                   EXISTS (SELECT 1 FROM user_claims WHERE user_id = @user AND claim_type = @type AND claim_value = @value)
            """);
        command.Parameters.AddWithValue("ticket", ticket.Id);
        command.Parameters.AddWithValue("user", audience is ChannelAudience.User user ? user.UserId : "");
        command.Parameters.AddWithValue("type", PhiAccess.ClaimType);
        command.Parameters.AddWithValue("value", PhiAccess.ClaimValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var isPhi = reader.GetBoolean(0);
        var mayRead = audience is ChannelAudience.User && reader.GetBoolean(1);
        return isPhi && !mayRead
            ? new DisclosedTicket(PhiMask.Text, title, PhiMask.Text, Masked: true)
            : new DisclosedTicket(ticket.Title, title, message, Masked: false);
    }
}

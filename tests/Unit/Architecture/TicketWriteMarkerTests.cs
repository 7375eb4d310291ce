using Mediator;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;

namespace Ticketing.UnitTests.Architecture;

/// <summary>
/// Every request that writes tickets carries <see cref="ITicketWrite"/>, so the PHI behaviour refuses it
/// for a sender without access and audits it when it touched a PHI ticket, whoever sends it; a new
/// ticket write without the marker fails here. A ticket write is a command whose handler can send a
/// write to Championship IT or queue one: it takes <see cref="ITicketingApi"/> or <see cref="ITicketOutbox"/>.
/// </summary>
public sealed class TicketWriteMarkerTests
{
    /// <summary>Commands whose handlers talk to Championship IT only to read from it into the mirror.</summary>
    private static readonly string[] ReadersOfTheRemote =
    [
        "RefreshStaleTicketsCommand", // re-reads tickets the webhooks may have missed
        "TestConnectionCommand", // the admin's "test the connection"
    ];

    private static readonly List<Type> Types = [.. typeof(Ticketing.Application.DependencyInjection).Assembly.GetTypes()];

    private static readonly List<(Type Request, Type Handler)> CommandHandlers =
    [
        .. Types
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>))
                .Select(i => (i.GetGenericArguments()[0], t))),
    ];

    [Fact]
    public void Every_command_that_can_write_to_Championship_IT_or_queue_a_write_is_marked_as_a_ticket_write()
    {
        var writers = CommandHandlers
            .Where(p => p.Handler.GetConstructors().SelectMany(c => c.GetParameters())
                .Any(parameter => parameter.ParameterType == typeof(ITicketingApi) || parameter.ParameterType == typeof(ITicketOutbox)))
            .Select(p => p.Request)
            .Where(r => !ReadersOfTheRemote.Contains(r.Name))
            .ToList();

        writers.Select(r => r.Name).ShouldBe(
            ["AddCommentCommand", "BulkUpdateTicketsCommand", "CreateTicketCommand", "DeliverOutboxCommand", "EvaluateEscalationsCommand", "PollMailboxCommand", "UpdateTicketCommand", "UploadAttachmentCommand"],
            ignoreOrder: true,
            "a new ticket write appeared: mark it ITicketWrite (or, if it only reads from the remote, list it above with why)");
        writers.Where(r => !typeof(ITicketWrite).IsAssignableFrom(r)).Select(r => r.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void The_readers_of_the_remote_that_are_left_out_still_exist()
    {
        ReadersOfTheRemote.ShouldBeSubsetOf(CommandHandlers.Select(p => p.Request.Name), "a left-out command was renamed or removed: update the list");
    }

    [Fact]
    public void Only_commands_are_ticket_writes_and_the_bulk_edit_skips_the_rows_it_may_not_change()
    {
        var marked = Types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITicketWrite).IsAssignableFrom(t)).ToList();

        marked.Count.ShouldBeGreaterThanOrEqualTo(7);
        marked.ShouldAllBe(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)));
        typeof(ISkipsRefusedTickets<BulkUpdateTicketsCommand, BulkUpdateResult>).IsAssignableFrom(typeof(BulkUpdateTicketsCommand)).ShouldBeTrue();
    }
}

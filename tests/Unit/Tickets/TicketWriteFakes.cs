using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

/// <summary>The fakes a ticket write needs: the remote, the cache, the list reader, the audit log, the user and the clock.</summary>
internal sealed class TicketWriteFakes
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public TicketWriteFakes()
    {
        User.UserId.Returns("user-1");
        Lists.GetLookupsAsync(Arg.Any<CancellationToken>()).Returns(new TicketLookups(
            ["Network", "Hardware"],
            ["IT Operations"],
            [new AssigneeOption("agt_12", "Sam Ito"), new AssigneeOption("agt_99", "Kim Lee")]));
    }

    public ITicketingApi Remote { get; } = Substitute.For<ITicketingApi>();

    public ITicketRepository Tickets { get; } = Substitute.For<ITicketRepository>();

    public ITicketListReader Lists { get; } = Substitute.For<ITicketListReader>();

    public IAuditLog Audit { get; } = Substitute.For<IAuditLog>();

    /// <summary>Empty unless a test queues something: no earlier writes wait.</summary>
    public ITicketOutbox Outbox { get; } = Substitute.For<ITicketOutbox>();

    /// <summary>The writes queued in the outbox, call by call.</summary>
    public IReadOnlyList<PendingTicketWrite> Queued =>
        [.. Outbox.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ITicketOutbox.EnqueueAsync))
            .Select(c => (PendingTicketWrite)c.GetArguments()[0]!)];

    public ICurrentUser User { get; } = Substitute.For<ICurrentUser>();

    /// <summary>Who follows what; a test says what its calls answer.</summary>
    public ITicketFollowers Followers { get; } = Substitute.For<ITicketFollowers>();

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>The tickets stored in the cache, call by call.</summary>
    public IReadOnlyList<Ticket> Stored =>
        [.. Tickets.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ITicketRepository.UpsertManyAsync))
            .SelectMany(c => (IReadOnlyCollection<Ticket>)c.GetArguments()[0]!)];

    /// <summary>The details object of each audit entry written with <paramref name="action"/>.</summary>
    public IReadOnlyList<object?> AuditDetails(string action) =>
        [.. Audit.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(IAuditLog.WriteAsync) && (string)c.GetArguments()[0]! == action)
            .Select(c => c.GetArguments()[3])];

    public static Ticket Ticket(
        string externalId = "tkt_1",
        string number = "IT-000001",
        TicketStatus status = TicketStatus.Open,
        TicketPriority priority = TicketPriority.Medium,
        DateTimeOffset? updatedAt = null,
        string? assigneeId = null,
        string? assigneeName = null) => new()
    {
        Id = Guid.CreateVersion7(),
        ExternalTicketId = externalId,
        TicketNumber = number,
        Title = "VPN drops every 10 minutes",
        Status = status,
        Priority = priority,
        Category = "Network",
        Department = "IT Operations",
        AssigneeId = assigneeId,
        AssigneeName = assigneeName,
        CreatedAt = Now.AddDays(-2),
        UpdatedAt = updatedAt ?? Now.AddHours(-1),
        DueDate = Now.AddDays(1),
    };

    /// <summary>A copy with another id, as the remote's answer has none of the cache's ids.</summary>
    public static Ticket Copy(Ticket ticket, Action<Ticket>? change = null)
    {
        var copy = new Ticket
        {
            ExternalTicketId = ticket.ExternalTicketId,
            TicketNumber = ticket.TicketNumber,
            Title = ticket.Title,
            Description = ticket.Description,
            Status = ticket.Status,
            Priority = ticket.Priority,
            Category = ticket.Category,
            Department = ticket.Department,
            AssigneeId = ticket.AssigneeId,
            AssigneeName = ticket.AssigneeName,
            CreatedAt = ticket.CreatedAt,
            UpdatedAt = ticket.UpdatedAt,
            DueDate = ticket.DueDate,
            Tags = ticket.Tags,
        };
        change?.Invoke(copy);
        return copy;
    }
}

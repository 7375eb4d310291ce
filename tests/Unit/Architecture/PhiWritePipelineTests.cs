using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Application.Phi;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Application.Tickets.Queries.GetTicketDetails;
using Ticketing.Web;

namespace Ticketing.UnitTests.Architecture;

/// <summary>
/// The PHI behaviour is constrained to <see cref="ITicketWrite"/>: in the app as it is composed, the pipeline of
/// any other request does not hold it, so nothing it needs is resolved for a read; a ticket write's does. No
/// database is opened: the pipelines are only built.
/// </summary>
public sealed class PhiWritePipelineTests
{
    /// <summary>Never opened: building the pipelines reaches no database.</summary>
    private static readonly string[] Arguments = ["--environment=Development", "--ConnectionStrings:Ticketing=Host=127.0.0.1;Port=1;Database=unused"];

    [Fact]
    public async Task Only_a_ticket_write_gets_the_PHI_behaviour_so_other_requests_never_resolve_what_it_needs()
    {
        var resolved = 0;
        await using var app = TicketingWebApp.Build(
            Arguments,
            runStartupTasks: false,
            services => services.AddScoped(_ =>
            {
                Interlocked.Increment(ref resolved);
                return Substitute.For<IPhiClassification>();
            }));
        await using var scope = app.Services.CreateAsyncScope();

        var read = scope.ServiceProvider.GetServices<IPipelineBehavior<GetTicketDetailsQuery, TicketDetails>>().ToList();

        read.ShouldNotBeEmpty();
        read.ShouldNotContain(b => IsPhiBehaviour(b));
        resolved.ShouldBe(0);

        var write = scope.ServiceProvider.GetServices<IPipelineBehavior<UpdateTicketCommand, UpdateTicketResult>>().ToList();

        write.Count(IsPhiBehaviour).ShouldBe(1);
        resolved.ShouldBe(1);
    }

    private static bool IsPhiBehaviour(object behaviour) =>
        behaviour.GetType().IsGenericType && behaviour.GetType().GetGenericTypeDefinition() == typeof(PhiTicketWriteBehaviour<,>);
}

using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application;
using Ticketing.Application.Tickets.Queries.GetTickets;

namespace Ticketing.UnitTests.Application;

public sealed class ValidatorLifetimeTests
{
    [Fact]
    public void Validators_without_dependencies_are_built_once_and_the_others_per_scope()
    {
        var services = new ServiceCollection().AddApplication();
        var validators = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IValidator<>)).ToList();

        validators.Single(d => d.ServiceType == typeof(IValidator<GetTicketsQuery>)).Lifetime.ShouldBe(ServiceLifetime.Singleton);
        foreach (var descriptor in validators)
        {
            var selfContained = descriptor.ImplementationType!.GetConstructors().All(c => c.GetParameters().Length == 0);
            descriptor.Lifetime.ShouldBe(selfContained ? ServiceLifetime.Singleton : ServiceLifetime.Scoped, descriptor.ImplementationType.Name);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// Wraps the app's ticket repository so that one initial-load store (the <c>failOnCall</c>-th, counted
/// across scopes) fails as a lost database connection would, while every other call goes through.
/// </summary>
internal sealed class FailingBulkStore(int failOnCall)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Register(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(ITicketRepository));
        services.AddScoped(provider =>
        {
            var inner = (ITicketRepository)ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
            var proxy = DispatchProxy.Create<ITicketRepository, Proxy>();
            ((Proxy)(object)proxy).Attach(inner, this);
            return proxy;
        });
    }

    private bool FailsNow() => Interlocked.Increment(ref _calls) == failOnCall;

    /// <summary>Forwards every call; the chosen bulk store fails.</summary>
    [SuppressMessage("Performance", "CA1852:Seal internal types", Justification = "DispatchProxy derives the proxy's type from this class.")]
    public class Proxy : DispatchProxy
    {
        private ITicketRepository? _inner;
        private FailingBulkStore? _owner;

        internal void Attach(ITicketRepository inner, FailingBulkStore owner)
        {
            _inner = inner;
            _owner = owner;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(ITicketRepository.BulkLoadManyAsync) && _owner!.FailsNow())
            {
                return Task.FromException<UpsertResult>(new InvalidOperationException("The connection to the database was lost."));
            }

            return targetMethod.Invoke(_inner, args);
        }
    }
}

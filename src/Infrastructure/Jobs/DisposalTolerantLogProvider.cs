using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace Ticketing.Infrastructure.Jobs;

/// <summary>
/// Hangfire's logging goes through one process-wide static provider, which each app built in the
/// process replaces with one over its own <see cref="ILoggerFactory"/>. When several apps share a process
/// (the integration tests start many) and the app that set it last is disposed, Hangfire objects created
/// for the others would ask a disposed factory for loggers and throw. This provider gives those a logger
/// that drops messages instead; in a normal single-app process it behaves exactly like Hangfire's own.
/// </summary>
internal sealed class DisposalTolerantLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return new TolerantLog(_inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return TolerantLog.Silent;
        }
    }

    private sealed class TolerantLog(ILog? inner) : ILog
    {
        public static readonly TolerantLog Silent = new(null);

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}

using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Ticketing.Application.Common.Behaviours;

/// <summary>
/// Logs each request's name, outcome and duration. Request contents are never logged: they can
/// hold personal data or secrets.
/// </summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private const long SlowRequestMilliseconds = 500;

    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (elapsed >= SlowRequestMilliseconds)
            {
                logger.LogWarning("Slow request {Request} took {ElapsedMs:F0} ms", name, elapsed);
            }
            else
            {
                logger.LogDebug("Handled {Request} in {ElapsedMs:F1} ms", name, elapsed);
            }

            return response;
        }
        catch (Exception ex) when (ex is Exceptions.ValidationException or Exceptions.NotFoundException or Exceptions.ForbiddenAccessException)
        {
            logger.LogInformation("Request {Request} ended with {Outcome}", name, ex.GetType().Name);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Request {Request} failed after {ElapsedMs:F0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

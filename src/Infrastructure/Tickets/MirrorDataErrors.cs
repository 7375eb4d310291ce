using Npgsql;
using Ticketing.Application.Common.Exceptions;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Turns the database's refusals of the data itself into <see cref="MirrorDataException"/>, so the use
/// cases can tell them from outages without knowing Npgsql.
/// </summary>
internal static class MirrorDataErrors
{
    /// <summary>Runs a write to the cache; a data error (SQLSTATE class 22, 23 or 54) surfaces as <see cref="MirrorDataException"/>.</summary>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException ex) when (IsDataError(ex))
        {
            // The message text names the constraint or type, never the value (the detail might).
            throw new MirrorDataException(ex.SqlState, ex.MessageText, ex);
        }
    }

    /// <summary>
    /// Errors caused by the data itself: data exceptions (22), integrity constraint violations (23) and
    /// program limits exceeded (54). Anything else (connection, shutdown, lock timeout) is not one.
    /// </summary>
    public static bool IsDataError(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("23", StringComparison.Ordinal)
        || ex.SqlState.StartsWith("54", StringComparison.Ordinal);
}

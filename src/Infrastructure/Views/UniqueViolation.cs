using Npgsql;

namespace Ticketing.Infrastructure.Views;

/// <summary>Recognises PostgreSQL's "duplicate key" error for one unique index, raw or wrapped by EF Core.</summary>
internal static class UniqueViolation
{
    public static bool Of(Exception exception, string indexName) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException)
            is { SqlState: PostgresErrorCodes.UniqueViolation } error
        && string.Equals(error.ConstraintName, indexName, StringComparison.Ordinal);
}

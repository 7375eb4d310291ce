using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Ticketing.Tests.Common;

/// <summary>
/// The PostgreSQL server the tests use and the databases this test process makes on it: copies of a
/// <see cref="DatabaseTemplate"/>, empty ones, and the templates themselves. Every name starts with this
/// process's <see cref="RunPrefix"/>, so whatever a test leaves behind is found and dropped at the end
/// of the run (<see cref="TestRunCleanup"/>), and a crashed run's databases by the next run.
/// </summary>
internal static partial class TestDatabaseServer
{
    public const string ServerVariable = "TICKETING_TEST_PG";
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=ticketing;Password=ticketing";
    private const string NamePrefix = "ticketing_t";

    private static readonly ConcurrentQueue<Task> PendingDrops = new();
    private static int _sequence;

    public static string Server { get; } =
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer;

    /// <summary><c>ticketing_t{process id}_{random}</c>: unique to this run, and says which process made it.</summary>
    public static string RunPrefix { get; } =
        $"{NamePrefix}{Environment.ProcessId}_{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6]}";

    /// <summary>The server's maintenance database, without pooling: a pooled connection would keep a dropped database busy.</summary>
    public static string AdminConnectionString { get; } =
        new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString;

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>A new name of this run: the prefix, a few letters of the purpose and a sequence number (63 bytes at most).</summary>
    public static string NewName(string purpose)
    {
        var letters = NotNameCharacters().Replace(purpose.ToLowerInvariant(), "_");
        var n = Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        return $"{RunPrefix}_{letters[..Math.Min(letters.Length, 24)]}_{n}";
    }

    /// <summary>A copy of <paramref name="template"/>, which no session may be connected to.</summary>
    public static Task CreateFromAsync(string name, string template, CancellationToken cancellationToken) =>
        ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", cancellationToken);

    public static Task CreateEmptyAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);

    /// <summary>
    /// Drops the database in the background: a test need not wait for the server to delete its files.
    /// The end of the run waits for every such drop (<see cref="DropEverythingOfThisRunAsync"/>).
    /// </summary>
    public static void DropSoon(string name) => PendingDrops.Enqueue(Task.Run(() => DropAsync(name)));

    public static async Task DropAsync(string name)
    {
        // A database's pooled connections in this process would otherwise wait in the pool.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionStringFor(name)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
                return;
            }
            catch (PostgresException ex) when (attempt < 10 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // A background worker of the server (autovacuum) can hold the database for a moment.
                await Task.Delay(100 * attempt);
            }
        }
    }

    /// <summary>Drops every database of this run that is still there, the templates included.</summary>
    public static async Task DropEverythingOfThisRunAsync()
    {
        while (PendingDrops.TryDequeue(out var drop))
        {
            try
            {
                await drop;
            }
            catch (NpgsqlException)
            {
                // The sweep below drops what a background drop could not.
            }
        }

        foreach (var name in await DatabasesAsync($"{RunPrefix}_%"))
        {
            await DropAsync(name);
        }
    }

    /// <summary>
    /// Drops the databases of earlier runs whose process is gone (killed, crashed) and that nobody is
    /// connected to. A database of a run still going, in this or another process, is left alone.
    /// </summary>
    public static async Task DropLeftoversOfDeadRunsAsync()
    {
        foreach (var name in await DatabasesAsync($"{NamePrefix}%", unusedOnly: true))
        {
            var match = RunName().Match(name);
            if (match.Success && int.TryParse(match.Groups["pid"].Value, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !IsRunning(pid))
            {
                await DropAsync(name);
            }
        }
    }

    private static async Task<List<string>> DatabasesAsync(string pattern, bool unusedOnly = false)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        var sql = "SELECT datname FROM pg_database WHERE datname LIKE $1"
            + (unusedOnly ? " AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)" : "");
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = pattern } } };
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameCharacters();

    [GeneratedRegex("^ticketing_t(?<pid>[0-9]+)_[0-9a-f]{6}_")]
    private static partial Regex RunName();
}

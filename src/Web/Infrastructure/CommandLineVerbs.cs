using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Web.Infrastructure;

/// <summary>
/// Operations verbs: <c>dotnet run --project src/Web -- migrate</c>. A verb runs against the
/// configured database and exits; no verb starts the web app.
/// </summary>
public static class CommandLineVerbs
{
    public static readonly IReadOnlyList<string> Known = ["migrate"];

    /// <summary>Splits the leading verb (if any) from the arguments meant for configuration.</summary>
    public static (string? Verb, string[] Arguments) Split(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=')
            ? (args[0], args[1..])
            : (null, args);

    public static async Task<int> RunAsync(string verb, WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ticketing.Verbs");
        try
        {
            switch (verb)
            {
                case "migrate":
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    }

                    await Console.Out.WriteLineAsync("migrate: the database schema is up to date.");
                    return 0;

                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{verb}'. Known commands: {string.Join(", ", Known)}.");
                    return 2;
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Command {Verb} failed", verb);
            await Console.Error.WriteLineAsync($"{verb}: failed: {ex.GetBaseException().Message}");
            return 1;
        }
    }
}

using Ticketing.Web;
using Ticketing.Web.Infrastructure;

// Before the host's threads allocate: glibc creates its arenas as threads first contend (decision 148).
ProcessMemory.LimitMallocArenas();

var (verb, flags, arguments) = CommandLineVerbs.Split(args);
var app = TicketingWebApp.Build(arguments, runStartupTasks: verb is null);

if (verb is not null)
{
    return await CommandLineVerbs.RunAsync(verb, flags, app);
}

// What start-up freed, back to the system before the first sync (decision 148).
app.Lifetime.ApplicationStarted.Register(ProcessMemory.ReleaseStartupMemory);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

using Ticketing.Web;
using Ticketing.Web.Infrastructure;

// Before the host's threads allocate: glibc creates its arenas as threads first contend (decision 148).
NativeHeap.LimitArenas();

var (verb, flags, arguments) = CommandLineVerbs.Split(args);
var app = TicketingWebApp.Build(arguments, runStartupTasks: verb is null);

if (verb is not null)
{
    return await CommandLineVerbs.RunAsync(verb, flags, app);
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

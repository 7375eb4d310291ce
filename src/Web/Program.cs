using Ticketing.Web;
using Ticketing.Web.Infrastructure;

var (verb, rest) = CommandLineVerbs.Split(args);
var app = TicketingWebApp.Build(rest, runStartupTasks: verb is null);

if (verb is not null)
{
    return await CommandLineVerbs.RunAsync(verb, app);
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

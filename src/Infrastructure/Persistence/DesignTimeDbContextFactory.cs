using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ticketing.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TicketingDbContext>
{
    public TicketingDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Ticketing")
            ?? "Host=127.0.0.1;Database=ticketing_design;Username=ticketing;Password=ticketing";
        var options = new DbContextOptionsBuilder<TicketingDbContext>();
        DependencyInjection.ConfigureDbContext(options, connectionString);
        return new TicketingDbContext(options.Options);
    }
}

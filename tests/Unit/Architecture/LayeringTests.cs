using System.Reflection;
using System.Xml.Linq;
using Shouldly;

namespace Ticketing.UnitTests.Architecture;

/// <summary>
/// Guards the clean layering: Domain depends on nothing of ours, Application only on Domain.
/// Checked twice: in the compiled assemblies and in the project files (a reference not yet used
/// in code would otherwise slip through).
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Domain = typeof(Ticketing.Domain.Tickets.Ticket).Assembly;
    private static readonly Assembly Application = typeof(Ticketing.Application.DependencyInjection).Assembly;

    [Fact]
    public void Domain_assembly_references_no_project()
    {
        OurReferences(Domain).ShouldBeEmpty();
    }

    [Fact]
    public void Application_assembly_references_only_the_domain()
    {
        OurReferences(Application).ShouldBe(["Ticketing.Domain"]);
    }

    [Fact]
    public void Domain_project_file_has_no_project_references()
    {
        ProjectReferences("src/Domain/Ticketing.Domain.csproj").ShouldBeEmpty();
    }

    [Fact]
    public void Application_project_file_references_only_the_domain()
    {
        ProjectReferences("src/Application/Ticketing.Application.csproj").ShouldBe(["Ticketing.Domain"]);
    }

    [Fact]
    public void Domain_and_application_use_no_web_or_database_framework()
    {
        string[] forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql", "Hangfire"];
        foreach (var assembly in new[] { Domain, Application })
        {
            var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
            references.ShouldNotContain(r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)), assembly.GetName().Name);
        }
    }

    private static List<string> OurReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => n.StartsWith("Ticketing.", StringComparison.Ordinal))
            .Order()];

    private static List<string> ProjectReferences(string relativePath)
    {
        var file = Path.Combine(RepositoryRoot(), relativePath);
        return [.. XDocument.Load(file)
            .Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order()];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ticketing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Ticketing.sln not found above the test's folder.");
    }
}

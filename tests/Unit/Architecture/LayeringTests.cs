using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Shouldly;

namespace Ticketing.UnitTests.Architecture;

/// <summary>
/// Guards the clean layering: Domain depends on nothing of ours, Application only on Domain.
/// Checked twice: in the compiled assemblies and in the project files (a reference not yet used
/// in code would otherwise slip through). Web references Infrastructure (it composes the app), so
/// its rule is checked in its source files: Infrastructure only in the composition root and for
/// Identity, Npgsql nowhere.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>
    /// The Web files that may use Infrastructure beyond Identity: the composition root and what runs
    /// before or beside the app rather than inside a request.
    /// </summary>
    private static readonly string[] WebCompositionRoot =
    [
        // Registers every layer (AddInfrastructure, the webhook processing) and maps the job dashboard.
        "src/Web/TicketingWebApp.cs",
        // Migrates and seeds the database before the workers start.
        "src/Web/Infrastructure/StartupTasks.cs",
        // The operator's verbs: the migrator and the integration settings seeder, without a web server.
        "src/Web/Infrastructure/CommandLineVerbs.cs",
        // Health checks and the app's meter, which Infrastructure defines next to what it measures.
        "src/Web/Observability/ObservabilityRegistration.cs",
    ];

    private const string IdentityNamespace = "Ticketing.Infrastructure.Identity";

    private static readonly Assembly Domain = typeof(Ticketing.Domain.Tickets.Ticket).Assembly;
    private static readonly Assembly Application = typeof(Ticketing.Application.DependencyInjection).Assembly;
    private static readonly Assembly Web = typeof(Ticketing.Web.TicketingWebApp).Assembly;

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

    [Fact]
    public void Web_uses_infrastructure_only_in_the_composition_root_and_for_identity()
    {
        var offenders = WebSourceFiles()
            .Where(f => !WebCompositionRoot.Contains(f.Path, StringComparer.Ordinal))
            .SelectMany(f => InfrastructureNamespaces().Matches(f.Text)
                .Select(m => m.Value)
                .Where(ns => ns != IdentityNamespace && !ns.StartsWith(IdentityNamespace + ".", StringComparison.Ordinal))
                .Select(ns => $"{f.Path}: {ns}"))
            .ToList();

        offenders.ShouldBeEmpty("Web reaches Infrastructure through Application interfaces; only the composition root wires it up");
    }

    [Fact]
    public void Web_has_no_global_using_of_infrastructure()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src/Web/Ticketing.Web.csproj"));
        XDocument.Parse(project).Descendants("Using").Select(u => u.Attribute("Include")?.Value ?? "")
            .ShouldNotContain(ns => ns.StartsWith("Ticketing.Infrastructure", StringComparison.Ordinal) && ns != IdentityNamespace);
        WebSourceFiles()
            .Where(f => GlobalUsingOfInfrastructure().IsMatch(f.Text))
            .Select(f => f.Path)
            .ShouldBeEmpty();
    }

    [Fact]
    public void Nothing_in_web_uses_npgsql()
    {
        WebSourceFiles().Where(f => NpgsqlName().IsMatch(f.Text)).Select(f => f.Path).ShouldBeEmpty();
        Web.GetReferencedAssemblies().Select(a => a.Name ?? "").ShouldNotContain(n => n.StartsWith("Npgsql", StringComparison.Ordinal));
    }

    [Fact]
    public void The_composition_root_list_names_files_that_exist_and_need_it()
    {
        foreach (var path in WebCompositionRoot)
        {
            var file = Path.Combine(RepositoryRoot(), path);
            File.Exists(file).ShouldBeTrue(path);
            InfrastructureNamespaces().Matches(File.ReadAllText(file)).Select(m => m.Value)
                .ShouldContain(ns => ns != IdentityNamespace, $"{path} no longer needs Infrastructure: take it off the list");
        }
    }

    private static List<(string Path, string Text)> WebSourceFiles()
    {
        var root = RepositoryRoot();
        var web = Path.Combine(root, "src", "Web");
        var files = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(Path.Combine(root, f))))
            .ToList();
        files.Count.ShouldBeGreaterThan(50, "the Web sources were not found");
        return files;
    }

    [GeneratedRegex(@"\bTicketing\.Infrastructure(\.[A-Za-z_][A-Za-z0-9_]*)*")]
    private static partial Regex InfrastructureNamespaces();

    [GeneratedRegex(@"global\s+using\s+(static\s+)?([A-Za-z_][A-Za-z0-9_]*\s*=\s*)?Ticketing\.Infrastructure(?!\.Identity\b)")]
    private static partial Regex GlobalUsingOfInfrastructure();

    [GeneratedRegex(@"\bNpgsql")]
    private static partial Regex NpgsqlName();

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

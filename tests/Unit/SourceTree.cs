namespace Ticketing.UnitTests;

/// <summary>The repository's own source, for tests that guard a convention across every file.</summary>
internal static class SourceTree
{
    /// <summary>Every line of the hand-written C# under <c>src/</c> (generated migrations left out), with its file.</summary>
    public static IEnumerable<(string File, string Line)> HandWrittenLines()
    {
        var root = Root();
        var migrations = $"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}";
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(migrations, StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select(line => (Path.GetRelativePath(root, f), line)));
    }

    /// <summary>Every line of the Razor pages and partials under <c>src/Web/Pages</c>, with its file.</summary>
    public static IEnumerable<(string File, string Line)> RazorLines()
    {
        var root = Root();
        return Directory.EnumerateFiles(Path.Combine(root, "src", "Web", "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select(line => (Path.GetRelativePath(root, f), line)));
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ticketing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Ticketing.sln not found above the test's folder.");
    }
}

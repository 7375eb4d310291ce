using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Ticketing.IntegrationTests.Hosting.LongClassesFirst))]

namespace Ticketing.IntegrationTests.Hosting;

/// <summary>
/// Marks a test class whose tests take minutes in a full run (they wait for once-a-minute jobs, start app
/// processes, or run the benchmark): <see cref="LongClassesFirst"/> starts it before the short ones.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StartsFirstAttribute : Attribute;

/// <summary>
/// Starts the long test classes first and the short ones after, in xunit's own (random) order otherwise. The
/// classes run a few at a time (<c>maxParallelThreads</c>), so a long one that happens to start last keeps the
/// run going alone after everything else is done: with the process-fault tests (two minutes each, mostly
/// waiting) drawn last, the integration project's last three minutes ran little else. Longest first is the
/// usual remedy for that tail.
/// </summary>
public sealed class LongClassesFirst : ITestCollectionOrderer
{
    private static readonly HashSet<string> Long = [.. typeof(LongClassesFirst).Assembly.GetTypes()
        .Where(type => type.IsDefined(typeof(StartsFirstAttribute), inherit: false))
        .SelectMany(type => new[] { type.FullName!, type.FullName!.Replace('+', '.') })];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections).OrderBy(c => IsLong(c) ? 0 : 1)];

    /// <summary>
    /// A class of its own is its collection: xunit names it by the class ("Test collection for Namespace.Class
    /// (id: …)"), and gives it no definition type.
    /// </summary>
    private static bool IsLong(ITestCollection collection) =>
        (collection.TestCollectionClassName is { } name && Long.Contains(name))
        || Long.Contains(ClassOf(collection.TestCollectionDisplayName));

    private static string ClassOf(string displayName)
    {
        const string Prefix = "Test collection for ";
        var name = displayName.StartsWith(Prefix, StringComparison.Ordinal) ? displayName[Prefix.Length..] : displayName;
        var id = name.IndexOf(" (id: ", StringComparison.Ordinal);
        return id < 0 ? name : name[..id];
    }
}

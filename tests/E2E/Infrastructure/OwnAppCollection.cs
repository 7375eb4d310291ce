namespace Ticketing.E2ETests.Infrastructure;

/// <summary>
/// The tests that start an app of their own and open their own browser contexts on it. They neither read
/// nor change the shared app, so they run beside the shared tests (which stay one at a time in the
/// assembly's collection) instead of after them: the idle test spends most of its two minutes waiting.
/// They must not open pages through <see cref="E2EFixture.NewPageAsync()"/> or
/// <see cref="E2EFixture.SignedInPageAsync"/>: those close the contexts of the test running beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OwnAppCollection
{
    public const string Name = "Tests with an app of their own";
}

using System.Reflection;
using System.Text.RegularExpressions;
using Shouldly;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.UnitTests.Persistence;

public sealed partial class AdvisoryLocksTests
{
    [Fact]
    public void Every_advisory_lock_key_is_distinct()
    {
        var keys = typeof(AdvisoryLocks).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(long))
            .ToDictionary(f => f.Name, f => (long)f.GetRawConstantValue()!);

        keys.Count.ShouldBeGreaterThanOrEqualTo(4);
        keys.Values.Distinct().Count().ShouldBe(keys.Count, string.Join(", ", keys.Select(k => $"{k.Key} = {k.Value}")));
    }

    [Fact]
    public void Every_advisory_lock_in_the_source_takes_its_key_from_the_one_class()
    {
        var calls = SourceTree.HandWrittenLines().Where(l => AdvisoryCall().IsMatch(l.Line)).ToList();

        calls.ShouldNotBeEmpty();
        // A key is a constant of AdvisoryLocks, or the @key parameter through which the lock classes are given one.
        calls.Where(c => !c.Line.Contains("AdvisoryLocks.", StringComparison.Ordinal) && !c.Line.Contains("(@key)", StringComparison.Ordinal))
            .Select(c => $"{c.File}: {c.Line.Trim()}")
            .ShouldBeEmpty();
    }

    [GeneratedRegex(@"pg_(try_)?advisory_(xact_)?(un)?lock", RegexOptions.IgnoreCase)]
    private static partial Regex AdvisoryCall();
}

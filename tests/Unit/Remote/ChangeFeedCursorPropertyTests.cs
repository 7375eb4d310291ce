using Shouldly;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Remote;

/// <summary>
/// Property-style: for many seeded random schedules of a remote that updates, creates and deletes
/// records between any two page requests, the cursor passes on every record that stayed untouched
/// (the ones a skip would hide for good), never passes on one version twice, and never has to give a
/// tie group up. Plain seeded loops: a failure names its seed, which replays it exactly.
/// </summary>
public sealed class ChangeFeedCursorPropertyTests
{
    private const int Schedules = 3000;

    [Fact]
    public void No_untouched_record_is_skipped_whatever_changes_during_paging()
    {
        for (var seed = 0; seed < Schedules; seed++)
        {
            var run = Run(seed);
            run.Missing.ShouldBeEmpty($"seed {seed}: untouched records skipped ({run.Describe()})");
            run.RepeatedVersions.ShouldBeEmpty($"seed {seed}: versions passed on twice ({run.Describe()})");
            run.Unverified.ShouldBe(0, $"seed {seed}: a tie group was left unverified ({run.Describe()})");
        }
    }

    [Fact]
    public void The_schedules_exercise_tie_groups_changed_while_paged()
    {
        var runs = Enumerable.Range(0, Schedules).Select(Run).ToList();

        // Guards the property above against a generator that stopped producing the hard cases.
        runs.Count(r => r.MaxTiePass >= 3).ShouldBeGreaterThan(Schedules / 50);
        runs.Count(r => r.Mutations > 0 && r.MaxTiePass >= 2).ShouldBeGreaterThan(Schedules / 10);
    }

    private static RunResult Run(int seed)
    {
        var random = new Random(seed);
        var limit = random.Next(1, 6);
        var records = new Dictionary<string, long>(StringComparer.Ordinal);
        var count = random.Next(0, 40);
        var distinctTimes = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            records[$"r{i:D3}"] = random.Next(0, distinctTimes) * 10;
        }

        // A new version is stamped later than anything existing, as at the remote.
        var clock = 1000L;
        var budget = random.Next(0, 6);
        var mutationChance = random.NextDouble() * 0.6;
        long? since = random.Next(4) == 0 && count > 0 ? random.Next(0, distinctTimes) * 10 : null;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var cursor = new ChangeFeedCursor(since is { } s ? At(s) : null, limit, maxTiePasses: (2 * budget) + 2);
        var yielded = new List<(string Id, DateTimeOffset UpdatedAt)>();
        var requests = 0;
        var maxPass = 0;
        var mutations = 0;

        while (!cursor.IsDone)
        {
            (requests++ < 100_000).ShouldBeTrue($"seed {seed}: the stream does not end");
            if (budget > 0 && random.NextDouble() < mutationChance)
            {
                budget--;
                mutations++;
                Mutate(random, records, touched, ref clock);
            }

            var matching = records
                .Where(r => cursor.Since is null || At(r.Value) >= cursor.Since)
                .OrderBy(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => (Id: r.Key, UpdatedAt: At(r.Value)))
                .ToList();
            var page = matching.Skip((cursor.Page - 1) * limit).Take(limit).ToList();
            yielded.AddRange(page.Where(r => !cursor.IsDuplicate(r.Id, r.UpdatedAt)));
            cursor.Advance(page, page.Count, limit, (matching.Count + limit - 1) / limit);
            maxPass = Math.Max(maxPass, cursor.TiePass);
        }

        var passedOn = yielded.Select(y => y.Id).ToHashSet(StringComparer.Ordinal);
        var missing = records
            .Where(r => !touched.Contains(r.Key) && (since is null || r.Value >= since) && !passedOn.Contains(r.Key))
            .Select(r => r.Key)
            .ToList();
        var repeated = yielded.GroupBy(y => y).Where(g => g.Count() > 1).Select(g => g.Key.Id).ToList();
        return new RunResult(limit, count, mutations, requests, maxPass, cursor.UnverifiedTieGroups, missing, repeated);
    }

    private static void Mutate(Random random, Dictionary<string, long> records, HashSet<string> touched, ref long clock)
    {
        var ids = records.Keys.Order(StringComparer.Ordinal).ToList();
        switch (ids.Count == 0 ? 1 : random.Next(3))
        {
            case 0:
                var updated = ids[random.Next(ids.Count)];
                records[updated] = ++clock;
                touched.Add(updated);
                break;
            case 1:
                var created = $"n{clock:D5}";
                records[created] = ++clock;
                touched.Add(created);
                break;
            default:
                var deleted = ids[random.Next(ids.Count)];
                records.Remove(deleted);
                touched.Add(deleted);
                break;
        }
    }

    private static DateTimeOffset At(long value) => new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(value);

    private sealed record RunResult(
        int Limit,
        int Records,
        int Mutations,
        int Requests,
        int MaxTiePass,
        int Unverified,
        List<string> Missing,
        List<string> RepeatedVersions)
    {
        public string Describe() => $"limit {Limit}, {Records} records, {Mutations} changes, {Requests} requests, up to pass {MaxTiePass}";
    }
}

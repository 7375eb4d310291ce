using Shouldly;
using Ticketing.Infrastructure.Remote;

namespace Ticketing.UnitTests.Remote;

public sealed class ChangeFeedCursorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Starts_on_page_one_at_the_given_time()
    {
        var cursor = new ChangeFeedCursor(T0, 100);

        cursor.Since.ShouldBe(T0);
        cursor.Page.ShouldBe(1);
        cursor.IsDone.ShouldBeFalse();
    }

    [Fact]
    public void A_short_page_ends_the_stream()
    {
        var cursor = new ChangeFeedCursor(null, 3);

        cursor.Advance(Keys(("a", 1), ("b", 2)), recordCount: 2, limit: 3, totalPages: 1);

        cursor.IsDone.ShouldBeTrue();
    }

    [Fact]
    public void The_last_reported_page_ends_the_stream_even_when_full()
    {
        var cursor = new ChangeFeedCursor(null, 3);

        cursor.Advance(Keys(("a", 1), ("b", 2), ("c", 3)), recordCount: 3, limit: 3, totalPages: 1);

        cursor.IsDone.ShouldBeTrue();
    }

    [Fact]
    public void After_a_full_page_the_cursor_moves_to_its_newest_timestamp_and_back_to_page_one()
    {
        var cursor = new ChangeFeedCursor(null, 3);

        cursor.Advance(Keys(("a", 1), ("b", 2), ("c", 3)), recordCount: 3, limit: 3, totalPages: 5);

        cursor.Since.ShouldBe(At(3));
        cursor.Page.ShouldBe(1);
        cursor.SeenAtSince.ShouldBe(1);
    }

    [Fact]
    public void Records_already_passed_on_at_the_cursor_timestamp_are_duplicates()
    {
        var cursor = new ChangeFeedCursor(null, 3);
        cursor.Advance(Keys(("a", 1), ("b", 3), ("c", 3)), recordCount: 3, limit: 3, totalPages: 5);

        cursor.IsDuplicate("b", At(3)).ShouldBeTrue();
        cursor.IsDuplicate("c", At(3)).ShouldBeTrue();
        cursor.IsDuplicate("d", At(3)).ShouldBeFalse();
        // A later version of a record already passed on is a change, not a duplicate.
        cursor.IsDuplicate("b", At(4)).ShouldBeFalse();
    }

    [Fact]
    public void A_page_sharing_one_timestamp_pages_on_with_the_same_cursor()
    {
        var cursor = new ChangeFeedCursor(null, 3);

        cursor.Advance(Keys(("a", 5), ("b", 5), ("c", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Since.ShouldBe(At(5));
        cursor.Page.ShouldBe(2);

        cursor.Advance(Keys(("d", 5), ("e", 5), ("f", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Since.ShouldBe(At(5));
        cursor.Page.ShouldBe(3);
        cursor.SeenAtSince.ShouldBe(6);
    }

    [Fact]
    public void The_end_of_a_tie_group_starts_a_second_pass_from_page_one_without_passing_on_later_records()
    {
        var cursor = new ChangeFeedCursor(At(5), 3);
        cursor.Advance(Keys(("a", 5), ("b", 5), ("c", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.InTieGroup.ShouldBeTrue();

        cursor.Advance(Keys(("d", 5), ("e", 6), ("f", 7)), recordCount: 3, limit: 3, totalPages: 10);

        cursor.Since.ShouldBe(At(5));
        cursor.Page.ShouldBe(1);
        cursor.TiePass.ShouldBe(2);
        // Later records are read again once the group is confirmed, so they are not passed on now.
        cursor.IsDuplicate("e", At(6)).ShouldBeTrue();
        cursor.IsDuplicate("a", At(5)).ShouldBeTrue();
    }

    [Fact]
    public void A_pass_that_sees_every_id_of_the_previous_one_leaves_the_group_at_its_first_later_timestamp()
    {
        var cursor = new ChangeFeedCursor(At(5), 3);
        cursor.Advance(Keys(("a", 5), ("b", 5), ("c", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Advance(Keys(("d", 5), ("e", 6), ("f", 7)), recordCount: 3, limit: 3, totalPages: 10);

        cursor.Advance(Keys(("a", 5), ("b", 5), ("c", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Advance(Keys(("d", 5), ("e", 6), ("f", 7)), recordCount: 3, limit: 3, totalPages: 10);

        cursor.InTieGroup.ShouldBeFalse();
        cursor.Since.ShouldBe(At(6));
        cursor.Page.ShouldBe(1);
        cursor.IsDuplicate("e", At(6)).ShouldBeFalse();
        cursor.UnverifiedTieGroups.ShouldBe(0);
    }

    [Fact]
    public void A_pass_missing_an_id_of_the_previous_one_is_not_trusted_and_the_group_is_read_again()
    {
        var cursor = new ChangeFeedCursor(At(5), 3);
        cursor.Advance(Keys(("a", 5), ("b", 5), ("c", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Advance(Keys(("d", 5), ("e", 6), ("f", 7)), recordCount: 3, limit: 3, totalPages: 10);

        // "a" left the group during this pass (updated), so the pass may have skipped a member.
        cursor.Advance(Keys(("b", 5), ("c", 5), ("d", 5)), recordCount: 3, limit: 3, totalPages: 10);
        cursor.Advance(Keys(("e", 6), ("f", 7), ("a", 8)), recordCount: 3, limit: 3, totalPages: 10);

        cursor.InTieGroup.ShouldBeTrue();
        cursor.TiePass.ShouldBe(3);
        cursor.Page.ShouldBe(1);
    }

    [Fact]
    public void A_pass_bringing_a_new_id_is_not_trusted_either()
    {
        var cursor = new ChangeFeedCursor(At(5), 2);
        cursor.Advance(Keys(("a", 5), ("b", 5)), recordCount: 2, limit: 2, totalPages: 10);
        cursor.Advance(Keys(("d", 5), ("e", 6)), recordCount: 2, limit: 2, totalPages: 10);

        cursor.Advance(Keys(("a", 5), ("b", 5)), recordCount: 2, limit: 2, totalPages: 10);
        cursor.Advance(Keys(("c", 5), ("d", 5)), recordCount: 2, limit: 2, totalPages: 10);
        cursor.Advance(Keys(("e", 6)), recordCount: 1, limit: 2, totalPages: 3);

        cursor.InTieGroup.ShouldBeTrue();
        cursor.TiePass.ShouldBe(3);
    }

    [Fact]
    public void A_group_that_ends_the_list_ends_the_stream_once_confirmed()
    {
        var cursor = new ChangeFeedCursor(null, 2);
        cursor.Advance(Keys(("a", 5), ("b", 5)), recordCount: 2, limit: 2, totalPages: 2);
        cursor.Page.ShouldBe(2);
        cursor.Advance(Keys(("c", 5)), recordCount: 1, limit: 2, totalPages: 2);
        cursor.IsDone.ShouldBeFalse();

        cursor.Advance(Keys(("a", 5), ("b", 5)), recordCount: 2, limit: 2, totalPages: 2);
        cursor.Advance(Keys(("c", 5)), recordCount: 1, limit: 2, totalPages: 2);

        cursor.IsDone.ShouldBeTrue();
    }

    [Fact]
    public void A_group_never_confirmed_is_left_after_the_last_pass_and_counted()
    {
        var cursor = new ChangeFeedCursor(At(5), 2, maxTiePasses: 2);
        cursor.Advance(Keys(("a", 5), ("b", 5)), recordCount: 2, limit: 2, totalPages: 10);
        cursor.Advance(Keys(("c", 5), ("x", 6)), recordCount: 2, limit: 2, totalPages: 10);

        cursor.Advance(Keys(("b", 5), ("c", 5)), recordCount: 2, limit: 2, totalPages: 10);
        cursor.Advance(Keys(("x", 6), ("a", 9)), recordCount: 2, limit: 2, totalPages: 10);

        cursor.InTieGroup.ShouldBeFalse();
        cursor.UnverifiedTieGroups.ShouldBe(1);
        cursor.Since.ShouldBe(At(6));
    }

    [Fact]
    public void A_page_without_readable_keys_is_stepped_over()
    {
        var cursor = new ChangeFeedCursor(At(1), 2);

        cursor.Advance([], recordCount: 2, limit: 2, totalPages: 4);

        cursor.Since.ShouldBe(At(1));
        cursor.Page.ShouldBe(2);
    }

    [Fact]
    public void The_limit_the_remote_applied_decides_the_end_not_the_one_asked_for()
    {
        var cursor = new ChangeFeedCursor(null, 1000);

        cursor.Advance(Keys(("a", 1), ("b", 2)), recordCount: 2, limit: 2, totalPages: 3);

        cursor.IsDone.ShouldBeFalse();
        cursor.Since.ShouldBe(At(2));
    }

    [Fact]
    public void Simulated_feed_with_a_tie_larger_than_two_pages_yields_each_record_once()
    {
        // 7 records at T1 (ids t0..t6), then 3 later ones; pages of 3 served like the remote would.
        var records = Enumerable.Range(0, 7).Select(i => ($"t{i}", At(1)))
            .Concat([("u0", At(2)), ("u1", At(3)), ("u2", At(3))])
            .OrderBy(r => r.Item2).ThenBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
        var cursor = new ChangeFeedCursor(null, 3);
        var yielded = new List<string>();
        var requests = 0;

        while (!cursor.IsDone && requests++ < 50)
        {
            var matching = records.Where(r => cursor.Since is null || r.Item2 >= cursor.Since).ToList();
            var page = matching.Skip((cursor.Page - 1) * 3).Take(3).ToList();
            yielded.AddRange(page.Where(r => !cursor.IsDuplicate(r.Item1, r.Item2)).Select(r => r.Item1));
            cursor.Advance(page, page.Count, 3, (matching.Count + 2) / 3);
        }

        yielded.ShouldBe(records.Select(r => r.Item1), ignoreOrder: true);
        yielded.Count.ShouldBe(records.Count);
    }

    private static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    private static List<(string Id, DateTimeOffset UpdatedAt)> Keys(params (string Id, int Minutes)[] keys) =>
        [.. keys.Select(k => (k.Id, At(k.Minutes)))];
}

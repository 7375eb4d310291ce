using Microsoft.EntityFrameworkCore;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Caching;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Views;
using Ticketing.Infrastructure.Identity;
using Ticketing.Infrastructure.Views;

namespace Ticketing.IntegrationTests.Projects;

/// <summary>Saved views against real PostgreSQL: strictly personal, names unique per user.</summary>
public sealed class SavedViewRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly ApplicationUser _a = ProjectRepositoryTests.User("alice", "Alice");
    private readonly ApplicationUser _b = ProjectRepositoryTests.User("bob", "Bob");

    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("views", Ct);
        await using var db = _database.CreateDbContext();
        db.Users.AddRange(_a, _b);
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Another_user_can_neither_read_nor_rename_nor_delete_a_view()
    {
        await using var db = _database.CreateDbContext();
        var views = new SavedViewRepository(db, Substitute.For<ICacheInvalidator>());
        var alices = View(_a.Id, "Open VPN", "status=open&q=vpn");
        (await views.AddAsync(alices, Ct)).ShouldBe(SavedViewWrite.Done);

        (await views.FindAsync(_b.Id, alices.Id, Ct)).ShouldBeNull();
        (await views.ListAsync(_b.Id, Ct)).ShouldBeEmpty();
        (await views.RenameAsync(_b.Id, alices.Id, "Mine now", Now, Ct)).ShouldBe(SavedViewWrite.NotFound);
        (await views.DeleteAsync(_b.Id, alices.Id, Ct)).ShouldBeFalse();

        var stored = (await views.FindAsync(_a.Id, alices.Id, Ct)).ShouldNotBeNull();
        stored.Name.ShouldBe("Open VPN");
        stored.QueryString.ShouldBe("status=open&q=vpn");
        (await views.ListAsync(_a.Id, Ct)).ShouldHaveSingleItem().Id.ShouldBe(alices.Id);
    }

    [Fact]
    public async Task The_owner_renames_and_deletes_a_view()
    {
        await using var db = _database.CreateDbContext();
        var views = new SavedViewRepository(db, Substitute.For<ICacheInvalidator>());
        var view = View(_a.Id, "Open", "status=open");
        await views.AddAsync(view, Ct);

        (await views.RenameAsync(_a.Id, view.Id, "Open tickets", Now.AddHours(1), Ct)).ShouldBe(SavedViewWrite.Done);
        (await views.FindAsync(_a.Id, view.Id, Ct)).ShouldNotBeNull().Name.ShouldBe("Open tickets");

        (await views.DeleteAsync(_a.Id, view.Id, Ct)).ShouldBeTrue();
        (await views.FindAsync(_a.Id, view.Id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Names_are_unique_per_user_not_across_users()
    {
        await using var db = _database.CreateDbContext();
        var views = new SavedViewRepository(db, Substitute.For<ICacheInvalidator>());
        var first = View(_a.Id, "Critical", "priority=critical");
        var other = View(_a.Id, "High", "priority=high");
        await views.AddAsync(first, Ct);
        await views.AddAsync(other, Ct);

        (await views.AddAsync(View(_a.Id, "Critical", "priority=critical,urgent"), Ct)).ShouldBe(SavedViewWrite.NameTaken);
        (await views.RenameAsync(_a.Id, other.Id, "Critical", Now, Ct)).ShouldBe(SavedViewWrite.NameTaken);
        (await views.AddAsync(View(_b.Id, "Critical", "priority=critical"), Ct)).ShouldBe(SavedViewWrite.Done);

        // A refused name leaves nothing behind: the same context goes on saving.
        (await views.AddAsync(View(_a.Id, "Urgent", "priority=urgent"), Ct)).ShouldBe(SavedViewWrite.Done);
        await using var check = _database.CreateDbContext();
        (await check.SavedViews.Where(v => v.UserId == _a.Id).OrderBy(v => v.Name).Select(v => v.Name).ToListAsync(Ct))
            .ShouldBe(["Critical", "High", "Urgent"]);
    }

    private static SavedView View(string userId, string name, string query) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        Name = name,
        QueryString = query,
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}

using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Views;
using Ticketing.Application.Views.Commands.DeleteView;
using Ticketing.Application.Views.Commands.RenameView;
using Ticketing.Application.Views.Commands.SaveView;
using Ticketing.Application.Views.Queries.GetSavedView;
using Ticketing.Domain.Views;

namespace Ticketing.UnitTests.Projects;

public sealed class SavedViewTests
{
    private const string UserId = "user-a";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly ISavedViewRepository _views = Substitute.For<ISavedViewRepository>();
    private readonly ICurrentUser _user = Substitute.For<ICurrentUser>();
    private readonly FakeTimeProvider _clock = new(Now);

    public SavedViewTests() => _user.UserId.Returns(UserId);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("?", "")]
    [InlineData("?status=open&page=3", "status=open")]
    [InlineData("page=2&q=vpn%20drops&sort=due&dir=asc", "q=vpn%20drops&sort=due")]
    [InlineData("?PAGE=2&handler=Bulk&&priority=high,critical", "priority=high,critical")]
    [InlineData("pa%67e=2&pages=4", "")]
    [InlineData("sort=updated&dir=desc&size=25&q=&status=pending,open", "status=open,pending")]
    public void The_stored_query_string_has_no_page(string? query, string expected)
    {
        SavedViewQuery.Normalize(query).ShouldBe(expected);
    }

    [Fact]
    public async Task Saving_stores_the_view_for_the_signed_in_user_without_the_page()
    {
        _views.AddAsync(Arg.Any<SavedView>(), Arg.Any<CancellationToken>()).Returns(SavedViewWrite.Done);

        var saved = await new SaveViewHandler(_views, _user, _clock).Handle(new SaveViewCommand(" My open VPN ", "?status=open&q=vpn&page=4"), Ct);

        saved.Name.ShouldBe("My open VPN");
        saved.QueryString.ShouldBe("q=vpn&status=open");
        await _views.Received(1).AddAsync(
            Arg.Is<SavedView>(v => v.Id == saved.Id && v.UserId == UserId && v.Name == "My open VPN" && v.QueryString == "q=vpn&status=open" && v.CreatedAt == Now),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Saving_under_a_name_the_user_already_has_is_refused_with_a_message()
    {
        _views.AddAsync(Arg.Any<SavedView>(), Arg.Any<CancellationToken>()).Returns(SavedViewWrite.NameTaken);

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await new SaveViewHandler(_views, _user, _clock).Handle(new SaveViewCommand("Mine", "status=open"), Ct));

        ex.Errors["Name"].ShouldBe(["You already have a view named “Mine”. Choose another name."]);
    }

    [Fact]
    public async Task Renaming_to_a_name_the_user_already_has_is_refused_with_a_message()
    {
        var id = Guid.CreateVersion7();
        _views.RenameAsync(UserId, id, "Critical", Now, Arg.Any<CancellationToken>()).Returns(SavedViewWrite.NameTaken);

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await new RenameViewHandler(_views, _user, _clock).Handle(new RenameViewCommand(id, " Critical "), Ct));

        ex.Errors["Name"].ShouldBe(["You already have a view named “Critical”. Choose another name."]);
    }

    [Fact]
    public async Task Renaming_or_deleting_a_view_the_user_does_not_own_is_not_found()
    {
        var othersView = Guid.CreateVersion7();
        _views.RenameAsync(UserId, othersView, Arg.Any<string>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(SavedViewWrite.NotFound);
        _views.DeleteAsync(UserId, othersView, Arg.Any<CancellationToken>()).Returns(false);

        await Should.ThrowAsync<NotFoundException>(async () =>
            await new RenameViewHandler(_views, _user, _clock).Handle(new RenameViewCommand(othersView, "Mine now"), Ct));
        await Should.ThrowAsync<NotFoundException>(async () =>
            await new DeleteViewHandler(_views, _user).Handle(new DeleteViewCommand(othersView), Ct));
        await Should.ThrowAsync<NotFoundException>(async () =>
            await new GetSavedViewHandler(_views, _user).Handle(new GetSavedViewQuery(othersView), Ct));
    }

    [Fact]
    public async Task Renaming_a_view_of_ones_own_succeeds()
    {
        var id = Guid.CreateVersion7();
        _views.RenameAsync(UserId, id, "Renamed", Now, Arg.Any<CancellationToken>()).Returns(SavedViewWrite.Done);

        await new RenameViewHandler(_views, _user, _clock).Handle(new RenameViewCommand(id, "Renamed"), Ct);

        await _views.Received(1).RenameAsync(UserId, id, "Renamed", Now, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(null, "Enter a name for the view.")]
    [InlineData(" ", "Enter a name for the view.")]
    public async Task A_view_needs_a_name(string? name, string message)
    {
        var save = await new SaveViewValidator().ValidateAsync(new SaveViewCommand(name, "status=open"), Ct);
        var rename = await new RenameViewValidator().ValidateAsync(new RenameViewCommand(Guid.CreateVersion7(), name), Ct);

        save.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(message);
        rename.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(message);
    }

    [Fact]
    public async Task A_view_name_has_at_most_100_characters_and_its_query_at_most_2000()
    {
        static string Categories(int count) => string.Join("&", Enumerable.Range(0, count).Select(i => $"category=c{i:D2}{new string('x', 40)}"));
        var ok = await new SaveViewValidator().ValidateAsync(new SaveViewCommand(new string('n', 100), Categories(30)), Ct);
        var tooLong = await new SaveViewValidator().ValidateAsync(new SaveViewCommand(new string('n', 101), Categories(50)), Ct);

        ok.IsValid.ShouldBeTrue();
        tooLong.Errors.Select(e => e.PropertyName).ShouldBe(["Name", "QueryString"], ignoreOrder: true);
        tooLong.Errors.Single(e => e.PropertyName == "Name").ErrorMessage.ShouldBe("Use at most 100 characters.");
    }

    [Fact]
    public async Task A_query_string_with_control_characters_is_refused()
    {
        var result = await new SaveViewValidator().ValidateAsync(new SaveViewCommand("Forged", "status=open\r\nSet-Cookie: x=1"), Ct);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("These filters cannot be saved.");
    }
}

using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Admin;
using Ticketing.Application.Admin.Commands.CreateUser;
using Ticketing.Application.Admin.Commands.UpdateUser;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Users;

namespace Ticketing.UnitTests.Admin;

public sealed class UserValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private readonly IAdminUserDirectory _users = Substitute.For<IAdminUserDirectory>();
    private readonly ICurrentUser _currentUser = Substitute.For<ICurrentUser>();
    private readonly FakeTimeProvider _clock = new(Now);

    public UserValidatorTests() => _currentUser.UserId.Returns("me");

    [Fact]
    public async Task Refuses_to_demote_the_last_active_admin()
    {
        Given(Admin("other"), activeAdmins: 1);

        var result = await Validator().ValidateAsync(Update("other", role: Roles.Staff), TestContext.Current.CancellationToken);

        var failure = result.Errors.ShouldHaveSingleItem();
        failure.PropertyName.ShouldBe(nameof(UpdateUserCommand.Role));
        failure.ErrorMessage.ShouldBe(LastAdminRule.DemoteMessage);
    }

    [Fact]
    public async Task Refuses_to_lock_the_last_active_admin()
    {
        Given(Admin("other"), activeAdmins: 1);

        var result = await Validator().ValidateAsync(Update("other", locked: true), TestContext.Current.CancellationToken);

        var failure = result.Errors.ShouldHaveSingleItem();
        failure.PropertyName.ShouldBe(nameof(UpdateUserCommand.Locked));
        failure.ErrorMessage.ShouldBe(LastAdminRule.LockMessage);
    }

    [Fact]
    public async Task Allows_demoting_an_admin_while_another_can_sign_in()
    {
        Given(Admin("other"), activeAdmins: 2);

        var result = await Validator().ValidateAsync(Update("other", role: Roles.Staff), TestContext.Current.CancellationToken);

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Allows_any_change_to_a_locked_admin_who_does_not_count_as_active()
    {
        Given(Admin("other", lockedUntil: DateTimeOffset.MaxValue), activeAdmins: 1);

        var result = await Validator().ValidateAsync(Update("other", role: Roles.Staff, locked: true), TestContext.Current.CancellationToken);

        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Refuses_locking_your_own_account()
    {
        Given(Admin("me"), activeAdmins: 3);

        var result = await Validator().ValidateAsync(Update("me", locked: true), TestContext.Current.CancellationToken);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(UpdateUserValidator.SelfLockMessage);
    }

    [Fact]
    public async Task Refuses_an_unknown_role()
    {
        Given(Admin("other"), activeAdmins: 2);

        var result = await Validator().ValidateAsync(Update("other", role: "Root"), TestContext.Current.CancellationToken);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(UpdateUserCommand.Role));
    }

    [Fact]
    public void The_last_admin_rule_ignores_staff_and_changes_that_keep_an_admin()
    {
        var staff = Admin("s") with { Role = Roles.Staff };
        LastAdminRule.WouldRemoveLastAdmin(staff, Roles.Staff, newLocked: true, activeAdmins: 1, Now).ShouldBeFalse();
        LastAdminRule.WouldRemoveLastAdmin(Admin("a"), Roles.Admin, newLocked: false, activeAdmins: 1, Now).ShouldBeFalse();
        LastAdminRule.WouldRemoveLastAdmin(Admin("a"), Roles.Admin, newLocked: true, activeAdmins: 1, Now).ShouldBeTrue();
        // A lockout after failed sign-ins that has run out makes the admin active again.
        LastAdminRule.WouldRemoveLastAdmin(Admin("a", lockedUntil: Now.AddMinutes(-1)), Roles.Staff, false, 1, Now).ShouldBeTrue();
    }

    [Fact]
    public async Task Creating_a_user_needs_a_unique_address_a_name_a_role_and_a_long_enough_password()
    {
        _users.EmailExistsAsync("taken@example.org", Arg.Any<CancellationToken>()).Returns(true);
        var validator = new CreateUserValidator(_users);

        var taken = await validator.ValidateAsync(new CreateUserCommand("taken@example.org", "Taken", "Staff", "Long-Enough-1", null), TestContext.Current.CancellationToken);
        var weak = await validator.ValidateAsync(new CreateUserCommand("new@example.org", "", "Boss", "short", null), TestContext.Current.CancellationToken);
        var good = await validator.ValidateAsync(new CreateUserCommand("new@example.org", "New", "Admin", "Long-Enough-1", "agt_9"), TestContext.Current.CancellationToken);

        taken.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateUserCommand.Email));
        weak.Errors.Select(e => e.PropertyName).ShouldBe(
            [nameof(CreateUserCommand.DisplayName), nameof(CreateUserCommand.Role), nameof(CreateUserCommand.TemporaryPassword)],
            ignoreOrder: true);
        good.IsValid.ShouldBeTrue();
        new CreateUserCommand("a@b.org", "A", "Staff", "Long-Enough-1", null).ToString().ShouldNotContain("Long-Enough-1");
    }

    private UpdateUserValidator Validator() => new(_users, _currentUser, _clock);

    private void Given(AdminUser user, int activeAdmins)
    {
        _users.FindAsync(user.Id, Arg.Any<CancellationToken>()).Returns(user);
        _users.CountActiveAdminsAsync(Arg.Any<CancellationToken>()).Returns(activeAdmins);
    }

    private static AdminUser Admin(string id, DateTimeOffset? lockedUntil = null) =>
        new(id, $"{id}@example.org", id, Roles.Admin, lockedUntil, null, null, Now.AddDays(-10), false);

    private static UpdateUserCommand Update(string id, string role = Roles.Admin, bool locked = false) =>
        new(id, "Name", role, locked, null);
}

using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Commands.UpdateUser;
using Ticketing.Application.Admin.Queries.GetUsers;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>
/// Admin requests sent straight to the mediator, past the pages and their folder policy: the app's own
/// pipeline refuses them to anyone but a signed-in admin.
/// </summary>
public sealed class AdminAuthorizationTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync(new() { Purpose = "adminauthz" });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_staff_user_sending_an_admin_request_through_the_pipeline_is_refused_before_validation_and_changes_nothing()
    {
        var staffId = (await _app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", TestUser.Staff.Email!))!;
        var before = await _app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = $1", staffId);
        var auditBefore = await _app.ScalarAsync<long>("SELECT count(*) FROM audit_log");

        // One scope signed in as the staff user, with the claims the app's sign-in puts in the cookie.
        await _app.InScopeAsync(
            async services =>
            {
                var sender = services.GetRequiredService<ISender>();
                var user = services.GetRequiredService<ICurrentUser>();
                user.UserId.ShouldBe(staffId);
                user.IsAdmin.ShouldBeFalse();
                await Should.ThrowAsync<ForbiddenAccessException>(async () => await sender.Send(new GetUsersQuery(), Ct));

                // Invalid as well as forbidden: refused as forbidden, so a staff user learns nothing from validation.
                await Should.ThrowAsync<ForbiddenAccessException>(async () =>
                    await sender.Send(new UpdateUserCommand(staffId, "Promoted Myself", Role: null, Locked: false, RemoteAssigneeId: null), Ct));
            },
            TestUser.Staff);

        (await _app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = $1", staffId)).ShouldBe(before);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM audit_log")).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task An_admin_passes_the_same_pipeline()
    {
        var users = await _app.SendAsync(new GetUsersQuery(), TestUser.Admin);

        users.Select(u => u.Email).ShouldContain(TestUser.Staff.Email!);
    }

    [Fact]
    public async Task Background_work_may_not_send_an_admin_only_request()
    {
        // TestUser.System is a scope made by SystemScopes.CreateSystemScope, as a job's is.
        await _app.InScopeAsync(services =>
        {
            services.GetRequiredService<ICurrentUser>().IsSystem.ShouldBeTrue();
            return Task.CompletedTask;
        });

        await Should.ThrowAsync<ForbiddenAccessException>(() => _app.SendAsync(new GetUsersQuery(), TestUser.System));
    }

    [Fact]
    public async Task A_scope_with_no_user_at_all_is_refused_too()
    {
        // Neither a request nor marked as the system: a scope made without SystemScopes.
        await using var scope = _app.Services.CreateAsyncScope();

        await Should.ThrowAsync<ForbiddenAccessException>(async () =>
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetUsersQuery(), Ct));
    }
}

using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Admin.Commands.UpdateUser;
using Ticketing.Application.Admin.Queries.GetUsers;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Infrastructure.Identity;

namespace Ticketing.IntegrationTests.Admin;

/// <summary>
/// Admin requests sent straight to the mediator, past the pages and their folder policy: the app's own
/// pipeline refuses them to anyone but a signed-in admin.
/// </summary>
public sealed class AdminAuthorizationTests : IAsyncLifetime
{
    private AdminApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await AdminApp.StartAsync("adminauthz");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_staff_user_sending_an_admin_request_through_the_pipeline_is_refused_before_validation_and_changes_nothing()
    {
        var staffId = (await _app.ScalarAsync<string>("SELECT id FROM users WHERE email = $1", AdminApp.StaffEmail))!;
        var before = await _app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = $1", staffId);
        var auditBefore = await _app.ScalarAsync<long>("SELECT count(*) FROM audit_log");

        await using (var scope = await SignedInScopeAsync(AdminApp.StaffEmail))
        {
            var sender = scope.SignIn();
            var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();
            user.UserId.ShouldBe(staffId);
            user.IsAdmin.ShouldBeFalse();
            await Should.ThrowAsync<ForbiddenAccessException>(async () => await sender.Send(new GetUsersQuery(), Ct));

            // Invalid as well as forbidden: refused as forbidden, so a staff user learns nothing from validation.
            await Should.ThrowAsync<ForbiddenAccessException>(async () =>
                await sender.Send(new UpdateUserCommand(staffId, "Promoted Myself", Role: null, Locked: false, RemoteAssigneeId: null), Ct));
        }

        (await _app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = $1", staffId)).ShouldBe(before);
        (await _app.ScalarAsync<long>("SELECT count(*) FROM audit_log")).ShouldBe(auditBefore);
    }

    [Fact]
    public async Task An_admin_passes_the_same_pipeline()
    {
        await using var scope = await SignedInScopeAsync(AdminApp.AdminEmail);

        var users = await scope.SignIn().Send(new GetUsersQuery(), Ct);

        users.Select(u => u.Email).ShouldContain(AdminApp.StaffEmail);
    }

    [Fact]
    public async Task Background_work_may_not_send_an_admin_only_request()
    {
        await using var scope = _app.Services.CreateSystemScope();

        await Should.ThrowAsync<ForbiddenAccessException>(async () =>
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetUsersQuery(), Ct));
    }

    [Fact]
    public async Task A_scope_with_no_user_at_all_is_refused_too()
    {
        await using var scope = _app.Services.CreateAsyncScope();

        await Should.ThrowAsync<ForbiddenAccessException>(async () =>
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetUsersQuery(), Ct));
    }

    /// <summary>
    /// A scope whose current request is signed in as this user, with the claims the app's sign-in
    /// puts in the cookie (its own claims factory), as a page's scope would be.
    /// </summary>
    private async Task<SignedInScope> SignedInScopeAsync(string email)
    {
        var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(account);
        return new SignedInScope(scope, principal);
    }

    /// <summary>
    /// The request's context is set when the test uses the scope, not inside the async method that made
    /// it: the accessor keeps the context in an async local, which does not flow back to the caller.
    /// </summary>
    private sealed class SignedInScope(AsyncServiceScope scope, ClaimsPrincipal principal) : IAsyncDisposable
    {
        private readonly IHttpContextAccessor _accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();

        public IServiceProvider ServiceProvider => scope.ServiceProvider;

        /// <summary>Makes this user the current request's user in the caller's flow, and answers the scope's mediator.</summary>
        public ISender SignIn()
        {
            _accessor.HttpContext = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
            return scope.ServiceProvider.GetRequiredService<ISender>();
        }

        public async ValueTask DisposeAsync()
        {
            _accessor.HttpContext = null;
            await scope.DisposeAsync();
        }
    }
}

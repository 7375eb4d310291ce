using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Common.Security;
using Ticketing.Domain.Users;
using Ticketing.Web.Infrastructure;

namespace Ticketing.UnitTests.Web;

public sealed class CurrentUserTests
{
    [Fact]
    public async Task A_signed_in_admin_is_the_admin_and_not_the_system()
    {
        await using var services = Services(Principal(Roles.Admin));
        await using var scope = services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        user.UserId.ShouldBe("user-1");
        user.IsAdmin.ShouldBeTrue();
        user.IsSystem.ShouldBeFalse();
    }

    [Fact]
    public async Task A_scope_without_a_request_is_nobody_not_the_system()
    {
        await using var services = Services(principal: null);
        await using var scope = services.CreateAsyncScope();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        user.UserId.ShouldBeNull();
        user.IsAdmin.ShouldBeFalse();
        user.IsSystem.ShouldBeFalse();
    }

    [Fact]
    public async Task A_system_scope_never_acts_as_the_request_that_started_it()
    {
        // A manual sync runs on in the background on a flow that may still carry its admin's request.
        await using var services = Services(Principal(Roles.Admin));
        await using var scope = services.CreateSystemScope();
        var user = scope.ServiceProvider.GetRequiredService<ICurrentUser>();

        user.IsSystem.ShouldBeTrue();
        user.IsAdmin.ShouldBeFalse();
        user.UserId.ShouldBeNull();
    }

    private static ServiceProvider Services(ClaimsPrincipal? principal)
    {
        var accessor = new HttpContextAccessor { HttpContext = principal is null ? null : new DefaultHttpContext { User = principal } };
        return new ServiceCollection()
            .AddSingleton<IHttpContextAccessor>(accessor)
            .AddScoped<SystemActor>()
            .AddScoped<ICurrentUser, CurrentUser>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static ClaimsPrincipal Principal(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(ClaimTypes.Role, role)], "cookie"));
}

using Microsoft.AspNetCore.Authorization;
using Ticketing.Application;
using Ticketing.Application.Common.Behaviours;
using Ticketing.Infrastructure;
using Ticketing.Infrastructure.Identity;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web;

/// <summary>The composition root: services, authentication, pages and the request pipeline.</summary>
public static class TicketingWebApp
{
    public const string AdminPolicy = "Admin";

    public static WebApplication Build(string[] args, bool runStartupTasks = true)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;

        services.AddApplication();
        services.AddInfrastructure(builder.Configuration);
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Ticketing.Application.DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });

        if (runStartupTasks)
        {
            services.AddHostedService<StartupTasks>();
        }

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "ticketing.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services
            .AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
                options.Conventions.AllowAnonymousToPage("/Account/Login");
                options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                options.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddMvcOptions(options => options.Filters.Add<MediatorExceptionPageFilter>());

        var app = builder.Build();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();

        return app;
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;
using Ticketing.Application.Triage;
using Ticketing.Domain.Triage;
using Ticketing.E2ETests.Infrastructure;
using Ticketing.E2ETests.Pages;
using Ticketing.Simulator.Seeding;
using Ticketing.Simulator.Tickets;
using static Microsoft.Playwright.Assertions;

namespace Ticketing.E2ETests.Tests;

/// <summary>The create form's suggestions: shown while typing, applied only when pressed (by keyboard too), and what was done with them recorded.</summary>
public sealed class TriageSuggestionTests(E2EFixture e2e)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Suggestions_appear_as_the_title_is_typed_and_fill_a_field_only_when_pressed()
    {
        await ActivateModelsTrainedOnGeneratedTicketsAsync();
        try
        {
            await SuggestAndApplyAsync();
        }
        finally
        {
            // The app is shared: the other tests' forms stay as they were, without suggestions.
            await e2e.App.Database.ExecuteAsync("UPDATE triage_models SET is_active = false");
        }
    }

    private async Task SuggestAndApplyAsync()
    {
        var page = await e2e.SignedInPageAsync(TestUser.Staff);
        var form = new TicketCreatePage(page);
        await form.GotoAsync();

        await form.Title.FillAsync("VPN tunnel keeps dropping");
        await form.Description.FillAsync("The VPN client disconnects every few minutes and the network share is gone.");

        var suggested = page.GetByTestId("triage-suggestions").Locator("[data-triage-group=Category]");
        var network = suggested.GetByRole(AriaRole.Button).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^(✓ )?Network — \\d+ %$") });
        await Expect(network).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("triage-suggestions")).ToContainTextAsync("“vpn”");
        await Expect(form.Category).ToHaveValueAsync(string.Empty);
        await Expect(network).ToHaveAttributeAsync("aria-pressed", "false");
        await Screenshots.TakeAsync(page, "triage", "create-suggestions");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

        await network.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(form.Category).ToHaveValueAsync("Network");
        await Expect(network).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(network).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^✓ Network"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Category set to Network." })).ToBeAttachedAsync();
        await Screenshots.TakeAsync(page, "triage", "create-suggestion-applied");

        await form.Priority.SelectOptionAsync(new SelectOptionValue { Label = "Low" });
        await form.Submit.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("VPN tunnel keeps dropping");

        await using var db = e2e.App.Database.CreateDbContext();
        var feedback = await db.TriageFeedback.AsNoTracking().OrderByDescending(f => f.Id).Take(3).ToListAsync(Ct);
        var category = feedback.First(f => f.Target == TriageTarget.Category);
        category.ChosenValue.ShouldBe("Network");
        category.Accepted.ShouldBeTrue();
        category.TicketId.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_admin_page_shows_the_model_in_use_against_the_baselines_and_starts_a_training()
    {
        await ActivateModelsTrainedOnGeneratedTicketsAsync();
        try
        {
            // A ticket the assistant gave up on after every attempt to save its suggestion failed.
            var given = (await e2e.App.SeedAtRemoteAsync([$"Keyboard types twice {ListTickets.Token()}"]))[0];
            await e2e.App.Database.ExecuteAsync(
                "INSERT INTO triage_arrivals (ticket_id, attempts, failed_at, last_error) VALUES ($1, 6, now(), $2)",
                given.Id,
                "Championship IT answered GET with 503 Service Unavailable after 3 attempts.");

            var page = await e2e.SignedInPageAsync();
            await page.GotoAsync("/Admin/Triage");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Triage assistant", Level = 1 })).ToBeVisibleAsync();
            var failures = page.GetByRole(AriaRole.Table, new() { Name = "Tickets the assistant could not fill in" });
            var failed = failures.GetByRole(AriaRole.Row).Filter(new() { HasText = given.TicketNumber });
            await Expect(failed).ToContainTextAsync("503 Service Unavailable");
            await Expect(failed.GetByRole(AriaRole.Link, new() { Name = given.TicketNumber })).ToHaveAttributeAsync("href", $"/Tickets/Details/{given.Id}");
            var inUse = page.GetByRole(AriaRole.Table, new() { Name = "The active model of each target against the baselines on the hold-out" });
            await Expect(inUse.GetByRole(AriaRole.Rowheader, new() { Name = "Category" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("triage-history")).ToContainTextAsync("In use");
            await page.GetByText("Confusion matrix: category").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Network" }).First).ToBeVisibleAsync();
            await Screenshots.TakeAsync(page, "triage", "admin-triage");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();

            await page.GetByLabel("Category, from (%)").FillAsync("40");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(page.GetByText("Enter a confidence from 50 to 99 %", new() { Exact = false }).First).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { Name = "Train now" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Training started in the background" })).ToBeVisibleAsync();
        }
        finally
        {
            await e2e.App.Database.ExecuteAsync("UPDATE triage_models SET is_active = false");
            await e2e.App.Database.ExecuteAsync("DELETE FROM triage_arrivals WHERE failed_at IS NOT NULL");
        }
    }

    [Fact]
    public async Task The_ticket_page_questions_a_category_the_model_is_sure_is_wrong_and_changes_it_on_request()
    {
        await ActivateModelsTrainedOnGeneratedTicketsAsync();
        try
        {
            var ticket = (await e2e.App.SeedAtRemoteAsync([$"VPN drops every 5 minutes on remote VPN {ListTickets.Token()}"]))[0];
            ticket.Category.ShouldBe("Hardware");

            // The app picks up a newly activated model on its next check; the page is opened once it serves it.
            var query = new Ticketing.Application.Triage.Queries.SuggestTriage.SuggestTriageQuery(ticket.Title, ticket.Description, ticket.Department, 1);
            var suggested = await Eventually.WaitAsync<TriageTargetSuggestions?>(
                async () => (await e2e.App.SendAsync(query, TestUser.Staff)).For(TriageTarget.Category),
                category => category is not null,
                "the newly activated category model serves suggestions",
                TimeSpan.FromSeconds(40));
            suggested!.Suggestions[0].Value.ShouldBe("Network");
            suggested.Suggestions[0].Confidence.ShouldBeGreaterThanOrEqualTo(0.8, "the notice is for a model very sure of another category");

            var page = await e2e.SignedInPageAsync(TestUser.Staff);
            await page.GotoAsync($"/Tickets/Details/{ticket.Id}");

            var hint = page.GetByTestId("triage-category-hint");
            await Expect(hint).ToContainTextAsync(new System.Text.RegularExpressions.Regex("This looks like Network \\(\\d+ %\\): .*vpn"));
            await Screenshots.TakeAsync(page, "triage", "ticket-category-hint");
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync();
            e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Category.ShouldBe("Hardware", "nothing changes until the button is pressed");

            var change = hint.GetByRole(AriaRole.Button, new() { Name = "Change category to Network" });
            await change.FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Category set to Network" })).ToBeVisibleAsync();
            await Expect(hint).ToHaveCountAsync(0);
            await Screenshots.TakeAsync(page, "triage", "ticket-category-changed");
            e2e.App.Simulator.Store.Find(ticket.ExternalTicketId)!.Category.ShouldBe("Network");

            await using var db = e2e.App.Database.CreateDbContext();
            var feedback = await db.TriageFeedback.AsNoTracking().Where(f => f.TicketId == ticket.Id).ToListAsync(Ct);
            var accepted = feedback.ShouldHaveSingleItem();
            accepted.Target.ShouldBe(TriageTarget.Category);
            accepted.ChosenValue.ShouldBe("Network");
            accepted.Accepted.ShouldBeTrue();
        }
        finally
        {
            await e2e.App.Database.ExecuteAsync("UPDATE triage_models SET is_active = false");
        }
    }

    private Task ActivateModelsTrainedOnGeneratedTicketsAsync() => ActivateCategoryModelAsync(e2e);

    /// <summary>A category model trained on generated tickets, stored and put in use (the list's tests use it too).</summary>
    internal static async Task ActivateCategoryModelAsync(E2EFixture e2e)
    {
        var generated = new TicketSeeder(new TicketContent()).Generate(3_000, 22, DateTime.UtcNow).Sorted;
        var examples = generated
            .Where(t => t.Category is not null)
            .Select(t => new TriageExample(Guid.NewGuid(), t.Title, t.Description, t.Department, t.Category, t.Priority.ToWire(), t.CreatedAt))
            .ToList();
        var learner = e2e.App.Services.GetRequiredService<ITriageLearner>();
        var classifier = learner.Train(TriageTarget.Category, examples, 0);
        var keywords = KeywordRule.Learn(examples.Select(e => (e.Input.TextFor(TriageTarget.Department), e.Category!)));
        await e2e.App.InScopeAsync(services => services.GetRequiredService<ITriageModelStore>().StoreAsync(
            new TriageModel
            {
                RunId = Guid.NewGuid(),
                Target = TriageTarget.Category,
                TrainedAt = DateTimeOffset.UtcNow,
                TrainCount = examples.Count,
                Labels = [.. examples.Select(e => e.Category!).Distinct()],
                KeywordsJson = JsonSerializer.Serialize(keywords.Keywords),
                ModelBytes = classifier.Save(),
                Decision = "Stored by a test.",
            },
            activate: true,
            Ct));
    }
}

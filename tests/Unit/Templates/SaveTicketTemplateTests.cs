using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Shouldly;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Templates.Commands.SaveTicketTemplate;
using Ticketing.Domain.Templates;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Templates;

public sealed class SaveTicketTemplateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ITicketTemplateRepository _templates = Substitute.For<ITicketTemplateRepository>();
    private readonly IAuditLog _audit = Substitute.For<IAuditLog>();

    [Fact]
    public async Task A_template_needs_a_name_no_other_template_has()
    {
        _templates.NameTakenAsync("New laptop", null, Arg.Any<CancellationToken>()).Returns(true);
        var validator = new SaveTicketTemplateValidator(_templates);

        (await validator.ValidateAsync(new SaveTicketTemplateCommand { Name = "  " }, Ct)).Errors.Select(e => e.ErrorMessage).ShouldBe(["Enter a name."]);
        (await validator.ValidateAsync(new SaveTicketTemplateCommand { Name = " New laptop " }, Ct)).Errors.Select(e => e.ErrorMessage)
            .ShouldBe(["Another template already has this name."]);
    }

    [Fact]
    public async Task The_limits_are_the_create_forms()
    {
        var result = await new SaveTicketTemplateValidator(_templates).ValidateAsync(new SaveTicketTemplateCommand
        {
            Name = "Access",
            TitlePattern = new string('t', TicketTemplate.MaxTitlePatternLength + 1),
            Tags = string.Join(",", Enumerable.Range(1, 21).Select(i => $"t{i}")),
            CustomFields = "[]",
        }, Ct);

        result.Errors.Select(e => e.PropertyName).ShouldBe(["TitlePattern", "Tags", "CustomFields"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_new_template_is_stored_tidied_and_audited()
    {
        var now = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        TicketTemplate? stored = null;
        await _templates.AddAsync(Arg.Do<TicketTemplate>(t => stored = t), Arg.Any<CancellationToken>());
        var handler = new SaveTicketTemplateHandler(_templates, _audit, new FakeTimeProvider(now));

        var id = await handler.Handle(new SaveTicketTemplateCommand
        {
            Name = " New laptop ",
            TitlePattern = "Laptop for {user}",
            DescriptionSkeleton = "Start date:\nTeam:",
            Category = "  ",
            Priority = TicketPriority.Medium,
            Tags = "laptop, onboarding, laptop",
            CustomFields = "{ }",
        }, Ct);

        stored.ShouldNotBeNull();
        stored.Id.ShouldBe(id);
        (stored.Name, stored.Category, stored.CustomFieldsJson, stored.CreatedAt).ShouldBe(("New laptop", (string?)null, "{}", now));
        stored.Tags.ShouldBe(["laptop", "onboarding"]);
        await _audit.Received(1).WriteAsync(SaveTicketTemplateHandler.CreatedAction, "template", id.ToString(), Arg.Any<object>(), Arg.Any<CancellationToken>());
    }
}

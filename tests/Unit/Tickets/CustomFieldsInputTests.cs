using Shouldly;
using Ticketing.Application.Tickets.Commands;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

public sealed class CustomFieldsInputTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("{\"asset_tag\": \"LT-2231\", \"on_site\": true, \"device\": {\"ram_gb\": 16}}")]
    public void Empty_text_or_a_json_object_is_accepted(string? text)
    {
        CustomFieldsInput.Problem(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"a\": ", "not valid JSON")]
    [InlineData("{\"a\": \"\\u0000\"}", "NUL")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        CustomFieldsInput.Problem(text).ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Json_types_survive_and_an_empty_object_means_none()
    {
        CustomFieldsInput.Normalize("{\"n\": 1.50, \"b\": false}").ShouldBe("{\"n\": 1.50, \"b\": false}");
        CustomFieldsInput.Normalize("{ }").ShouldBeNull();
        CustomFieldsInput.ForForm("{}").ShouldBe("");
        CustomFieldsInput.ForForm("{\"site\":\"Lisboa – São Bento\"}").ShouldContain("Lisboa – São Bento");
    }

    [Fact]
    public async Task The_create_form_refuses_custom_fields_that_are_not_an_object()
    {
        var result = await new CreateTicketValidator(TimeProvider.System).ValidateAsync(new CreateTicketCommand
        {
            IdempotencyKey = Guid.NewGuid(),
            Title = "New laptop",
            Priority = TicketPriority.Medium,
            CustomFields = "\"LT-2231\"",
        }, TestContext.Current.CancellationToken);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.CustomFields));
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;
using Shouldly;
using Ticketing.Web.Pages.Shared;

namespace Ticketing.UnitTests.Web;

public sealed class FormErrorsTests
{
    private static ModelStateDictionary State()
    {
        var state = new ModelStateDictionary();
        state.AddModelError("Input.Tags", "Too many tags.");
        state.AddModelError("Input.Title", "Enter a title.");
        state.AddModelError(string.Empty, "Championship IT refused the ticket.");
        state.AddModelError("Input.Unknown", "Something else.");
        return state;
    }

    [Fact]
    public void A_form_whose_fields_show_their_own_errors_lists_only_the_forms_own()
    {
        FormErrors.FormOnly.Errors(State()).ShouldBe([(string.Empty, "Championship IT refused the ticket.")]);
    }

    [Fact]
    public void A_summary_lists_the_forms_errors_first_then_the_fields_in_page_order_then_the_rest()
    {
        var summary = FormErrors.Summary("Input.Title", "Input.Tags");

        summary.Errors(State()).Select(e => e.Message).ShouldBe(
            ["Championship IT refused the ticket.", "Enter a title.", "Too many tags.", "Something else."]);
        summary.Links("Input.Title").ShouldBeTrue();
        summary.Links("Input.Unknown").ShouldBeFalse();
        summary.Links(string.Empty).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Input.Title", "Input_Title")]
    [InlineData("Input.CustomFields[0].Key", "Input_CustomFields_0__Key")]
    public void Links_to_the_id_asp_for_gives_the_control(string key, string id) =>
        FormErrors.ControlId(key).ShouldBe(id);
}

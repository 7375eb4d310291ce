using NSubstitute;
using Shouldly;
using Ticketing.Application.Tickets.Commands.BulkUpdateTickets;
using Ticketing.Application.Tickets.Commands.CreateTicket;
using Ticketing.Application.Tickets.Commands.UpdateTicket;
using Ticketing.Domain.Tickets;

namespace Ticketing.UnitTests.Tickets;

public sealed class TicketWriteValidatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CreateTicketCommand ValidCreate = new()
    {
        IdempotencyKey = Guid.NewGuid(),
        Title = "Printer on fire",
        Priority = TicketPriority.High,
        DueDate = TicketWriteFakes.Now.AddDays(2),
        Tags = "printer, fire",
    };

    private readonly TicketWriteFakes _fakes = new();

    [Fact]
    public async Task A_complete_create_form_is_valid()
    {
        var result = await new CreateTicketValidator(_fakes.Clock).ValidateAsync(ValidCreate, Ct);

        result.IsValid.ShouldBeTrue(string.Join(" ", result.Errors));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Create_without_a_title_asks_for_one(string? title)
    {
        var result = await new CreateTicketValidator(_fakes.Clock).ValidateAsync(ValidCreate with { Title = title }, Ct);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.Title));
        result.Errors[0].ErrorMessage.ShouldBe("Enter a title.");
    }

    [Fact]
    public async Task Create_with_a_201_character_title_is_rejected_and_200_is_fine()
    {
        var validator = new CreateTicketValidator(_fakes.Clock);

        var tooLong = await validator.ValidateAsync(ValidCreate with { Title = new string('x', 201) }, Ct);
        var longest = await validator.ValidateAsync(ValidCreate with { Title = new string('x', 200) }, Ct);

        tooLong.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("The title can be at most 200 characters.");
        longest.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Create_without_a_priority_asks_for_one()
    {
        var result = await new CreateTicketValidator(_fakes.Clock).ValidateAsync(ValidCreate with { Priority = null }, Ct);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.Priority));
        result.Errors[0].ErrorMessage.ShouldBe("Choose a priority.");
    }

    [Fact]
    public async Task Create_with_an_undefined_priority_is_rejected()
    {
        var result = await new CreateTicketValidator(_fakes.Clock).ValidateAsync(ValidCreate with { Priority = (TicketPriority)42 }, Ct);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.Priority));
    }

    [Fact]
    public async Task Create_with_a_due_date_in_the_past_is_rejected()
    {
        var result = await new CreateTicketValidator(_fakes.Clock).ValidateAsync(ValidCreate with { DueDate = TicketWriteFakes.Now.AddHours(-3) }, Ct);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.DueDate));
        result.Errors[0].ErrorMessage.ShouldBe("The due date cannot be in the past.");
    }

    [Fact]
    public async Task Create_limits_tags_and_the_description()
    {
        var validator = new CreateTicketValidator(_fakes.Clock);

        var manyTags = await validator.ValidateAsync(ValidCreate with { Tags = string.Join(",", Enumerable.Range(1, 21).Select(i => $"t{i}")) }, Ct);
        var longTag = await validator.ValidateAsync(ValidCreate with { Tags = "ok, " + new string('t', 51) }, Ct);
        var longDescription = await validator.ValidateAsync(ValidCreate with { Description = new string('é', 40_000) }, Ct);

        manyTags.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Enter at most 20 tags.");
        longTag.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Each tag can be at most 50 characters.");
        longDescription.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(nameof(CreateTicketCommand.Description), "40,000 two-byte characters are 80 KB");
    }

    [Fact]
    public void Tags_are_split_on_commas_trimmed_and_kept_once()
    {
        CreateTicketCommand.ParseTags(" vpn, remote,,vpn , ").ShouldBe(["vpn", "remote"]);
        CreateTicketCommand.ParseTags("   ").ShouldBeEmpty();
    }

    [Fact]
    public async Task Update_that_changes_nothing_says_so()
    {
        var cached = TicketWriteFakes.Ticket();
        cached.DueDate = TicketWriteFakes.Now.AddDays(1).AddSeconds(42.5);
        _fakes.Tickets.FindAsync(cached.Id, Arg.Any<CancellationToken>()).Returns(cached);
        var validator = new UpdateTicketValidator(_fakes.Tickets);

        // The form edits to the minute: a due date with seconds, left alone, is no change.
        var unchanged = UpdateTicketCommand.For(cached) with { DueDate = TicketWriteFakes.Now.AddDays(1), Category = " Network " };
        var result = await validator.ValidateAsync(unchanged, Ct);
        var changed = await validator.ValidateAsync(UpdateTicketCommand.For(cached) with { Status = TicketStatus.Resolved }, Ct);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(UpdateTicketValidator.NothingChangedMessage);
        result.Errors[0].PropertyName.ShouldBeEmpty();
        changed.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Update_rejects_undefined_values()
    {
        var cached = TicketWriteFakes.Ticket();
        _fakes.Tickets.FindAsync(cached.Id, Arg.Any<CancellationToken>()).Returns(cached);

        var result = await new UpdateTicketValidator(_fakes.Tickets).ValidateAsync(
            UpdateTicketCommand.For(cached) with { Status = (TicketStatus)99, Category = new string('c', 201) }, Ct);

        result.Errors.Select(e => e.PropertyName).ShouldBe([nameof(UpdateTicketCommand.Status), nameof(UpdateTicketCommand.Category)], ignoreOrder: true);
    }

    [Fact]
    public async Task Bulk_needs_a_selection()
    {
        var result = await new BulkUpdateTicketsValidator().ValidateAsync(new BulkUpdateTicketsCommand { Priority = TicketPriority.High }, Ct);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(BulkUpdateTicketsValidator.NothingSelectedMessage);
        result.Errors[0].PropertyName.ShouldBe(nameof(BulkUpdateTicketsCommand.TicketIds));
    }

    [Fact]
    public async Task Bulk_takes_at_most_100_tickets()
    {
        var validator = new BulkUpdateTicketsValidator();
        var ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()).ToArray();

        var tooMany = await validator.ValidateAsync(new BulkUpdateTicketsCommand { TicketIds = ids, Priority = TicketPriority.High }, Ct);
        var hundred = await validator.ValidateAsync(new BulkUpdateTicketsCommand { TicketIds = ids[..100], Priority = TicketPriority.High }, Ct);

        tooMany.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe("Select at most 100 tickets at a time (you selected 101).");
        hundred.IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task Bulk_needs_something_to_change()
    {
        var result = await new BulkUpdateTicketsValidator().ValidateAsync(new BulkUpdateTicketsCommand { TicketIds = [Guid.NewGuid()] }, Ct);

        result.Errors.ShouldHaveSingleItem().ErrorMessage.ShouldBe(BulkUpdateTicketsValidator.NoChangeMessage);
    }
}

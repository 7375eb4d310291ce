using FluentValidation;
using Mediator;
using Shouldly;
using Ticketing.Application.Common.Behaviours;
using ValidationException = Ticketing.Application.Common.Exceptions.ValidationException;

namespace Ticketing.UnitTests.Application;

public sealed class ValidationBehaviourTests
{
    public sealed record RenameThing(string Name, int Size) : ICommand<string>;

    private sealed class RenameThingValidator : AbstractValidator<RenameThing>
    {
        public RenameThingValidator()
        {
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter a name.").MaximumLength(5).WithMessage("At most 5 characters.");
            RuleFor(c => c.Size).InclusiveBetween(1, 10).WithMessage("Size is 1 to 10.");
        }
    }

    private sealed class SizeIsEvenValidator : AbstractValidator<RenameThing>
    {
        public SizeIsEvenValidator() => RuleFor(c => c.Size).Must(s => s % 2 == 0).WithMessage("Size must be even.");
    }

    [Fact]
    public async Task Invalid_request_never_reaches_the_handler_and_reports_every_field()
    {
        var behaviour = new ValidationBehaviour<RenameThing, string>([new RenameThingValidator(), new SizeIsEvenValidator()]);
        var handlerCalls = 0;

        var ex = await Should.ThrowAsync<ValidationException>(async () =>
            await behaviour.Handle(new RenameThing("", 11), (_, _) => { handlerCalls++; return ValueTask.FromResult("done"); }, CancellationToken.None));

        handlerCalls.ShouldBe(0);
        ex.Errors.Keys.ShouldBe(["Name", "Size"], ignoreOrder: true);
        ex.Errors["Name"].ShouldBe(["Enter a name."]);
        ex.Errors["Size"].ShouldBe(["Size is 1 to 10.", "Size must be even."], ignoreOrder: true);
    }

    [Fact]
    public async Task Valid_request_reaches_the_handler_and_returns_its_answer()
    {
        var behaviour = new ValidationBehaviour<RenameThing, string>([new RenameThingValidator(), new SizeIsEvenValidator()]);

        var answer = await behaviour.Handle(new RenameThing("ok", 4), (m, _) => ValueTask.FromResult($"renamed to {m.Name}"), CancellationToken.None);

        answer.ShouldBe("renamed to ok");
    }

    [Fact]
    public async Task Request_without_validators_passes_through()
    {
        var behaviour = new ValidationBehaviour<RenameThing, string>([]);

        var answer = await behaviour.Handle(new RenameThing("", -1), (_, _) => ValueTask.FromResult("handled"), CancellationToken.None);

        answer.ShouldBe("handled");
    }
}

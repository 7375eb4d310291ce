using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Phi;
using Ticketing.Domain.Phi;

namespace Ticketing.Application.Admin.Phi.Commands.AddPhiRule;

/// <summary>
/// Adds a PHI classification rule; every ticket is re-classified in the background (new writes are
/// classified with it at once). <see cref="Field"/> is the custom field's name for <see cref="PhiRuleKind.CustomField"/>.
/// </summary>
public sealed record AddPhiRuleCommand(string? Name, PhiRuleKind Kind, string? Field, string? Value) : ICommand<long>, IAdminRequest
{
    public const int MaxNameLength = 100;
    public const int MaxValueLength = 200;
}

public sealed class AddPhiRuleValidator : AbstractValidator<AddPhiRuleCommand>
{
    /// <summary>
    /// How long .NET may spend on the sample texts a pattern is tried against before it is refused as too costly.
    /// A linear pattern takes a few milliseconds on an idle machine; the budget is wide because a busy machine
    /// (the engine built on first use, two cores shared) once took over 250 ms for a plain one and refused it.
    /// </summary>
    public static readonly TimeSpan PatternBudget = TimeSpan.FromSeconds(2);

    public AddPhiRuleValidator(IPhiRuleStore rules)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("Name the rule.")
            .MaximumLength(AddPhiRuleCommand.MaxNameLength).WithMessage($"The name must be at most {AddPhiRuleCommand.MaxNameLength} characters.");
        RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what the rule looks at.");
        RuleFor(c => c.Value).NotEmpty().WithMessage("Enter the value or pattern to match.")
            .MaximumLength(AddPhiRuleCommand.MaxValueLength).WithMessage($"The value must be at most {AddPhiRuleCommand.MaxValueLength} characters.");
        RuleFor(c => c.Field).NotEmpty().When(c => c.Kind == PhiRuleKind.CustomField).WithMessage("Enter the custom field's name.")
            .MaximumLength(AddPhiRuleCommand.MaxNameLength).WithMessage($"The field name must be at most {AddPhiRuleCommand.MaxNameLength} characters.");
        RuleFor(c => c.Field).Empty().When(c => c.Kind != PhiRuleKind.CustomField).WithMessage("Only a custom field rule names a field.");
        RuleFor(c => c.Value).Must(BeLinearPattern!).When(c => c.Kind == PhiRuleKind.Pattern && !string.IsNullOrEmpty(c.Value))
            .WithMessage("Use a pattern without back-references or look-arounds (they can make matching slow).");
        RuleFor(c => c.Value).CustomAsync(async (value, context, ct) =>
        {
            if (context.InstanceToValidate.Kind == PhiRuleKind.Pattern && !string.IsNullOrEmpty(value) && await rules.CheckPatternAsync(value, ct) is { } problem)
            {
                context.AddFailure(nameof(AddPhiRuleCommand.Value), $"The database cannot use this pattern: {problem}");
            }
        });
    }

    /// <summary>
    /// Rules run inside every write of the mirror, so a pattern must match in time linear in the text:
    /// .NET's non-backtracking engine refuses the constructs that could backtrack (back-references,
    /// look-arounds, atomic groups), and a trial on long sample texts must finish within the budget.
    /// </summary>
    public static bool BeLinearPattern(string pattern)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternBudget);
            foreach (var sample in Samples)
            {
                regex.IsMatch(sample);
            }

            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static readonly string[] Samples = [new string('a', 20_000), string.Concat(Enumerable.Repeat("MRN 1234567 born 01/02/1980 ", 800))];
}

public sealed class AddPhiRuleHandler(IPhiRuleStore rules, IAuditLog audit) : ICommandHandler<AddPhiRuleCommand, long>
{
    public async ValueTask<long> Handle(AddPhiRuleCommand command, CancellationToken cancellationToken)
    {
        var name = command.Name!.Trim();
        var field = command.Kind == PhiRuleKind.CustomField ? command.Field!.Trim() : null;
        var id = await rules.AddAsync(name, command.Kind, field, command.Value!, cancellationToken);
        await audit.WriteAsync(PhiAuditActions.RuleAdded, "phi_rule", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { name, kind = command.Kind.ToString(), field, value = command.Value }, cancellationToken);
        return id;
    }
}

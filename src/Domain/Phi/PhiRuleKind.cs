namespace Ticketing.Domain.Phi;

/// <summary>What a PHI classification rule looks at (stored by its wire name, e.g. <c>custom_field</c>).</summary>
public enum PhiRuleKind
{
    /// <summary>The ticket's category equals the value (ignoring case).</summary>
    Category,

    /// <summary>The ticket's department equals the value (ignoring case).</summary>
    Department,

    /// <summary>One of the ticket's tags equals the value (ignoring case).</summary>
    Tag,

    /// <summary>The custom field named by the rule's field holds the value (ignoring case).</summary>
    CustomField,

    /// <summary>The title or the description matches the value, a regular expression (ignoring case).</summary>
    Pattern,
}

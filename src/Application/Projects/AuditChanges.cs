namespace Ticketing.Application.Projects;

/// <summary>The fields an edit changed, as <c>{ "field": { "old": …, "new": … } }</c> for the audit log.</summary>
internal sealed class AuditChanges
{
    private readonly Dictionary<string, object?> _changes = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, object?> Values => _changes;

    public AuditChanges Add<T>(string field, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            _changes[field] = new { old = before, @new = after };
        }

        return this;
    }
}

namespace Ticketing.Application.Remote;

/// <summary>
/// A value that may be absent, unlike null: a PATCH field is either not sent (<c>default</c>)
/// or sent with a value, and that value may be null ("clear it").
/// </summary>
public readonly record struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        HasValue = true;
    }

    public bool HasValue { get; }

    public T Value => HasValue ? _value : throw new InvalidOperationException("The optional value is not set.");

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => HasValue ? $"{_value}" : "(not set)";
}

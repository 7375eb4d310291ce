using FluentValidation.Results;

namespace Ticketing.Application.Common.Exceptions;

/// <summary>
/// A request failed validation. <see cref="Errors"/> maps a property name of the request
/// (as the page binds it, e.g. <c>Title</c>) to its messages.
/// </summary>
public sealed class ValidationException : Exception
{
    public ValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public ValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more validation failures have occurred.")
    {
        Errors = errors;
    }

    public ValidationException(IEnumerable<ValidationFailure> failures)
        : this(failures
            .GroupBy(f => f.PropertyName, f => f.ErrorMessage)
            .ToDictionary(g => g.Key, g => g.Distinct().ToArray()))
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

using System.Globalization;
using FluentValidation;
using Mediator;
using Ticketing.Application.Common.Exceptions;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Sla;

namespace Ticketing.Application.Sla.Commands.SaveSlaCalendar;

/// <summary>One weekday of the calendar form: open or closed, and the local hours as <c>HH:mm</c> (end may be 24:00).</summary>
public sealed record DayHoursInput
{
    public bool Open { get; init; }

    public string? Start { get; init; }

    public string? End { get; init; }

    /// <summary>Minutes after midnight for <c>HH:mm</c> (00:00–24:00); null when it is not such a time.</summary>
    public static int? Minutes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            && minutes is >= 0 and < 60 && (hours * 60) + minutes <= 24 * 60
                ? (hours * 60) + minutes
                : null;
    }

    public static string Text(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}

/// <summary>
/// Creates a business-hours calendar (<see cref="Id"/> null) or changes one (admins only): a name, an
/// IANA time zone, the hours of each weekday (<see cref="Days"/>, index 0 = Sunday) and the holidays,
/// typed or imported (<see cref="HolidayList"/>: dates per line, CSV or iCalendar). Changing a calendar a
/// policy uses queues a recompute of every ticket's SLA. Returns the calendar's id.
/// </summary>
public sealed record SaveSlaCalendarCommand : ICommand<Guid>, IAdminRequest
{
    public Guid? Id { get; init; }

    public string? Name { get; init; }

    public string? TimeZoneId { get; init; }

    public List<DayHoursInput> Days { get; init; } = [];

    public string? Holidays { get; init; }

    /// <summary>The text of an imported file, added to <see cref="Holidays"/>.</summary>
    public string? ImportedHolidays { get; init; }

    public static SaveSlaCalendarCommand For(SlaCalendar calendar) => new()
    {
        Id = calendar.Id,
        Name = calendar.Name,
        TimeZoneId = calendar.TimeZoneId,
        Days = [.. Enumerable.Range(0, 7).Select(d => calendar.DayStartMinutes.ElementAtOrDefault(d) is { } start && calendar.DayEndMinutes.ElementAtOrDefault(d) is { } end
            ? new DayHoursInput { Open = true, Start = DayHoursInput.Text(start), End = DayHoursInput.Text(end) }
            : new DayHoursInput { Open = false, Start = "09:00", End = "17:00" })],
        Holidays = string.Join('\n', calendar.Holidays.Select(h => h.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
    };

    /// <summary>A new calendar's form: Monday to Friday, 09:00–17:00.</summary>
    public static SaveSlaCalendarCommand Blank(string timeZoneId) => new()
    {
        TimeZoneId = timeZoneId,
        Days = [.. Enumerable.Range(0, 7).Select(d => new DayHoursInput { Open = d is >= 1 and <= 5, Start = "09:00", End = "17:00" })],
    };
}

public sealed class SaveSlaCalendarValidator : AbstractValidator<SaveSlaCalendarCommand>
{
    public SaveSlaCalendarValidator(ISlaRepository sla)
    {
        RuleFor(c => c.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter a name.")
            .Must(n => n is null || n.Trim().Length <= SlaCalendar.MaxNameLength).WithMessage($"The name can be at most {SlaCalendar.MaxNameLength} characters.")
            .MustAsync(async (command, name, ct) => string.IsNullOrWhiteSpace(name) || !await sla.CalendarNameTakenAsync(name.Trim(), command.Id, ct))
            .WithMessage("Another calendar already has this name.");
        RuleFor(c => c.TimeZoneId)
            .Must(z => !string.IsNullOrWhiteSpace(z) && TimeZoneInfo.TryFindSystemTimeZoneById(z.Trim(), out _))
            .WithMessage("Choose a time zone such as Europe/Berlin.");
        RuleFor(c => c.Days).Must(d => d.Count == 7).WithMessage("Give the hours of all seven days.")
            .Must(d => d.Any(day => day.Open)).WithMessage("Open at least one day of the week.");
        RuleForEach(c => c.Days)
            .Must(d => !d.Open || (DayHoursInput.Minutes(d.Start) is { } s && DayHoursInput.Minutes(d.End) is { } e && s < e))
            .WithMessage("An open day needs a start before its end, as HH:mm (the end may be 24:00).");
        RuleFor(c => c.Holidays).Must(h => HolidayList.Parse(h).Problems.Count == 0)
            .WithMessage((_, h) => string.Join(" ", HolidayList.Parse(h).Problems.Take(3)));
        RuleFor(c => c.ImportedHolidays).Must(h => HolidayList.Parse(h).Problems.Count == 0)
            .WithMessage((_, h) => "The imported file: " + string.Join(" ", HolidayList.Parse(h).Problems.Take(3)));
    }
}

public sealed class SaveSlaCalendarHandler(ISlaRepository sla, IAuditLog audit, TimeProvider clock) : ICommandHandler<SaveSlaCalendarCommand, Guid>
{
    public const string CreatedAction = "sla_calendar.create";
    public const string UpdatedAction = "sla_calendar.update";

    public async ValueTask<Guid> Handle(SaveSlaCalendarCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var calendar = command.Id is { } id
            ? await sla.FindCalendarAsync(id, cancellationToken) ?? throw new NotFoundException("calendar", id)
            : new SlaCalendar { Id = Guid.CreateVersion7(), Name = "", TimeZoneId = "UTC", CreatedAt = now };

        calendar.Name = command.Name!.Trim();
        calendar.TimeZoneId = command.TimeZoneId!.Trim();
        calendar.DayStartMinutes = [.. command.Days.Select(d => d.Open ? DayHoursInput.Minutes(d.Start) : null)];
        calendar.DayEndMinutes = [.. command.Days.Select(d => d.Open ? DayHoursInput.Minutes(d.End) : null)];
        calendar.Holidays = [.. HolidayList.Parse(command.Holidays).Dates.Union(HolidayList.Parse(command.ImportedHolidays).Dates).Order()];
        calendar.UpdatedAt = now;

        await sla.SaveCalendarAsync(calendar, command.Id is null, cancellationToken);
        await audit.WriteAsync(
            command.Id is null ? CreatedAction : UpdatedAction,
            "sla_calendar",
            calendar.Id.ToString(),
            new { name = calendar.Name, time_zone = calendar.TimeZoneId, holidays = calendar.Holidays.Length },
            cancellationToken);
        return calendar.Id;
    }
}

using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ticketing.Application.Analytics;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Application.Analytics.Queries.GetAnalyticsPdf;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Application.Tickets;
using Ticketing.Application.Tickets.Queries.GetTicketLookups;
using Ticketing.Domain.Common;
using Ticketing.Domain.Tickets;
using Ticketing.Web.Infrastructure;
using Ticketing.Web.Pages.Tickets;

namespace Ticketing.Web.Pages.Analytics;

/// <summary>
/// The analytics page: a period (the last 7, 30, 90 or 365 days, or from–to) in the viewer's time
/// zone, filters that narrow every figure, and each figure as a chart, a table and a CSV. All of it is
/// in the address (a plain GET form), so a view can be bookmarked and sent.
/// </summary>
public sealed class IndexModel(ISender sender, UserTime userTime) : PageModel
{
    public static readonly IReadOnlyList<int> Presets = [7, 30, 90, 365];

    private static readonly CsvConfiguration CsvConfiguration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    [BindProperty(SupportsGet = true, Name = "period")]
    public string? Period { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string[] Categories { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "department")]
    public string[] Departments { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "priority")]
    public string[] Priorities { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "assignee")]
    public string[] Assignees { get; set; } = [];

    /// <summary>Reads the rollups instead of the cache (the benchmark runner's uncached view).</summary>
    [BindProperty(SupportsGet = true, Name = "fresh")]
    public bool Fresh { get; set; }

    [BindProperty(SupportsGet = true, Name = "policy")]
    public string[] Policies { get; set; } = [];

    public AnalyticsReport Report { get; private set; } = null!;

    public IReadOnlyList<FigureTable> Tables { get; private set; } = [];

    public TicketLookups Lookups { get; private set; } = null!;

    public AnalyticsFilter Filter { get; private set; } = AnalyticsFilter.None;

    public string? Note { get; private set; }

    /// <summary>The chosen preset's days, or null for a custom range.</summary>
    public int? PresetDays { get; private set; }

    public string ZoneName => Report.Scope.Zone;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(string? chart, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var table = Tables.FirstOrDefault(t => t.Key == chart);
        if (table is null)
        {
            return NotFound();
        }

        var period = Report.Scope.Period;
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition =
            $"attachment; filename=\"analytics-{table.Key}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, CsvConfiguration);
        foreach (var column in table.Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell.Number is { } n ? n.ToString("0.###", CultureInfo.InvariantCulture) : cell.Text == "—" ? "" : cell.Text);
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
        return new EmptyResult();
    }

    /// <summary>This view as a PDF report, on A4 or (<c>paper=letter</c>) Letter paper.</summary>
    public async Task<IActionResult> OnGetPdfAsync(string? paper, CancellationToken cancellationToken)
    {
        var query = await PrepareAsync(cancellationToken);
        // The figures (cached) name the chosen policies in the filter text.
        Report = await sender.Send(query, cancellationToken);
        var size = string.Equals(paper, "letter", StringComparison.OrdinalIgnoreCase) ? PaperSize.Letter : PaperSize.A4;
        var pdf = await sender.Send(new GetAnalyticsPdfQuery(query, FilterText(), size), cancellationToken);
        return File(pdf, "application/pdf", $"analytics-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.pdf");
    }

    /// <summary>The filters in words, as the report names them.</summary>
    public string FilterText()
    {
        var parts = new List<string>();
        if (Filter.Categories.Count > 0)
        {
            parts.Add("category " + string.Join(", ", Filter.Categories));
        }

        if (Filter.Departments.Count > 0)
        {
            parts.Add("department " + string.Join(", ", Filter.Departments));
        }

        if (Filter.Priorities.Count > 0)
        {
            parts.Add("priority " + string.Join(", ", Filter.Priorities.Select(p => p.ToString())));
        }

        if (Filter.Assignees.Count > 0)
        {
            parts.Add("assignee " + string.Join(", ", Filter.Assignees.Select(id => Lookups.Assignees.FirstOrDefault(a => a.AssigneeId == id)?.Name ?? id)));
        }

        if (Filter.Policies.Count > 0)
        {
            parts.Add("SLA policy " + string.Join(", ", Filter.Policies.Select(id => Report.Figures.Policies.FirstOrDefault(p => p.Id == id)?.Name ?? "a removed policy")));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The list's address for a cell's tickets.</summary>
    public static string ListUrl(TicketFilter filter) => TicketListParameters.Default.WithFilter(filter);

    /// <summary>This view's address with another handler (the CSV of one chart), every choice kept.</summary>
    public string Link(string? handler = null, string? chart = null)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (handler is not null)
        {
            pairs.Add(new("handler", handler));
        }

        if (chart is not null)
        {
            pairs.Add(new("chart", chart));
        }

        if (PresetDays is { } days)
        {
            pairs.Add(new("period", days.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            pairs.Add(new("period", "custom"));
            pairs.Add(new("from", Report.Scope.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            pairs.Add(new("to", Report.Scope.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        pairs.AddRange(Filter.Categories.Select(v => new KeyValuePair<string, string>("category", v)));
        pairs.AddRange(Filter.Departments.Select(v => new KeyValuePair<string, string>("department", v)));
        pairs.AddRange(Filter.Priorities.Select(v => new KeyValuePair<string, string>("priority", WireName<TicketPriority>.Of(v))));
        pairs.AddRange(Filter.Assignees.Select(v => new KeyValuePair<string, string>("assignee", v)));
        pairs.AddRange(Filter.Policies.Select(v => new KeyValuePair<string, string>("policy", v.ToString("D"))));
        return "/Analytics?" + string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var query = await PrepareAsync(cancellationToken);
        Report = await sender.Send(query, cancellationToken);
        Tables = AnalyticsTables.Build(Report);
    }

    private async Task<GetAnalyticsQuery> PrepareAsync(CancellationToken cancellationToken)
    {
        var zone = userTime.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(userTime.Now, zone).DateTime);
        var (from, to) = ChoosePeriod(today);
        Filter = new AnalyticsFilter(
            Clean(Categories),
            Clean(Departments),
            Clean(Priorities).Select(p => WireName<TicketPriority>.TryParse(p, out var priority) ? (TicketPriority?)priority : null)
                .OfType<TicketPriority>().Distinct().ToList(),
            Clean(Assignees))
        {
            Policies = Clean(Policies).Select(p => Guid.TryParse(p, out var id) ? (Guid?)id : null).OfType<Guid>().Distinct().Order().ToList(),
        };
        Lookups = await sender.Send(new GetTicketLookupsQuery(), cancellationToken);
        return new GetAnalyticsQuery(from, to, zone.Id, Filter, Fresh);
    }

    private (DateOnly From, DateOnly To) ChoosePeriod(DateOnly today)
    {
        if (Period == "custom" && From is { } from && To is { } to)
        {
            if (to < from)
            {
                (from, to) = (to, from);
            }

            if (to.DayNumber - from.DayNumber >= GetAnalyticsQuery.MaxDays)
            {
                from = to.AddDays(1 - GetAnalyticsQuery.MaxDays);
                Note = $"A period is at most {GetAnalyticsQuery.MaxDays} days; showing the last {GetAnalyticsQuery.MaxDays} days up to the end you chose.";
            }

            return (from, to);
        }

        if (Period == "custom")
        {
            Note = "A custom period needs both a start and an end; showing the last 30 days.";
        }

        var days = int.TryParse(Period, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && Presets.Contains(d) ? d : 30;
        PresetDays = days;
        var period = AnalyticsPeriod.Last(days, today);
        return (period.From, period.To);
    }

    private static List<string> Clean(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200).Distinct(StringComparer.Ordinal).Take(TicketFilter.MaxValues).ToList();
}

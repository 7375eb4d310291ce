using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Ticketing.Web.Pages.Analytics;

/// <summary>One bar: its label, value, the text shown beside it, and the list it opens (if any).</summary>
public sealed record Bar(string Label, double Value, string Text, string? Href = null);

/// <summary>
/// One line of a line chart; <see cref="Dash"/> tells it apart without colour. <see cref="Hrefs"/>, one
/// per value, make each point a link to the list of the tickets it counts.
/// </summary>
public sealed record Line(string Name, IReadOnlyList<double> Values, string CssClass, string? Dash, IReadOnlyList<string?>? Hrefs = null);

/// <summary>
/// The analytics charts as inline SVG drawn on the server: vector, no script, and the same on the
/// page and in print. Each chart is decorative beside its table (aria-hidden), except that a bar
/// with a link is a link a pointer can click; the table's cells carry the same links for keyboards.
/// </summary>
public static class SvgCharts
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    /// <summary>Horizontal bars, one per row, longest bar = largest value.</summary>
    public static IHtmlContent Bars(IReadOnlyList<Bar> bars, string cssClass = "chart-bar")
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int rowHeight = 22, labelWidth = 170, barWidth = 300, textWidth = 90;
        var width = labelWidth + barWidth + textWidth;
        var height = Math.Max(1, bars.Count) * rowHeight;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"analytics-chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" aria-hidden=\"true\" focusable=\"false\" preserveAspectRatio=\"xMinYMin meet\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * rowHeight;
            var length = max <= 0 ? 0 : Math.Max(bar.Value > 0 ? 2 : 0, bar.Value / max * barWidth);
            var label = Encoder.Encode(Shorten(bar.Label, 26));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\" class=\"chart-label\">{label}</text>");
            var rect = string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{length:0.#}\" height=\"{rowHeight - 8}\" class=\"{cssClass}\"></rect>");
            svg.Append(bar.Href is null ? rect : $"<a href=\"{Encoder.Encode(bar.Href)}\" tabindex=\"-1\">{rect}</a>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + length + 6:0.#}\" y=\"{y + 15}\" class=\"chart-value\">{Encoder.Encode(bar.Text)}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>Lines over days, first day left; a y-axis from zero with its maximum written.</summary>
    public static IHtmlContent Lines(IReadOnlyList<string> xLabels, IReadOnlyList<Line> lines)
    {
        ArgumentNullException.ThrowIfNull(xLabels);
        ArgumentNullException.ThrowIfNull(lines);
        const int width = 640, height = 220, left = 48, right = 10, top = 10, bottom = 26;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var max = Math.Max(1, lines.SelectMany(l => l.Values).DefaultIfEmpty(0).Max());
        var count = Math.Max(1, xLabels.Count);
        double X(int i) => left + (count == 1 ? plotWidth / 2.0 : i * plotWidth / (double)(count - 1));
        double Y(double v) => top + plotHeight - v / max * plotHeight;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"analytics-chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" aria-hidden=\"true\" focusable=\"false\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - right}\" y2=\"{top + plotHeight}\" class=\"chart-axis\"></line>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" class=\"chart-axis\"></line>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 10}\" text-anchor=\"end\" class=\"chart-label\">{max:N0}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + plotHeight}\" text-anchor=\"end\" class=\"chart-label\">0</text>");
        if (xLabels.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 6}\" class=\"chart-label\">{Encoder.Encode(xLabels[0])}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right}\" y=\"{height - 6}\" text-anchor=\"end\" class=\"chart-label\">{Encoder.Encode(xLabels[^1])}</text>");
        }

        foreach (var line in lines)
        {
            var points = string.Join(' ', line.Values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(v):0.#}")));
            var dash = line.Dash is null ? "" : $" stroke-dasharray=\"{line.Dash}\"";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" class=\"{line.CssClass}\" fill=\"none\"{dash}></polyline>");
            if (line.Hrefs is null)
            {
                continue;
            }

            // A point is a pointer's target; keyboards reach the same lists through the table's links.
            for (var i = 0; i < line.Values.Count && i < line.Hrefs.Count; i++)
            {
                if (line.Hrefs[i] is { } href)
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<a href=\"{Encoder.Encode(href)}\" tabindex=\"-1\"><circle cx=\"{X(i):0.#}\" cy=\"{Y(line.Values[i]):0.#}\" r=\"{(count > 90 ? 3 : 5)}\" class=\"chart-point {line.CssClass}\"></circle></a>");
                }
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}

using FluentValidation;
using Mediator;
using Ticketing.Application.Analytics.Queries.GetAnalytics;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Analytics.Queries.GetAnalyticsPdf;

/// <summary>The analytics view of <see cref="Figures"/> as a PDF on <see cref="Paper"/>; <see cref="FilterText"/> names the filters in words.</summary>
public sealed record GetAnalyticsPdfQuery(GetAnalyticsQuery Figures, string FilterText, PaperSize Paper) : IQuery<byte[]>;

public sealed class GetAnalyticsPdfValidator : AbstractValidator<GetAnalyticsPdfQuery>
{
    public GetAnalyticsPdfValidator()
    {
        RuleFor(q => q.Figures).NotNull().SetValidator(new GetAnalyticsValidator());
        RuleFor(q => q.FilterText).MaximumLength(2000);
        RuleFor(q => q.Paper).IsInEnum();
    }
}

public sealed class GetAnalyticsPdfHandler(ISender sender, IReportPdf pdf) : IQueryHandler<GetAnalyticsPdfQuery, byte[]>
{
    public async ValueTask<byte[]> Handle(GetAnalyticsPdfQuery query, CancellationToken cancellationToken)
    {
        var report = await sender.Send(query.Figures, cancellationToken);
        return pdf.Analytics(report, query.FilterText, query.Paper);
    }
}

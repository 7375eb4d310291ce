using System.Net;

namespace Ticketing.Web.Security;

/// <summary>
/// The page a browser gets with a 429, for the sign-in limit and the per-user limit alike: a page of its
/// own rather than the error page, so the answer stays cheap under a flood, and it tells the person what
/// to do. Every text is HTML-encoded.
/// </summary>
internal static class TooManyRequestsPage
{
    public static string Html(string title, string message, string hint, string backHref, string backText) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{E(title)}} · Ticketing</title>
            <link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css" />
            <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
        <main class="container py-4">
            <div class="card auth-card shadow-sm">
                <div class="card-body p-4">
                    <h1 class="h4">{{E(title)}}</h1>
                    <p>{{E(message)}}</p>
                    <p class="small text-body-secondary">{{E(hint)}}</p>
                    <a class="btn btn-outline-primary" href="{{E(backHref)}}">{{E(backText)}}</a>
                </div>
            </div>
        </main>
        </body>
        </html>
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Ticketing.Application.Common.Caching;
using Ticketing.Web.Infrastructure;

namespace Ticketing.Web.Pages.Tickets;

/// <summary>Settings of <see cref="ListPageCache"/> (<c>Ticketing:List</c>).</summary>
public sealed class ListPageCacheOptions
{
    public const string Section = "Ticketing:List";

    /// <summary>
    /// The longest a rendered list page is served again to the same person: the bound on what eviction
    /// cannot see (the clock in "3 min ago", an SLA recompute, another process's writes). 0 turns the cache off.
    /// </summary>
    public double PageCacheSeconds { get; set; } = 10;

    /// <summary>
    /// The memory all kept pages may take together, native memory outside the managed heap's cap (decision 148);
    /// the least recently used go first.
    /// </summary>
    public int PageCacheMegabytes { get; set; } = 64;
}

/// <summary>
/// The output cache of repeat list views (issue 20, decision 133). A signed-in GET of the list page is kept as
/// the HTML it rendered, keyed by everything that HTML depends on: the user and their claims, the whole query
/// string, the time zone cookie, the antiforgery cookie (the forms' tokens stay valid for that browser) and the
/// versions of every cache tag the page is computed from. A change to any of them (a ticket, the outbox, the sync
/// state, saved views, preferences, the user's notifications) moves the key, so the next request renders afresh:
/// a page rendered before a change is never served after it. Served pages still pass the whole pipeline up to
/// the page (authentication, cookie renewal, the gates, rate limits, security headers).
/// </summary>
/// <remarks>
/// Not kept: a page showing PHI tickets (its read is audited each time), a page with a status message or without
/// an antiforgery cookie (rendering sets one), anything but a 200 HTML page. A request saying
/// <c>Cache-Control: no-cache</c> (a browser's reload) is rendered afresh and replaces the kept page.
/// </remarks>
public sealed class ListPageCache : IDisposable
{
    /// <summary>Says how a list request was answered: <c>hit</c>, <c>miss</c> (rendered, kept) or <c>bypass</c> (rendered, not kept).</summary>
    public const string Header = "X-Page-Cache";

    private const int MaxPageBytes = 2 * 1024 * 1024;

    private const int ChunkBytes = 16 * 1024;

    private static readonly object DoNotKeepKey = new();

    private readonly CacheInvalidator _versions;
    private readonly string _antiforgeryCookie;
    private readonly string _tempDataCookie;
    private readonly TimeSpan _duration;
    private readonly MemoryCache _pages;

    public ListPageCache(
        CacheInvalidator versions,
        IOptions<ListPageCacheOptions> options,
        IOptions<AntiforgeryOptions> antiforgery,
        IOptions<CookieTempDataProviderOptions> tempData)
    {
        _versions = versions;
        _antiforgeryCookie = antiforgery.Value.Cookie.Name ?? throw new InvalidOperationException("The antiforgery cookie has no name.");
        _tempDataCookie = tempData.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;
        _duration = TimeSpan.FromSeconds(Math.Max(0, options.Value.PageCacheSeconds));
        _pages = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.PageCacheMegabytes) * 1024L * 1024L });
    }

    /// <summary>The page rendered something that must not be served again without rendering it (a PHI read, which is audited).</summary>
    public static void DoNotKeep(HttpContext context) => context.Items[DoNotKeepKey] = true;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (Key(context) is not { } key)
        {
            await next();
            return;
        }

        var reload = context.Request.Headers.CacheControl.Any(v => v?.Contains("no-cache", StringComparison.OrdinalIgnoreCase) == true)
            || context.Request.Headers.Pragma.Any(v => v?.Contains("no-cache", StringComparison.OrdinalIgnoreCase) == true);
        if (!reload && _pages.TryGetValue(key, out KeptPage? page) && page is not null && await TryServeAsync(context, page))
        {
            return;
        }

        var original = context.Response.Body;
        await using var capture = new CaptureStream(original, MaxPageBytes);
        context.Response.Body = capture;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = Keepable(context) ? "miss" : "bypass";
            return Task.CompletedTask;
        });
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }

        // The page was held, not written: it goes out now in one write of a known length (one flush, one send, no
        // chunked framing), after its last header (the cookies the render set) is known.
        await capture.WriteHeldAsync(context);
        if (Keepable(context) && capture.ToKeptPage() is { } html)
        {
            var entry = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _duration, Size = html.Length }
                .RegisterPostEvictionCallback(static (_, value, _, _) => (value as KeptPage)?.Dispose());
            _pages.Set(key, html, entry);
        }
    }

    public void Dispose() => _pages.Dispose();

    /// <summary>Writes the kept page; false when it was evicted (and freed) between the lookup and now.</summary>
    private static async Task<bool> TryServeAsync(HttpContext context, KeptPage page)
    {
        var held = false;
        try
        {
            page.DangerousAddRef(ref held);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        try
        {
            await ServeAsync(context, page);
            return true;
        }
        finally
        {
            page.DangerousRelease();
        }
    }

    private static async Task ServeAsync(HttpContext context, KeptPage page)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        // What the antiforgery token's page gets when rendered: never kept by the browser or a proxy.
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers[Header] = "hit";
        response.ContentLength = page.Length;
        // Copied into the response's own buffers and flushed once: one send instead of one per chunk.
        var writer = response.BodyWriter;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (var at = 0; at < page.Length; at += ChunkBytes)
            {
                var count = Math.Min(ChunkBytes, page.Length - at);
                Marshal.Copy(page.DangerousGetHandle() + at, buffer, 0, count);
                writer.Write(buffer.AsSpan(0, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>The key of this request's page, or null when the request is not a list view this cache may answer.</summary>
    private string? Key(HttpContext context)
    {
        var request = context.Request;
        if (_duration <= TimeSpan.Zero
            || !HttpMethods.IsGet(request.Method)
            || !IsListPath(request.Path)
            || request.Query.ContainsKey("handler")
            || context.User is not { Identity.IsAuthenticated: true } user
            || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userId
            || request.Cookies[_antiforgeryCookie] is not { Length: > 0 } antiforgery
            || request.Cookies.ContainsKey(_tempDataCookie))
        {
            return null;
        }

        string[] tags =
        [
            CacheTag.Tickets, CacheTag.Outbox, CacheTag.SyncState, CacheTag.Views, CacheTag.Preferences, CacheTag.Phi,
            CacheTag.Of(CacheTag.Notifications, userId),
        ];
        var key = new StringBuilder(512)
            .Append(_versions.VersionOf(tags)).Append('\n')
            .Append(userId).Append('\n')
            .Append(request.Path.Value).Append(request.QueryString.Value).Append('\n')
            .Append(request.Cookies[UserTime.CookieName]).Append('\n')
            .Append(antiforgery).Append('\n');
        // Roles, the PHI permission, the second step, the security stamp: a change to any is a different page.
        foreach (var claim in user.Claims)
        {
            key.Append(claim.Type).Append('=').Append(claim.Value).Append('\n');
        }

        return key.ToString();
    }

    private static bool IsListPath(PathString path) =>
        path.Equals("/Tickets", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/Tickets/", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/Tickets/Index", StringComparison.OrdinalIgnoreCase);

    private bool Keepable(HttpContext context)
    {
        var response = context.Response;
        return response.StatusCode == StatusCodes.Status200OK
            && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && !context.Items.ContainsKey(DoNotKeepKey)
            // A new antiforgery cookie means the page's tokens are for a cookie the request did not carry. (TempData's
            // cookie is deleted by every page that read it empty: harmless to leave out of a repeat view.)
            && !response.Headers.SetCookie.Any(c => c is not null && c.StartsWith(_antiforgeryCookie + "=", StringComparison.Ordinal));
    }

    /// <summary>
    /// A kept page's bytes in native memory: outside the managed heap and its cap, so a full page cache cannot take
    /// the heap the rest of the app needs (decision 148). Freed when the cache evicts the page, or after the last
    /// response still writing it.
    /// </summary>
    private sealed class KeptPage : SafeHandle
    {
        public KeptPage(int length)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            Length = length;
            SetHandle(Marshal.AllocHGlobal(Math.Max(1, length)));
        }

        public int Length { get; }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            Marshal.FreeHGlobal(handle);
            return true;
        }
    }

    /// <summary>
    /// Holds the page in pooled chunks (no growing buffer copied over and over) until it is complete, then writes it
    /// to the response at once; past a size it gives up holding and keeping, writes what it held and passes the rest
    /// on as it comes.
    /// </summary>
    private sealed class CaptureStream(Stream inner, int limit) : Stream
    {
        private readonly List<byte[]> _chunks = [];
        private int _length;
        private bool _overflowed;
        private bool _written;

        /// <summary>The held bytes, copied into native memory of their exact size; null past the limit.</summary>
        public KeptPage? ToKeptPage()
        {
            if (_overflowed)
            {
                return null;
            }

            var page = new KeptPage(_length);
            var at = 0;
            foreach (var chunk in _chunks)
            {
                var count = Math.Min(ChunkBytes, _length - at);
                Marshal.Copy(chunk, 0, page.DangerousGetHandle() + at, count);
                at += count;
            }

            return page;
        }

        /// <summary>Writes the held page to the response (restored to its own body) with its length, and flushes once.</summary>
        public async Task WriteHeldAsync(HttpContext context)
        {
            // Nothing written (a redirect, an error left to the status code pages): the response is left as it is.
            if (_overflowed || _written || _length == 0)
            {
                return;
            }

            _written = true;
            var response = context.Response;
            if (!response.HasStarted && response.ContentLength is null)
            {
                response.ContentLength = _length;
            }

            var writer = response.BodyWriter;
            var at = 0;
            foreach (var chunk in _chunks)
            {
                var count = Math.Min(ChunkBytes, _length - at);
                writer.Write(chunk.AsSpan(0, count));
                at += count;
            }

            await writer.FlushAsync(context.RequestAborted);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        // Held bytes wait for the page's end; only a page past the limit is flushed as it goes.
        public override void Flush()
        {
            if (_overflowed)
            {
                inner.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            _overflowed ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Hold(buffer.AsSpan(offset, count)))
            {
                return;
            }

            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_overflowed && _length + buffer.Length > limit)
            {
                await OverflowAsync(cancellationToken);
            }

            if (Hold(buffer.Span))
            {
                return;
            }

            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Release();
            }

            base.Dispose(disposing);
        }

        /// <summary>Keeps the bytes; false once past the limit (the caller writes them on).</summary>
        private bool Hold(ReadOnlySpan<byte> bytes)
        {
            if (!_overflowed && _length + bytes.Length > limit)
            {
                // A synchronous write past the limit: what was held goes out first, in order.
                foreach (var (chunk, count) in Held())
                {
                    inner.Write(chunk, 0, count);
                }

                _overflowed = true;
                Release();
            }

            if (_overflowed)
            {
                return false;
            }

            while (bytes.Length > 0)
            {
                var used = _length % ChunkBytes;
                if (used == 0 && _length / ChunkBytes == _chunks.Count)
                {
                    _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
                }

                var count = Math.Min(ChunkBytes - used, bytes.Length);
                bytes[..count].CopyTo(_chunks[^1].AsSpan(used));
                _length += count;
                bytes = bytes[count..];
            }

            return true;
        }

        private async Task OverflowAsync(CancellationToken cancellationToken)
        {
            foreach (var (chunk, count) in Held())
            {
                await inner.WriteAsync(chunk.AsMemory(0, count), cancellationToken);
            }

            _overflowed = true;
            Release();
        }

        private IEnumerable<(byte[] Chunk, int Count)> Held()
        {
            var at = 0;
            foreach (var chunk in _chunks)
            {
                var count = Math.Min(ChunkBytes, _length - at);
                yield return (chunk, count);
                at += count;
            }
        }

        private void Release()
        {
            foreach (var chunk in _chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            _chunks.Clear();
        }
    }
}

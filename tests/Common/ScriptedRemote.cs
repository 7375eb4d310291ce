using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ticketing.Tests.Common;

/// <summary>
/// A Championship IT remote held in memory and served through an <see cref="HttpMessageHandler"/>,
/// speaking contract 1.1 (or 1.0 with <see cref="ServesVersion11"/> off) exactly where a test needs to
/// control the order of events: <see cref="BeforeServe"/> changes the data between two requests of a
/// paging client, <see cref="Intercept"/> answers a request itself (faults). Timestamps come from a
/// scripted clock that moves one millisecond per change, so every new version is later than any
/// existing one, as at a real remote.
/// </summary>
public sealed class ScriptedRemote(DateTimeOffset start)
{
    public const int MaxLimit = 500;

    /// <summary>The path of the base URL clients are given (<see cref="BaseUrl"/>); request paths are relative to it.</summary>
    public const string BasePath = "/functions/v1";

    public static readonly Uri BaseUrl = new("https://remote.test" + BasePath + "/");

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ScriptedComment> _commentsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScriptedAttachment> _attachmentsByKey = new(StringComparer.Ordinal);
    private int _sequence;
    private int _requestIndex;

    public ScriptedRemote()
        : this(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now { get; private set; } = start;

    public Dictionary<string, ScriptedTicket> Tickets { get; } = new(StringComparer.Ordinal);

    public List<(string Id, DateTimeOffset DeletedAt)> Tombstones { get; } = [];

    public Dictionary<string, List<ScriptedComment>> Comments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<ScriptedAttachment>> Attachments { get; } = new(StringComparer.Ordinal);

    public List<ScriptedAgent> Agents { get; } = [];

    /// <summary>Tickets the list leaves out (a remote that loses one while paging) though <c>GET /tickets/{id}</c> has them.</summary>
    public HashSet<string> HiddenFromList { get; } = new(StringComparer.Ordinal);

    /// <summary>Off: a 1.0 remote, which answers 404 to the deletions feed, comments, attachments and agents.</summary>
    public bool ServesVersion11 { get; set; } = true;

    /// <summary>Uploads above this size are refused with 413 (25 MiB in the contract).</summary>
    public long MaxUploadBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>How many coming uploads are read in full and then answered 503 (a failure after the body was sent).</summary>
    public int FailUploadsAfterReading { get; set; }

    /// <summary>The stream of the last attachment content served, to see how much of it a client has read.</summary>
    public GeneratedStream? LastContentStream { get; private set; }

    /// <summary>Runs before each request is served, with the data locked against other requests.</summary>
    public Action<ScriptedRequest>? BeforeServe { get; set; }

    /// <summary>Answers a request instead of the remote when it returns a response (a fault, a slow answer).</summary>
    public Func<ScriptedRequest, HttpResponseMessage?>? Intercept { get; set; }

    public List<ScriptedRequest> Requests { get; } = [];

    public HttpMessageHandler CreateHandler() => new Handler(this);

    /// <summary>The next stamp of the clock: one millisecond later than anything before.</summary>
    public DateTimeOffset Tick()
    {
        Now = Now.AddMilliseconds(1);
        return Now;
    }

    public ScriptedTicket Add(string id, DateTimeOffset updatedAt, string? assigneeId = null, string? assigneeName = null)
    {
        var number = Interlocked.Increment(ref _sequence);
        var ticket = new ScriptedTicket(id, $"IT-{number:D6}", $"Scripted ticket {id}", updatedAt.AddDays(-1), updatedAt, assigneeId, assigneeName);
        Tickets[id] = ticket;
        if (updatedAt > Now)
        {
            Now = updatedAt;
        }

        return ticket;
    }

    /// <summary>A new version of a ticket, stamped now: it moves to the end of the change order.</summary>
    public ScriptedTicket Update(string id)
    {
        var stamp = Tick();
        var updated = Tickets[id] with { UpdatedAt = stamp, Title = $"Scripted ticket {id} as of {Format(stamp)}" };
        Tickets[id] = updated;
        return updated;
    }

    public ScriptedTicket Create()
    {
        var stamp = Tick();
        var id = $"tkt_new{Interlocked.Increment(ref _sequence):D6}";
        var ticket = new ScriptedTicket(id, $"IT-N{_sequence:D6}", $"Scripted ticket {id}", stamp, stamp, null, null);
        Tickets[id] = ticket;
        return ticket;
    }

    public void Delete(string id)
    {
        Tickets.Remove(id);
        Tombstones.Add((id, Tick()));
    }

    /// <summary>A comment stamped now; the ticket's <c>updated_at</c> moves, as in the contract.</summary>
    public ScriptedComment AddComment(string ticketId, string body, string visibility = "public", string? authorEmail = "sam@example.org")
    {
        var stamp = Tick();
        var comment = new ScriptedComment($"cmt_{Interlocked.Increment(ref _sequence):D6}", ticketId, "Sam Ito", authorEmail, body, visibility, stamp);
        if (!Comments.TryGetValue(ticketId, out var list))
        {
            Comments[ticketId] = list = [];
        }

        list.Add(comment);
        Tickets[ticketId] = Tickets[ticketId] with { UpdatedAt = Tick() };
        return comment;
    }

    private HttpResponseMessage Serve(ScriptedRequest request, HttpRequestMessage message, byte[]? body)
    {
        // Whatever the base URL's own path, the contract's paths start at one of these.
        var segments = request.Path.Trim('/').Split('/')
            .SkipWhile(segment => segment is not ("tickets" or "attachments" or "agents"))
            .ToArray();
        var get = request.Method == HttpMethod.Get;
        var post = request.Method == HttpMethod.Post;
        return segments switch
        {
            ["tickets"] when get => Page(
                [.. Tickets.Values.Where(t => !HiddenFromList.Contains(t.Id) && (Since(request, "updated_since") is not { } s || t.UpdatedAt >= s)).OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)],
                request,
                WriteTicket),
            ["tickets", "deleted"] when get && ServesVersion11 => Page(
                [.. Tombstones.Where(d => Since(request, "deleted_since") is not { } s || d.DeletedAt >= s).OrderBy(d => d.DeletedAt).ThenBy(d => d.Id, StringComparer.Ordinal)],
                request,
                (w, d) =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", d.Id);
                    w.WriteString("deleted_at", Format(d.DeletedAt));
                    w.WriteEndObject();
                }),
            ["tickets", var id] when get => Tickets.TryGetValue(id, out var ticket) ? Json(HttpStatusCode.OK, w => WriteTicket(w, ticket)) : NotFound(),
            ["tickets", var id, "comments"] when get && ServesVersion11 => Tickets.ContainsKey(id)
                ? Page(
                    [.. Comments.GetValueOrDefault(id, []).Where(c => Since(request, "since") is not { } s || c.CreatedAt >= s).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)],
                    request,
                    WriteComment)
                : NotFound(),
            ["tickets", var id, "comments"] when post && ServesVersion11 => PostComment(id, request, body),
            ["tickets", var id, "attachments"] when get && ServesVersion11 => Tickets.ContainsKey(id)
                ? Json(HttpStatusCode.OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("data");
                    foreach (var attachment in Attachments.GetValueOrDefault(id, []))
                    {
                        WriteAttachment(w, attachment);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                })
                : NotFound(),
            ["tickets", var id, "attachments"] when post && ServesVersion11 => PostAttachment(id, request, message, body),
            ["attachments", var id, "content"] when get && ServesVersion11 => Content(id),
            ["agents"] when get && ServesVersion11 => Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var agent in Agents)
                {
                    w.WriteStartObject();
                    w.WriteString("id", agent.Id);
                    w.WriteString("name", agent.Name);
                    w.WriteString("email", agent.Email);
                    w.WriteBoolean("active", agent.Active);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }),
            _ => NotFound(),
        };
    }

    private HttpResponseMessage PostComment(string ticketId, ScriptedRequest request, byte[]? body)
    {
        if (!Tickets.ContainsKey(ticketId))
        {
            return NotFound();
        }

        if (request.IdempotencyKey is { } key && _commentsByKey.TryGetValue(key, out var replay))
        {
            return Json(HttpStatusCode.OK, w => WriteComment(w, replay));
        }

        using var document = JsonDocument.Parse(body ?? []);
        var text = document.RootElement.TryGetProperty("body", out var b) ? b.GetString() : null;
        if (string.IsNullOrEmpty(text))
        {
            return Error(HttpStatusCode.UnprocessableEntity, "validation_failed", "body is required", "body");
        }

        var visibility = document.RootElement.TryGetProperty("visibility", out var v) ? v.GetString() ?? "public" : "public";
        var email = document.RootElement.TryGetProperty("author_email", out var e) ? e.GetString() : null;
        var comment = AddComment(ticketId, text, visibility, email);
        if (request.IdempotencyKey is { } newKey)
        {
            _commentsByKey[newKey] = comment;
        }

        return Json(HttpStatusCode.Created, w => WriteComment(w, comment));
    }

    private HttpResponseMessage PostAttachment(string ticketId, ScriptedRequest request, HttpRequestMessage message, byte[]? body)
    {
        if (!Tickets.ContainsKey(ticketId))
        {
            return NotFound();
        }

        if (request.IdempotencyKey is { } key && _attachmentsByKey.TryGetValue(key, out var replay))
        {
            return Json(HttpStatusCode.OK, w => WriteAttachment(w, replay));
        }

        if (FailUploadsAfterReading > 0)
        {
            FailUploadsAfterReading--;
            return Error(HttpStatusCode.ServiceUnavailable, "unavailable", "Try again.", null);
        }

        var file = body is null ? null : ReadFilePart(message.Content!.Headers.ContentType!, body);
        if (body is null || file?.Bytes.Length > MaxUploadBytes)
        {
            return Error(HttpStatusCode.RequestEntityTooLarge, "payload_too_large", $"Attachments are limited to {MaxUploadBytes} bytes.", null);
        }

        if (file is null)
        {
            return Error(HttpStatusCode.UnprocessableEntity, "validation_failed", "file is required", "file");
        }

        var list = Attachments.TryGetValue(ticketId, out var existing) ? existing : Attachments[ticketId] = [];
        if (list.Count >= 100)
        {
            return Error(HttpStatusCode.UnprocessableEntity, "validation_failed", "A ticket holds at most 100 attachments.", "file");
        }

        var attachment = new ScriptedAttachment(
            $"att_{Interlocked.Increment(ref _sequence):D6}",
            ticketId,
            file.Value.FileName,
            file.Value.ContentType,
            file.Value.Bytes,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Value.Bytes)),
            Tick());
        list.Add(attachment);
        if (request.IdempotencyKey is { } newKey)
        {
            _attachmentsByKey[newKey] = attachment;
        }

        return Json(HttpStatusCode.Created, w => WriteAttachment(w, attachment));
    }

    private HttpResponseMessage Content(string attachmentId)
    {
        var attachment = Attachments.Values.SelectMany(a => a).FirstOrDefault(a => a.Id == attachmentId);
        if (attachment is null)
        {
            return NotFound();
        }

        LastContentStream = new GeneratedStream(attachment.Bytes);
        var content = new StreamContent(LastContentStream, 4096);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(attachment.ContentType);
        content.Headers.ContentLength = attachment.Bytes.Length;
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = attachment.FileName };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>The one part named <c>file</c> of a multipart body: a minimal reader for the test's own requests.</summary>
    private static (string FileName, string ContentType, byte[] Bytes)? ReadFilePart(MediaTypeHeaderValue contentType, byte[] body)
    {
        var boundary = contentType.Parameters.First(p => p.Name == "boundary").Value!.Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var headersStart = position + delimiter.Length + 2;
            var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), headersStart);
            if (headersEnd < 0)
            {
                return null;
            }

            var headers = Encoding.UTF8.GetString(body, headersStart, headersEnd - headersStart);
            var next = IndexOf(body, delimiter, headersEnd);
            if (next < 0)
            {
                return null;
            }

            if (headers.Contains("name=file", StringComparison.Ordinal) || headers.Contains("name=\"file\"", StringComparison.Ordinal))
            {
                var disposition = headers.Split("\r\n").First(h => h.StartsWith("Content-Disposition", StringComparison.OrdinalIgnoreCase));
                var parsed = ContentDispositionHeaderValue.Parse(disposition["Content-Disposition:".Length..].Trim());
                var type = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Type", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim()
                    ?? "application/octet-stream";
                var bytes = body[(headersEnd + 4)..(next - 2)];
                return (parsed.FileNameStar ?? parsed.FileName?.Trim('"') ?? "file", type, bytes);
            }

            position = next;
        }

        return null;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        from > haystack.Length ? -1 : haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? i + from : -1;

    private static HttpResponseMessage Page<T>(IReadOnlyList<T> items, ScriptedRequest request, Action<Utf8JsonWriter, T> write)
    {
        var page = Math.Max(1, Int(request, "page") ?? 1);
        var limit = Math.Clamp(Int(request, "limit") ?? 50, 1, MaxLimit);
        var slice = items.Skip((page - 1) * limit).Take(limit).ToList();
        return Json(HttpStatusCode.OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var item in slice)
            {
                write(w, item);
            }

            w.WriteEndArray();
            w.WriteStartObject("pagination");
            w.WriteNumber("page", page);
            w.WriteNumber("limit", limit);
            w.WriteNumber("total", items.Count);
            w.WriteNumber("total_pages", (items.Count + limit - 1) / limit);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteTicket(Utf8JsonWriter w, ScriptedTicket t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("ticket_number", t.Number);
        w.WriteString("title", t.Title);
        w.WriteNull("description");
        w.WriteString("status", t.Status);
        w.WriteString("priority", "medium");
        w.WriteString("category", "Network");
        w.WriteString("requester_id", "usr_1");
        w.WriteString("requester_name", "Dana Ruiz");
        w.WriteString("requester_email", "dana@example.org");
        if (t.AssigneeId is null)
        {
            w.WriteNull("assignee_id");
            w.WriteNull("assignee_name");
        }
        else
        {
            w.WriteString("assignee_id", t.AssigneeId);
            w.WriteString("assignee_name", t.AssigneeName);
        }

        w.WriteString("department", "IT Operations");
        w.WriteString("created_at", Format(t.CreatedAt));
        w.WriteString("updated_at", Format(t.UpdatedAt));
        w.WriteNull("resolved_at");
        w.WriteNull("due_date");
        w.WriteStartArray("tags");
        w.WriteEndArray();
        w.WriteStartObject("custom_fields");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteComment(Utf8JsonWriter w, ScriptedComment c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("ticket_id", c.TicketId);
        w.WriteString("author_name", c.AuthorName);
        w.WriteString("author_email", c.AuthorEmail);
        w.WriteString("body", c.Body);
        w.WriteString("visibility", c.Visibility);
        w.WriteString("created_at", Format(c.CreatedAt));
        w.WriteEndObject();
    }

    private static void WriteAttachment(Utf8JsonWriter w, ScriptedAttachment a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("ticket_id", a.TicketId);
        w.WriteString("file_name", a.FileName);
        w.WriteString("content_type", a.ContentType);
        w.WriteNumber("size_bytes", a.Bytes.Length);
        w.WriteString("sha256", a.Sha256);
        w.WriteString("uploaded_by_name", "Sam Ito");
        w.WriteString("created_at", Format(a.CreatedAt));
        w.WriteEndObject();
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Since(ScriptedRequest request, string name) =>
        request.Query.TryGetValue(name, out var text) ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    private static int? Int(ScriptedRequest request, string name) =>
        request.Query.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message, string? field)
    {
        return Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            if (field is not null)
            {
                w.WriteStartObject("details");
                w.WriteStartArray(field);
                w.WriteStringValue(message);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static HttpResponseMessage NotFound() => Error(HttpStatusCode.NotFound, "not_found", "Not found.", null);

    private sealed class Handler(ScriptedRemote remote) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            var uri = message.RequestUri!;
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);
            var key = message.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.First() : null;
            var request = new ScriptedRequest(
                Interlocked.Increment(ref remote._requestIndex),
                message.Method,
                uri.AbsolutePath,
                query,
                key,
                message.Headers.Authorization?.ToString());

            if (remote.Intercept?.Invoke(request) is { } intercepted)
            {
                lock (remote._gate)
                {
                    remote.Requests.Add(request);
                }

                return intercepted;
            }

            // Only POST bodies are read, and an upload only up to the size limit (null beyond it).
            var body = message.Content is not null && message.Method == HttpMethod.Post
                ? await ReadLimitedAsync(message.Content, remote.MaxUploadBytes + 4096, cancellationToken)
                : null;
            lock (remote._gate)
            {
                remote.Requests.Add(request);
                remote.BeforeServe?.Invoke(request);
                return remote.Serve(request, message, body);
            }
        }

        private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long limit, CancellationToken cancellationToken)
        {
            // Serialized the way a network handler sends it (not ReadAsStreamAsync, whose stream is
            // cached), so a retried request is read again in full.
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            return buffer.Length > limit ? null : buffer.ToArray();
        }
    }
}

public sealed record ScriptedTicket(
    string Id,
    string Number,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? AssigneeId,
    string? AssigneeName,
    string Status = "open");

public sealed record ScriptedComment(
    string Id,
    string TicketId,
    string? AuthorName,
    string? AuthorEmail,
    string Body,
    string Visibility,
    DateTimeOffset CreatedAt);

public sealed record ScriptedAttachment(
    string Id,
    string TicketId,
    string FileName,
    string ContentType,
    byte[] Bytes,
    string Sha256,
    DateTimeOffset CreatedAt);

public sealed record ScriptedAgent(string Id, string Name, string? Email, bool Active = true);

public sealed record ScriptedRequest(
    int Index,
    HttpMethod Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? IdempotencyKey,
    string? Authorization);

/// <summary>
/// A read-only, non-seekable stream over bytes (or generated ones) that counts what has been read, so a
/// test can tell whether its reader streamed it or took it whole.
/// </summary>
public sealed class GeneratedStream : Stream
{
    private readonly byte[]? _bytes;
    private readonly long _length;

    public GeneratedStream(byte[] bytes)
    {
        _bytes = bytes;
        _length = bytes.Length;
    }

    public GeneratedStream(long length)
    {
        _length = length;
    }

    /// <summary>How many bytes have been read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static byte ByteAt(long position) => (byte)((position * 31) + 7);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, _length - BytesRead);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = _bytes is null ? ByteAt(BytesRead + i) : _bytes[BytesRead + i];
        }

        BytesRead += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ticketing.Simulator.Tests.Support;

/// <summary>The contract as a client sees it: snake_case JSON read into the test's own records.</summary>
internal static class Wire
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;

    public static async Task<TicketList> ListAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("tickets" + query, Ct);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<TicketList>();
    }

    public static async Task<TicketView> GetTicketAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"tickets/{id}", Ct);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<TicketView>();
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, string json) =>
        client.PatchAsync(path, JsonContent(json), Ct);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json) =>
        client.PutAsync(path, JsonContent(json), Ct);

    public static async Task<CommentList> CommentsAsync(this HttpClient client, string ticketId, string query = "")
    {
        using var response = await client.GetAsync($"tickets/{ticketId}/comments{query}", Ct);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<CommentList>();
    }

    public static async Task<HttpResponseMessage> PostCommentAsync(this HttpClient client, string ticketId, string json, string? idempotencyKey = null) =>
        await client.PostJsonAsync($"tickets/{ticketId}/comments", json, idempotencyKey);

    /// <summary>Uploads <paramref name="content"/> as the <c>file</c> part, as a browser or HttpClient would.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(
        this HttpClient client,
        string ticketId,
        HttpContent content,
        string fileName,
        string? uploadedBy = null,
        string? idempotencyKey = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(content, "file", fileName);
        if (uploadedBy is not null)
        {
            form.Add(new StringContent(uploadedBy, Encoding.UTF8), "uploaded_by_name");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"tickets/{ticketId}/attachments") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, Ct);
    }

    /// <summary>
    /// A multipart body whose file part carries <paramref name="contentDisposition"/> exactly as
    /// given, for names HttpClient refuses to encode itself (line breaks) or encodes its own way.
    /// </summary>
    public static MultipartFormDataContent RawFilePart(byte[] bytes, string contentDisposition)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.TryAddWithoutValidation("Content-Disposition", contentDisposition).ShouldBeTrue();
        return new MultipartFormDataContent { part };
    }

    public static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A client for the keyless admin API of <paramref name="host"/>.</summary>
    public static HttpClient CreateAdminClient(this SimulatorHost host) => new() { BaseAddress = host.BaseUrl };

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}

internal sealed record TicketList(List<TicketView> Data, PaginationView Pagination);

internal sealed record PaginationView(int Page, int Limit, int Total, int TotalPages);

internal sealed record TicketView(
    string Id,
    string TicketNumber,
    string Title,
    string? Description,
    string Status,
    string Priority,
    string? Category,
    string? RequesterId,
    string? RequesterName,
    string? RequesterEmail,
    string? AssigneeId,
    string? AssigneeName,
    string? Department,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? DueDate,
    List<string> Tags,
    JsonElement CustomFields);

internal sealed record ErrorView(ErrorDetail Error);

internal sealed record ErrorDetail(string Code, string Message, Dictionary<string, string[]>? Details);

internal sealed record CommentView(
    string Id,
    string TicketId,
    string? AuthorName,
    string? AuthorEmail,
    string Body,
    string Visibility,
    DateTimeOffset CreatedAt);

internal sealed record CommentList(List<CommentView> Data, PaginationView Pagination);

internal sealed record AttachmentView(
    string Id,
    string TicketId,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string? UploadedByName,
    DateTimeOffset CreatedAt);

internal sealed record AttachmentList(List<AttachmentView> Data);

internal sealed record TombstoneView(string Id, DateTimeOffset DeletedAt);

internal sealed record TombstoneList(List<TombstoneView> Data, PaginationView Pagination);

internal sealed record AgentView(string Id, string Name, string Email, bool Active);

internal sealed record AgentList(List<AgentView> Data);

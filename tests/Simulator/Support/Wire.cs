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

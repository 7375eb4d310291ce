using System.Diagnostics;
using System.Net;
using Ticketing.Simulator.Faults;
using Ticketing.Simulator.Tests.Support;

namespace Ticketing.Simulator.Tests;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;
    private HttpClient _client = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 30 }, Wire.Ct);
        _client = _host.CreateClient();
        _admin = _host.CreateAdminClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _admin.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_error_rate_of_1_answers_every_request_with_a_transient_5xx()
    {
        using var put = await _admin.PutJsonAsync("_sim/faults", """{"error_rate":1}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK);

        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await _client.GetAsync("tickets", Wire.Ct);
            statuses.Add((int)response.StatusCode);
            (await response.ReadAsync<ErrorView>()).Error.Code.ShouldNotBeNullOrEmpty();
        }

        statuses.ShouldAllBe(status => status == 500 || status == 502 || status == 503 || status == 504);
        _host.Counters.FaultsInjected.ShouldBe(20);
        _host.Counters.Requests.ShouldBe(20);
    }

    [Theory]
    [InlineData("GET", "tickets/deleted")]
    [InlineData("GET", "agents")]
    [InlineData("GET", "tickets/{id}/comments")]
    [InlineData("POST", "tickets/{id}/comments")]
    [InlineData("GET", "tickets/{id}/attachments")]
    [InlineData("POST", "tickets/{id}/attachments")]
    [InlineData("GET", "attachments/{attachment}/content")]
    public async Task Every_fault_applies_to_the_contract_1_1_endpoints(string method, string template)
    {
        var id = _host.Store.Snapshot()[0].Id;
        var attachment = _host.Store.AddAttachment(id, new Tickets.NewAttachmentInput("a.txt", "text/plain", null, Tickets.AttachmentContent.FromBytes([1])), null).Value!;
        var path = template.Replace("{id}", id).Replace("{attachment}", attachment.Id);
        var comments = _host.Store.Comments(id)!.Count;

        _host.Faults.Current = new FaultSettings { ErrorRate = 1 };
        using var error = await SendAsync(method, path);
        _host.Faults.Current = new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 2 };
        using var limited = await SendAsync(method, path);
        _host.Faults.Current = new FaultSettings { Down = true };
        using var down = await SendAsync(method, path);
        _host.Faults.Current = new FaultSettings { LatencyMs = 200 };
        var stopwatch = Stopwatch.StartNew();
        using var slow = await SendAsync(method, path);
        var elapsed = stopwatch.ElapsedMilliseconds;
        _host.Faults.Current = new FaultSettings { HangRate = 1 };
        using var impatient = _host.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);
        await Should.ThrowAsync<TaskCanceledException>(() => impatient.GetAsync(path, Wire.Ct));

        ((int)error.StatusCode).ShouldBeInRange(500, 504);
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ((int)slow.StatusCode).ShouldBeLessThan(300);
        elapsed.ShouldBeGreaterThanOrEqualTo(190);
        await Eventually.UntilAsync(() => _host.Counters.FaultsInjected == 4, "the 5xx, 429, 503 and the hang were counted");
        if (method == "POST" && template.EndsWith("comments", StringComparison.Ordinal))
        {
            _host.Store.Comments(id)!.Count.ShouldBe(comments + 1, "only the slow request got through");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path)
    {
        if (method == "GET")
        {
            return await _client.GetAsync(path, Wire.Ct);
        }

        if (path.EndsWith("comments", StringComparison.Ordinal))
        {
            return await _client.PostJsonAsync(path, """{"body":"Through the faults"}""");
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent([7]), "file", "f.bin" } };
        return await _client.PostAsync(path, form, Wire.Ct);
    }

    [Fact]
    public async Task Rate_limiting_answers_429_with_retry_after()
    {
        _host.Faults.Current = new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 3 };

        using var response = await _client.GetAsync("tickets", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
        (await response.ReadAsync<ErrorView>()).Error.Code.ShouldBe("rate_limited");
    }

    [Fact]
    public async Task Down_answers_503_to_contract_requests_but_not_to_admin_requests()
    {
        using var put = await _admin.PutJsonAsync("_sim/faults", """{"down":true}""");

        using var contract = await _client.GetAsync("tickets/stats", Wire.Ct);
        using var health = await _admin.GetAsync("_sim/health", Wire.Ct);

        contract.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await contract.ReadAsync<ErrorView>()).Error.Code.ShouldBe("service_unavailable");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_the_faults_restores_normal_service()
    {
        using var put = await _admin.PutJsonAsync("_sim/faults", """{"error_rate":1,"down":true}""");
        using var delete = await _admin.DeleteAsync("_sim/faults", Wire.Ct);

        using var response = await _client.GetAsync("tickets", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _host.Faults.Current.ShouldBe(FaultSettings.None);
    }

    [Fact]
    public async Task Latency_delays_every_contract_request()
    {
        _host.Faults.Current = new FaultSettings { LatencyMs = 250 };
        var stopwatch = Stopwatch.StartNew();

        using var response = await _client.GetAsync("tickets?limit=1", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        stopwatch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(240);
    }

    [Fact]
    public async Task Latency_spikes_add_to_the_base_latency()
    {
        _host.Faults.Current = new FaultSettings { LatencySpikeRate = 1, LatencySpikeMs = 300 };
        var stopwatch = Stopwatch.StartNew();

        using var response = await _client.GetAsync("tickets?limit=1", Wire.Ct);

        stopwatch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(290);
    }

    [Fact]
    public async Task A_hung_request_is_never_answered_until_the_client_gives_up()
    {
        _host.Faults.Current = new FaultSettings { HangRate = 1 };
        using var impatient = _host.CreateClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(300);

        var request = impatient.GetAsync("tickets", Wire.Ct);

        // The hang is counted when the request reaches the simulator; on a loaded machine that may be
        // after the client has already given up, so wait for the count rather than read it once.
        await Should.ThrowAsync<TaskCanceledException>(() => request);
        await Eventually.UntilAsync(() => _host.Counters.FaultsInjected == 1, "the hang was counted as an injected fault");
    }

    [Fact]
    public async Task A_reset_request_gets_no_answer_but_a_cut_connection()
    {
        using var put = await _admin.PutJsonAsync("_sim/faults", """{"reset_rate":1}""");
        put.StatusCode.ShouldBe(HttpStatusCode.OK);

        await Should.ThrowAsync<HttpRequestException>(() => _client.GetAsync("tickets", Wire.Ct));
        using var health = await _admin.GetAsync("_sim/health", Wire.Ct);

        health.StatusCode.ShouldBe(HttpStatusCode.OK, "the admin API is never cut");
        await Eventually.UntilAsync(() => _host.Counters.FaultsInjected == 1, "the reset was counted as an injected fault");
    }

    [Fact]
    public async Task Faults_can_be_set_at_start_like_the_command_line_flags()
    {
        await using var host = await SimulatorHost.StartAsync(new SimulatorSettings { TicketCount = 5, Down = true, RetryAfterSeconds = 9 }, Wire.Ct);
        using var client = host.CreateClient();

        using var response = await client.GetAsync("tickets", Wire.Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        host.Faults.Current.RetryAfterSeconds.ShouldBe(9);
    }

    [Fact]
    public async Task The_faults_endpoint_reads_back_what_was_put()
    {
        using var put = await _admin.PutJsonAsync("_sim/faults", """{"error_rate":0.3,"rate_limit_rate":0.1,"retry_after_seconds":2,"latency_ms":5,"latency_spike_rate":0.1,"latency_spike_ms":1000,"hang_rate":0.01,"reset_rate":0.02,"down":false}""");

        var faults = await _admin.GetStringAsync("_sim/faults", Wire.Ct);

        faults.ShouldBe("""{"error_rate":0.3,"rate_limit_rate":0.1,"retry_after_seconds":2,"latency_ms":5,"latency_spike_rate":0.1,"latency_spike_ms":1000,"hang_rate":0.01,"reset_rate":0.02,"down":false}""");
    }

    [Theory]
    [InlineData("""{"error_rate":1.5}""", "error_rate")]
    [InlineData("""{"latency_ms":-1}""", "latency_ms")]
    [InlineData("""{"error_rate":"lots"}""", "error_rate")]
    public async Task Rejects_invalid_fault_settings_with_422(string body, string field)
    {
        using var response = await _admin.PutJsonAsync("_sim/faults", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ReadAsync<ErrorView>()).Error.Details.ShouldNotBeNull().ShouldContainKey(field);
        _host.Faults.Current.ShouldBe(FaultSettings.None);
    }
}

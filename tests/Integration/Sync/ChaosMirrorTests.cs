using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Ticketing.Domain.Sync;
using Ticketing.IntegrationTests.Webhooks;
using Ticketing.Simulator;
using Ticketing.Simulator.Tickets;
using SimStatus = Ticketing.Simulator.Tickets.TicketStatus;

namespace Ticketing.IntegrationTests.Sync;

/// <summary>
/// The promise of the mirror: whatever the webhooks do (lost, repeated, out of order), one
/// incremental sync afterwards makes the cache equal the remote.
/// </summary>
public sealed class ChaosMirrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_remote_changes_with_dropped_duplicated_and_reordered_webhooks_then_one_incremental_sync_leave_the_cache_equal_to_the_remote()
    {
        await using var capture = await CaptureServer.StartAsync();
        await using var app = await TestApp.StartAsync(new()
        {
            Purpose = "chaos",
            SeedUsers = false,
            Simulator = new SimulatorSettings { TicketCount = 300, Seed = 99, WebhookUrl = capture.Url, WebhookSecret = TestApp.WebhookSecret },
            Settings = new Dictionary<string, string?> { ["Ticketing:Sync:PageSize"] = "100" },
        });
        var simulator = app.Simulator;
        (await app.SyncAsync(full: true)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        var random = new Random(20261127);
        var store = simulator.Store;
        var statuses = Enum.GetValues<SimStatus>();
        var priorities = Enum.GetValues<TicketPriority>();
        for (var i = 0; i < 1000; i++)
        {
            var live = store.Snapshot();
            var target = live[random.Next(live.Count)];
            switch (random.Next(100))
            {
                case < 15:
                    store.CreateGenerated(random);
                    break;
                case < 30:
                    store.AddComment(target.Id, "Chaos Monkey", $"Comment {i}").ShouldNotBeNull();
                    break;
                case < 55:
                    store.Update(target.Id, new TicketPatch { Status = Optional<SimStatus>.Of(statuses[random.Next(statuses.Length)]) });
                    break;
                case < 75:
                    store.Update(target.Id, new TicketPatch { Priority = Optional<TicketPriority>.Of(priorities[random.Next(priorities.Length)]) });
                    break;
                default:
                    store.Update(target.Id, new TicketPatch
                    {
                        AssigneeId = Optional<string?>.Of($"agt_{random.Next(1, 13)}"),
                        AssigneeName = Optional<string?>.Of($"Agent {random.Next(1, 13)}"),
                        Title = Optional<string>.Of($"{target.Title.Split(" #")[0]} #{i}"),
                    });
                    break;
            }
        }

        await Eventually.UntilAsync(() => Task.FromResult(simulator.Webhooks.Pending == 0 && capture.Messages.Count >= simulator.Counters.WebhooksSent),
            "every webhook reached the capture server", TimeSpan.FromSeconds(60));
        var delivered = capture.Messages.ToList();
        // A change that changes nothing (a status set to the one it had) sends no webhook.
        delivered.Count.ShouldBe((int)simulator.Counters.WebhooksSent);
        delivered.Count.ShouldBeGreaterThan(800);

        var chaos = new List<CapturedMessage>();
        foreach (var message in delivered)
        {
            var roll = random.NextDouble();
            if (roll < 0.25)
            {
                continue;
            }

            chaos.Add(message);
            if (roll > 0.8)
            {
                chaos.Add(message);
            }
        }

        foreach (var message in chaos.OrderBy(_ => random.Next()))
        {
            using var response = await app.SendWebhookAsync(message.ToRequest());
            ((int)response.StatusCode).ShouldBeInRange(200, 299);
        }

        await app.UntilWebhooksProcessedAsync(TimeSpan.FromSeconds(60));
        (await app.SyncAsync(full: false)).Result.ShouldNotBeNull().Run.Status.ShouldBe(SyncStatus.Success);

        await using var db = app.Database.CreateDbContext();
        var cached = await db.Tickets.AsNoTracking().Where(t => t.DeletedAt == null).ToDictionaryAsync(t => t.ExternalTicketId, Ct);
        MirrorAssert.Equal(store.Snapshot(), cached);
    }

    private sealed record CapturedMessage(byte[] Body, string Id, string Timestamp, string Signature)
    {
        public HttpRequestMessage ToRequest() => WebhookRequests.Request(Body, Id, Timestamp, Signature);
    }

    /// <summary>Stands in for the app at the simulator's webhook URL and keeps every message as sent.</summary>
    private sealed class CaptureServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private CaptureServer(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public ConcurrentQueue<CapturedMessage> Messages { get; } = new();

        public static async Task<CaptureServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
            var app = builder.Build();
            CaptureServer? server = null;
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                server!.Messages.Enqueue(new CapturedMessage(
                    buffer.ToArray(),
                    request.Headers["webhook-id"].ToString(),
                    request.Headers["webhook-timestamp"].ToString(),
                    request.Headers["webhook-signature"].ToString()));
                return Results.Ok();
            });
            await app.StartAsync(Ct);
            server = new CaptureServer(app, new Uri(new Uri(app.Urls.First()), "/hook"));
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

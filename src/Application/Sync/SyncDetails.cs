using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ticketing.Application.Sync;

/// <summary>The <c>details</c> JSON of a sync run: what an operator needs to understand it.</summary>
public sealed class SyncDetails
{
    public const int MaxFailedRecords = 200;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Mode { get; set; } = "incremental";
    public DateTimeOffset? Since { get; set; }
    public DateTimeOffset? WatermarkBefore { get; set; }
    public DateTimeOffset? WatermarkAfter { get; set; }
    public int Pages { get; set; }
    public int Retries { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Deleted { get; set; }
    public long DurationMs { get; set; }
    public List<FailedRecord> FailedRecords { get; set; } = [];
    public int FailedRecordsOmitted { get; set; }

    public sealed record FailedRecord(string? Id, string Reason);

    public void AddFailure(string? id, string reason)
    {
        if (FailedRecords.Count < MaxFailedRecords)
        {
            FailedRecords.Add(new FailedRecord(id, reason));
        }
        else
        {
            FailedRecordsOmitted++;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SyncDetails? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SyncDetails>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

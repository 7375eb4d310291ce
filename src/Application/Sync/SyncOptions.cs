namespace Ticketing.Application.Sync;

/// <summary>Sync settings, bound from <c>Ticketing:Sync</c>.</summary>
public sealed class SyncOptions
{
    public const string Section = "Ticketing:Sync";

    /// <summary>Tickets asked for per remote page (the remote clamps to 500).</summary>
    public int PageSize { get; set; } = 500;
}

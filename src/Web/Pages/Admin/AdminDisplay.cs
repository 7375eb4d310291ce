using System.Globalization;
using Ticketing.Application.Sync;
using Ticketing.Domain.Sync;

namespace Ticketing.Web.Pages.Admin;

/// <summary>Labels and formats shared by the admin pages.</summary>
public static class AdminDisplay
{
    public static string Label(SyncType type) => type switch
    {
        SyncType.Manual => "Manual",
        SyncType.Scheduled => "Scheduled",
        SyncType.Webhook => "Webhook",
        _ => type.ToString(),
    };

    public static string Label(SyncStatus status) => status switch
    {
        SyncStatus.InProgress => "In progress",
        SyncStatus.Success => "Success",
        SyncStatus.Partial => "Partial",
        SyncStatus.Failed => "Failed",
        _ => status.ToString(),
    };

    public static string Badge(SyncStatus status) => status switch
    {
        SyncStatus.Success => "text-bg-success",
        SyncStatus.Partial => "text-bg-warning",
        SyncStatus.Failed => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.0} s",
        { } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
    };

    /// <summary>In words, what became of the comments and attachments read after a run (decision 116).</summary>
    public static string CommentsState(SyncDetails details) => details.CommentsState switch
    {
        SyncDetails.CommentsWaiting => "Waiting to be read (the run's tickets are stored)",
        SyncDetails.CommentsReading => "Being read now",
        // The figure and its unit on one line, even in a narrow cell.
        SyncDetails.CommentsRead => $"Read after the run, in {Duration(TimeSpan.FromMilliseconds(details.StepMs.GetValueOrDefault("comments"))).Replace(' ', '\u00a0')}",
        SyncDetails.CommentsInterrupted => "Stopped part-way; the rest are read by the next sync",
        SyncDetails.CommentsBusy => "Read by another instance that was already reading",
        _ => "Not read after this run",
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Invariant, for data attributes the charts read.</summary>
    public static string Invariant(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}

namespace Ticketing.Application.Common.Caching;

/// <summary>Evicts cached answers when the data behind them changes.</summary>
public interface ICacheInvalidator
{
    /// <summary>
    /// Every answer carrying any of <paramref name="tags"/> is gone for every later read, including an
    /// answer whose load was still running when this was called. Call it after the change is committed.
    /// </summary>
    ValueTask InvalidateAsync(params string[] tags);
}

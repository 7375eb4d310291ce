namespace Ticketing.Application.Triage;

/// <summary>Starts a training run in the background (the job server), so "Train now" answers at once.</summary>
public interface ITriageTrainingQueue
{
    /// <summary>Queues one run; returns the job's id.</summary>
    string Enqueue();
}

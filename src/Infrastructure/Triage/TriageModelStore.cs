using Microsoft.EntityFrameworkCore;
using Ticketing.Application.Triage;
using Ticketing.Domain.Triage;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Triage;

internal sealed class TriageModelStore(TicketingDbContext db, TimeProvider clock) : ITriageModelStore
{
    public async Task StoreAsync(TriageModel model, bool activate, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (activate)
        {
            await db.TriageModels
                .Where(m => m.Target == model.Target && m.IsActive)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false), cancellationToken);
        }

        model.IsActive = activate;
        db.TriageModels.Add(model);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(model).State = EntityState.Detached;
    }

    public async Task<IReadOnlyList<TriageModel>> GetHistoryAsync(int count, CancellationToken cancellationToken) =>
        await db.TriageModels.AsNoTracking()
            .OrderByDescending(m => m.Version)
            .Take(count)
            .Select(m => new TriageModel
            {
                Version = m.Version,
                RunId = m.RunId,
                Target = m.Target,
                TrainedAt = m.TrainedAt,
                TrainingMilliseconds = m.TrainingMilliseconds,
                TicketsRead = m.TicketsRead,
                TrainCount = m.TrainCount,
                TestCount = m.TestCount,
                Accuracy = m.Accuracy,
                MacroF1 = m.MacroF1,
                MajorityAccuracy = m.MajorityAccuracy,
                MajorityMacroF1 = m.MajorityMacroF1,
                KeywordAccuracy = m.KeywordAccuracy,
                KeywordMacroF1 = m.KeywordMacroF1,
                Labels = m.Labels,
                ConfusionJson = m.ConfusionJson,
                KeywordsJson = m.KeywordsJson,
                IsActive = m.IsActive,
                Decision = m.Decision,
            })
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<TriageTarget, long>> GetActiveVersionsAsync(CancellationToken cancellationToken) =>
        await db.TriageModels.AsNoTracking()
            .Where(m => m.IsActive)
            .Select(m => new { m.Target, m.Version })
            .ToDictionaryAsync(m => m.Target, m => m.Version, cancellationToken);

    public Task<TriageModel?> GetAsync(long version, CancellationToken cancellationToken) =>
        db.TriageModels.AsNoTracking().FirstOrDefaultAsync(m => m.Version == version, cancellationToken);

    public async Task<TriageSettings> GetSettingsAsync(CancellationToken cancellationToken) =>
        await db.TriageSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == TriageSettings.SingletonId, cancellationToken) ?? new TriageSettings();

    public async Task SaveSettingsAsync(TriageSettings settings, CancellationToken cancellationToken)
    {
        settings.Id = TriageSettings.SingletonId;
        settings.UpdatedAt = clock.GetUtcNow();
        var exists = await db.TriageSettings.AsNoTracking().AnyAsync(cancellationToken);
        if (exists)
        {
            db.TriageSettings.Update(settings);
        }
        else
        {
            db.TriageSettings.Add(settings);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.Entry(settings).State = EntityState.Detached;
    }

    public async Task AddFeedbackAsync(IReadOnlyList<TriageFeedback> feedback, CancellationToken cancellationToken)
    {
        db.TriageFeedback.AddRange(feedback);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TriageAcceptance>> GetAcceptanceAsync(CancellationToken cancellationToken)
    {
        var rows = await db.TriageFeedback.AsNoTracking()
            .GroupBy(f => f.Target)
            .Select(g => new { Target = g.Key, Accepted = g.Count(f => f.Accepted), Overridden = g.Count(f => !f.Accepted) })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TriageAcceptance(r.Target, r.Accepted, r.Overridden)).OrderBy(a => a.Target).ToList();
    }
}

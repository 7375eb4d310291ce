using Mediator;
using Ticketing.Application.Common.Interfaces;

namespace Ticketing.Application.Sync.Commands.BackfillComments;

/// <summary>
/// The schedule's catch-up for comments and attachments (decision 116): reads those of tickets still
/// waiting after the latest finished run (a run whose own backfill was interrupted, met another instance
/// reading, or left more than its budget), and adds what it read to that run's details. Every run reads
/// its own right after it is complete; this only covers what that left.
/// </summary>
public sealed record BackfillCommentsCommand : ICommand<CommentBackfillResult>, ISystemRequest;

public sealed class BackfillCommentsHandler(CommentBackfill backfill) : ICommandHandler<BackfillCommentsCommand, CommentBackfillResult>
{
    public async ValueTask<CommentBackfillResult> Handle(BackfillCommentsCommand command, CancellationToken cancellationToken) =>
        await backfill.RunAsync(runId: null, cancellationToken);
}

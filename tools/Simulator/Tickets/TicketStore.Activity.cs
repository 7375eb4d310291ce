using Ticketing.Simulator.Seeding;

namespace Ticketing.Simulator.Tickets;

/// <summary>Comments, attachments and the deletions feed (contract 1.1), under the store's one lock.</summary>
public sealed partial class TicketStore
{
    /// <summary>Every comment of a ticket, oldest first (ties by id); null when the ticket does not exist.</summary>
    public IReadOnlyList<TicketComment>? Comments(string ticketId)
    {
        Ticket? ticket;
        TicketComment[] added;
        int seed;
        _lock.EnterReadLock();
        try
        {
            if (!_byId.TryGetValue(ticketId, out ticket))
            {
                return null;
            }

            added = _addedComments.TryGetValue(ticketId, out var list) ? [.. list] : [];
            seed = _seed;
        }
        finally
        {
            _lock.ExitReadLock();
        }

        // Added comments always come after the seeded ones (see AddComment), so appending keeps the order.
        var all = SeededComments.For(ticket, seed);
        all.AddRange(added);
        return all;
    }

    /// <summary>One page of a ticket's comments with created_at at or after <paramref name="since"/>; null when the ticket does not exist.</summary>
    public PageResult<TicketComment>? QueryComments(string ticketId, DateTime? since, int page, int limit)
    {
        if (Comments(ticketId) is not { } all)
        {
            return null;
        }

        var from = 0;
        if (since is { } after)
        {
            while (from < all.Count && all[from].CreatedAt < after)
            {
                from++;
            }
        }

        var skip = (long)(page - 1) * limit;
        var total = all.Count - from;
        var items = skip >= total ? [] : all.Skip(from + (int)skip).Take(limit).ToList();
        return new PageResult<TicketComment>(items, total);
    }

    /// <summary>
    /// Adds a comment; the ticket's updated_at moves and a <c>ticket.comment_added</c> webhook
    /// follows (unless <paramref name="notify"/> is false, as if it had been lost). A comment's
    /// created_at is later than every earlier comment's on the ticket, so new comments only ever
    /// join the end of the list and a client paging through it misses none.
    /// </summary>
    public PostResult<TicketComment> AddComment(string ticketId, NewCommentInput input, string? idempotencyKey, bool notify = true) =>
        AddComment(ticketId, input, idempotencyKey, notify, out _);

    private PostResult<TicketComment> AddComment(string ticketId, NewCommentInput input, string? idempotencyKey, bool notify, out Ticket? updated)
    {
        updated = null;
        _lock.EnterWriteLock();
        try
        {
            var now = Timestamps.Now(_time);
            if (_commentKeys.Find(idempotencyKey, now) is { } earlier)
            {
                return new PostResult<TicketComment>(PostOutcome.Replayed, earlier);
            }

            if (!_byId.TryGetValue(ticketId, out var current))
            {
                return new PostResult<TicketComment>(PostOutcome.TicketNotFound, null);
            }

            var createdAt = now;
            var previous = LatestComment(current);
            if (previous is { } latest && latest >= createdAt)
            {
                createdAt = latest.AddMilliseconds(1);
            }

            var comment = new TicketComment(
                SeededComments.Id(_nextCommentSequence++, _seed),
                ticketId,
                input.AuthorName,
                input.AuthorEmail,
                input.Body,
                input.Visibility,
                createdAt);
            if (!_addedComments.TryGetValue(ticketId, out var comments))
            {
                comments = [];
                _addedComments[ticketId] = comments;
            }

            comments.Add(comment);
            _commentKeys.Remember(idempotencyKey, comment, now);
            updated = current with { UpdatedAt = NextUpdatedAt(current.UpdatedAt, createdAt) };
            Replace(current, updated);
            if (notify)
            {
                _changes.Publish(new TicketChange(TicketChangeKind.CommentAdded, updated, comment, now));
            }

            return new PostResult<TicketComment>(PostOutcome.Created, comment);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every attachment of a ticket, oldest first (each later than the one before); null when the ticket does not exist.</summary>
    public IReadOnlyList<TicketAttachment>? Attachments(string ticketId)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_byId.ContainsKey(ticketId))
            {
                return null;
            }

            return _attachmentsByTicket.TryGetValue(ticketId, out var list) ? [.. list] : [];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>An attachment of a live ticket, or null.</summary>
    public TicketAttachment? FindAttachment(string attachmentId)
    {
        _lock.EnterReadLock();
        try
        {
            return _attachments.GetValueOrDefault(attachmentId);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// What a POST of an attachment would come to before its body is read: a replay, a missing
    /// ticket or a full one; null when the upload should be read. <see cref="AddAttachment"/>
    /// checks again, since things may change while the bytes arrive.
    /// </summary>
    public PostResult<TicketAttachment>? PrecheckAttachment(string ticketId, string? idempotencyKey)
    {
        _lock.EnterReadLock();
        try
        {
            var now = Timestamps.Now(_time);
            if (_attachmentKeys.Find(idempotencyKey, now) is { } earlier)
            {
                return new PostResult<TicketAttachment>(PostOutcome.Replayed, earlier);
            }

            if (!_byId.ContainsKey(ticketId))
            {
                return new PostResult<TicketAttachment>(PostOutcome.TicketNotFound, null);
            }

            return AttachmentCount(ticketId) >= MaxAttachmentsPerTicket
                ? new PostResult<TicketAttachment>(PostOutcome.LimitReached, null)
                : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Stores an attachment: the ticket's updated_at moves, as for a comment, and a
    /// <c>ticket.attachment_added</c> webhook follows (unless <paramref name="notify"/> is false).
    /// </summary>
    public PostResult<TicketAttachment> AddAttachment(string ticketId, NewAttachmentInput input, string? idempotencyKey, bool notify = true)
    {
        _lock.EnterWriteLock();
        try
        {
            var now = Timestamps.Now(_time);
            if (_attachmentKeys.Find(idempotencyKey, now) is { } earlier)
            {
                return new PostResult<TicketAttachment>(PostOutcome.Replayed, earlier);
            }

            if (!_byId.TryGetValue(ticketId, out var current))
            {
                return new PostResult<TicketAttachment>(PostOutcome.TicketNotFound, null);
            }

            if (!_attachmentsByTicket.TryGetValue(ticketId, out var attachments))
            {
                attachments = [];
                _attachmentsByTicket[ticketId] = attachments;
            }

            if (attachments.Count >= MaxAttachmentsPerTicket)
            {
                return new PostResult<TicketAttachment>(PostOutcome.LimitReached, null);
            }

            // As for comments: later than the ticket's previous attachment, so the list keeps the upload order.
            var createdAt = attachments.Count > 0 && attachments[^1].CreatedAt >= now ? attachments[^1].CreatedAt.AddMilliseconds(1) : now;
            var attachment = new TicketAttachment(
                OpaqueIds.Create("att_", ++_lastAttachmentNumber, _seed ^ AttachmentIdSalt),
                ticketId,
                input.FileName,
                input.ContentType,
                input.Content.Length,
                input.Content.Sha256,
                input.UploadedByName,
                createdAt)
            {
                Content = input.Content,
            };
            attachments.Add(attachment);

            _attachments[attachment.Id] = attachment;
            _attachmentKeys.Remember(idempotencyKey, attachment, now);
            var updated = current with { UpdatedAt = NextUpdatedAt(current.UpdatedAt, now) };
            Replace(current, updated);
            if (notify)
            {
                _changes.Publish(new TicketChange(TicketChangeKind.AttachmentAdded, updated, null, now, attachment));
            }

            return new PostResult<TicketAttachment>(PostOutcome.Created, attachment);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every tombstone, oldest first (ties by id).</summary>
    public IReadOnlyList<Tombstone> Tombstones()
    {
        _lock.EnterReadLock();
        try
        {
            return [.. _tombstones];
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>One page of the tombstones with deleted_at at or after <paramref name="since"/>.</summary>
    public PageResult<Tombstone> QueryTombstones(DateTime? since, int page, int limit)
    {
        _lock.EnterReadLock();
        try
        {
            var from = since is { } after ? LowerBound(after) : 0;
            var total = _tombstones.Count - from;
            var skip = (long)(page - 1) * limit;
            if (skip >= total)
            {
                return new PageResult<Tombstone>([], total);
            }

            var start = from + (int)skip;
            return new PageResult<Tombstone>(_tombstones.GetRange(start, Math.Min(limit, _tombstones.Count - start)), total);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private int AttachmentCount(string ticketId) => _attachmentsByTicket.TryGetValue(ticketId, out var list) ? list.Count : 0;

    private DateTime? LatestComment(Ticket ticket)
    {
        if (_addedComments.TryGetValue(ticket.Id, out var added) && added.Count > 0)
        {
            return added[^1].CreatedAt;
        }

        var seeded = SeededComments.For(ticket, _seed);
        return seeded.Count > 0 ? seeded[^1].CreatedAt : null;
    }

    /// <summary>
    /// deleted_at never goes backwards (a clock that steps back repeats the last instant), so a
    /// tombstone joins the end of the feed, or the run of ties at its end in id order.
    /// </summary>
    private void AddTombstone(string id, DateTime now)
    {
        var deletedAt = _tombstones.Count > 0 && _tombstones[^1].DeletedAt > now ? _tombstones[^1].DeletedAt : now;
        var position = _tombstones.Count;
        while (position > 0 && _tombstones[position - 1].DeletedAt == deletedAt && string.CompareOrdinal(_tombstones[position - 1].Id, id) > 0)
        {
            position--;
        }

        _tombstones.Insert(position, new Tombstone(id, deletedAt));
    }

    private int LowerBound(DateTime since)
    {
        int low = 0, high = _tombstones.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_tombstones[middle].DeletedAt < since)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

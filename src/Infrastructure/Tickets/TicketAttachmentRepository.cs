using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Application.Common.Interfaces;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Persistence;

namespace Ticketing.Infrastructure.Tickets;

/// <summary>
/// Attachment metadata in the mirror. A new attachment changes no cached figure, so nothing is evicted.
/// </summary>
internal sealed class TicketAttachmentRepository(TicketingDbContext db, NpgsqlDataSource dataSource) : ITicketAttachmentRepository
{
    /// <summary>
    /// Stores attachments once by remote id; the remote never changes one, so a repeat keeps the first copy.
    /// Parameters: @ext, @ids, @names, @types, @sizes, @hashes, @uploaders, @created (arrays).
    /// </summary>
    private const string AddSql = """
        WITH ticket AS (
            SELECT id FROM tickets_cache WHERE external_ticket_id = @ext
        )
        INSERT INTO ticket_attachments (ticket_id, external_attachment_id, file_name, content_type, size_bytes, sha256, uploaded_by_name, created_at)
        SELECT t.id, x.id, x.name, x.type, x.size, x.hash, x.uploader, x.created
        FROM ticket t
        CROSS JOIN (
            SELECT DISTINCT ON (u.id) u.*
            FROM unnest(@ids, @names, @types, @sizes, @hashes, @uploaders, @created) AS u(id, name, type, size, hash, uploader, created)
            ORDER BY u.id) x
        ON CONFLICT (external_attachment_id) DO NOTHING
        """;

    public Task<int> AddAsync(string externalTicketId, IReadOnlyCollection<TicketAttachment> attachments, CancellationToken cancellationToken) =>
        MirrorDataErrors.TranslateAsync(async () =>
        {
            if (attachments.Count == 0)
            {
                return 0;
            }

            await using var command = dataSource.CreateCommand(AddSql);
            command.Parameters.Add(new NpgsqlParameter("ext", NpgsqlDbType.Text) { Value = externalTicketId });
            command.Parameters.Add(TextArray("ids", attachments.Select(a => a.ExternalAttachmentId)));
            command.Parameters.Add(TextArray("names", attachments.Select(a => a.FileName)));
            command.Parameters.Add(TextArray("types", attachments.Select(a => a.ContentType)));
            command.Parameters.Add(new NpgsqlParameter("sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = attachments.Select(a => a.SizeBytes).ToArray() });
            command.Parameters.Add(TextArray("hashes", attachments.Select(a => a.Sha256)));
            command.Parameters.Add(TextArray("uploaders", attachments.Select(a => a.UploadedByName)));
            command.Parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = attachments.Select(a => a.CreatedAt.ToUniversalTime()).ToArray() });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public async Task<IReadOnlyList<TicketAttachment>> GetAttachmentsAsync(Guid ticketId, CancellationToken cancellationToken) =>
        await db.TicketAttachments.AsNoTracking()
            .Where(a => a.TicketId == ticketId)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.ExternalAttachmentId)
            .ToListAsync(cancellationToken);

    private static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };
}

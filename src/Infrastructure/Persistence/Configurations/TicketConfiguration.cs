using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;
using Ticketing.Domain.Tickets;
using Ticketing.Infrastructure.Tickets;

namespace Ticketing.Infrastructure.Persistence.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    /// <summary>Only tickets the remote still has are listed, so list indexes skip deleted rows.</summary>
    private const string NotDeleted = "deleted_at IS NULL";

    public const string CommentsSyncedThrough = "CommentsSyncedThrough";

    public const string SearchDocument = "SearchDocument";

    // The separators become spaces through nested replace() calls, not one translate(): the same text,
    // but translate() measures each character of its set for each character of the text, a quarter of
    // the document's cost in an initial load (decision 109).
    private const string SearchDocumentSql =
        "setweight(to_tsvector('simple'::regconfig, replace(ticket_number::text, '-', ' ')), 'A') || " +
        "setweight(to_tsvector('simple'::regconfig, replace(replace(replace(replace(replace(replace(title::text, '@', ' '), '.', ' '), '/', ' '), ':', ' '), '<', ' '), '>', ' ')), 'B') || " +
        "setweight(to_tsvector('simple'::regconfig, replace(replace(replace(replace(replace(replace(coalesce(description, ''), '@', ' '), '.', ' '), '/', ' '), ':', ' '), '<', ' '), '>', ' ')), 'C')";

    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        // Room on each page for HOT updates: a sync touching last_synced_at (not indexed) then rewrites no index.
        builder.HasStorageParameter("fillfactor", 90);
        builder.ToTable("tickets_cache", t =>
        {
            t.HasCheckConstraint("ck_tickets_cache_status", EnumText.CheckSql<TicketStatus>("status"));
            t.HasCheckConstraint("ck_tickets_cache_priority", EnumText.CheckSql<TicketPriority>("priority"));
        });

        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(t => t.ExternalTicketId).HasMaxLength(128);
        builder.Property(t => t.TicketNumber).HasMaxLength(64);
        builder.Property(t => t.Title).HasMaxLength(500);
        builder.Property(t => t.Status).HasWireNameConversion();
        builder.Property(t => t.Priority).HasWireNameConversion();
        builder.Property(t => t.Category).HasMaxLength(200);
        builder.Property(t => t.RequesterId).HasMaxLength(128);
        builder.Property(t => t.RequesterName).HasMaxLength(200);
        builder.Property(t => t.RequesterEmail).HasMaxLength(320);
        builder.Property(t => t.AssigneeId).HasMaxLength(128);
        builder.Property(t => t.AssigneeName).HasMaxLength(200);
        builder.Property(t => t.Department).HasMaxLength(200);
        builder.Property(t => t.Tags).HasColumnType("text[]");
        builder.Property(t => t.CustomFieldsJson).HasColumnName("custom_fields").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");

        // Workflow and severity orders as stored columns, so sorting by them can use an index.
        // Nullable so that a value outside the contract trips the named CHECK constraint, not NOT NULL.
        builder.Property<short?>("StatusRank")
            .HasColumnName("status_rank")
            .HasComputedColumnSql(EnumText.RankSql<TicketStatus>("status"), stored: true);
        builder.Property<short?>("PriorityRank")
            .HasColumnName("priority_rank")
            .HasComputedColumnSql(EnumText.RankSql<TicketPriority>("priority"), stored: true);

        // The version as of which the ticket's comments were last read completely; the sync reads them
        // again for every ticket changed since (by sync or webhook), a few hundred per run.
        builder.Property<DateTimeOffset?>(CommentsSyncedThrough).HasColumnName("comments_synced_through");
        builder.HasIndex(t => t.UpdatedAt, "ix_tickets_cache_comment_backfill")
            .HasDatabaseName("ix_tickets_cache_comment_backfill")
            .IsDescending()
            .HasFilter("deleted_at IS NULL AND (comments_synced_through IS NULL OR comments_synced_through < updated_at)");

        builder.Ignore(t => t.IsDeleted);
        builder.Ignore(t => t.ResolutionHours);

        builder.HasIndex(t => t.ExternalTicketId).IsUnique();
        builder.HasIndex(t => t.TicketNumber).IsUnique();

        builder.HasIndex(t => new { t.Status, t.Priority }).HasFilter(NotDeleted);
        builder.HasIndex(t => t.Priority).HasFilter(NotDeleted);
        builder.HasIndex(t => t.Department).HasFilter(NotDeleted);
        builder.HasIndex(t => t.Category).HasFilter(NotDeleted);
        builder.HasIndex(t => t.AssigneeId).HasFilter(NotDeleted);
        builder.HasIndex(t => new { t.CreatedAt, t.Id }).HasFilter(NotDeleted);
        builder.HasIndex(t => new { t.UpdatedAt, t.Id }).HasFilter(NotDeleted);
        builder.HasIndex(t => new { t.DueDate, t.Id }).HasFilter(NotDeleted);
        // Due date descending with tickets without one last, as the list sorts it.
        builder.HasIndex(t => new { t.DueDate, t.Id }, "ix_tickets_cache_due_date_desc").HasDatabaseName("ix_tickets_cache_due_date_desc")
            .IsDescending(true, true).HasNullSortOrder(NullSortOrder.NullsLast, NullSortOrder.NullsLast).HasFilter(NotDeleted);
        builder.HasIndex("StatusRank", "Id").HasFilter(NotDeleted);
        // Carries what the KPI resolution figures and the resolved-per-day chart read: index-only scans.
        builder.HasIndex(t => t.ResolvedAt).IncludeProperties(t => new { t.CreatedAt, t.DueDate, t.Status }).HasFilter(NotDeleted);
        builder.HasIndex("PriorityRank", "Id").HasFilter(NotDeleted);

        // Search (docs/decisions/014-search.md): the words of number, title and description in one
        // stored document, weighted in that order; '@', '.', '/' and ':' split words as spaces do, so
        // "vpn.corp.com" and "dana@example.org" are found by their parts, and so do '<' and '>': the
        // parser would take "<script>" for markup and skip every word up to "</script>".
        builder.Property<NpgsqlTsVector>(SearchDocument)
            .HasColumnName("search_document")
            .HasComputedColumnSql(SearchDocumentSql, stored: true);
        builder.HasIndex(SearchDocument).HasMethod("gin").HasFilter(NotDeleted);
        // The same document for one eighth of the live tickets (decision 154): a common word's capped count is
        // proved on this sample's much shorter posting lists before the whole index is read.
        builder.HasIndex([SearchDocument], "ix_tickets_cache_search_document_sample").HasDatabaseName("ix_tickets_cache_search_document_sample")
            .HasMethod("gin").HasFilter($"{NotDeleted} AND {TicketListSql.SearchSampleOfRow}");
        // A fragment of a ticket number ("4217" of IT-004217) as a substring, on a trigram index.
        builder.HasIndex(t => t.TicketNumber, "ix_tickets_cache_ticket_number_trgm").HasDatabaseName("ix_tickets_cache_ticket_number_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

using System.Security.Cryptography;

namespace Ticketing.Simulator.Tickets;

/// <summary>
/// A file attached to a ticket, as the contract's attachment object describes it, plus its bytes.
/// Immutable; the bytes are held once, in the segments they were read in.
/// </summary>
public sealed record TicketAttachment(
    string Id,
    string TicketId,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string? UploadedByName,
    DateTime CreatedAt)
{
    public required AttachmentContent Content { get; init; }
}

/// <summary>What an upload carries, once its bytes are read and hashed.</summary>
public sealed record NewAttachmentInput(string FileName, string ContentType, string? UploadedByName, AttachmentContent Content);

/// <summary>
/// An attachment's bytes as a list of segments, each filled as it was read from the request. An
/// upload is never copied into one contiguous array: a 25 MiB file is held once, in 64 KiB pieces
/// that stay off the large object heap, and written back out piece by piece.
/// </summary>
public sealed class AttachmentContent
{
    public const int SegmentSize = 64 * 1024;

    private readonly IReadOnlyList<byte[]> _segments;

    private AttachmentContent(IReadOnlyList<byte[]> segments, long length, string sha256)
    {
        _segments = segments;
        Length = length;
        Sha256 = sha256;
    }

    public long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public string Sha256 { get; }

    public static AttachmentContent FromBytes(ReadOnlySpan<byte> bytes)
    {
        var segments = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += SegmentSize)
        {
            segments.Add(bytes.Slice(offset, Math.Min(SegmentSize, bytes.Length - offset)).ToArray());
        }

        return new AttachmentContent(segments, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end, hashing as it goes; null as soon as more than
    /// <paramref name="maxBytes"/> arrive, having kept at most <paramref name="maxBytes"/> of them.
    /// </summary>
    public static async Task<AttachmentContent?> ReadAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var segments = new List<byte[]>();
        long length = 0;
        var probe = new byte[1];
        while (true)
        {
            var room = maxBytes - length;
            if (room <= 0)
            {
                // Full: one more byte means too large, and that byte is not kept.
                return await source.ReadAsync(probe, ct) == 0 ? Finish() : null;
            }

            var segment = new byte[(int)Math.Min(SegmentSize, room)];
            var filled = 0;
            while (filled < segment.Length)
            {
                var read = await source.ReadAsync(segment.AsMemory(filled), ct);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (filled > 0)
            {
                hash.AppendData(segment, 0, filled);
                // Only the last segment can be short; trimming it copies at most one segment.
                segments.Add(filled == segment.Length ? segment : segment[..filled]);
                length += filled;
            }

            if (filled < segment.Length)
            {
                return Finish();
            }
        }

        AttachmentContent Finish() => new(segments, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public async Task WriteToAsync(Stream destination, CancellationToken ct)
    {
        foreach (var segment in _segments)
        {
            await destination.WriteAsync(segment, ct);
        }
    }

    public byte[] ToArray()
    {
        var result = new byte[Length];
        var offset = 0;
        foreach (var segment in _segments)
        {
            segment.CopyTo(result, offset);
            offset += segment.Length;
        }

        return result;
    }
}

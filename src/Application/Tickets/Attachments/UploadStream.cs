namespace Ticketing.Application.Tickets.Attachments;

/// <summary>
/// An upload as it is passed on to the remote: the head already read for sniffing, then the rest of
/// the incoming stream, read as the remote client asks for it. It counts what
/// it hands out and fails the read that would pass <paramref name="maxBytes"/>, which aborts the
/// remote request before the remote stores anything; <see cref="Exceeded"/> says why it failed.
/// </summary>
public sealed class UploadStream(byte[] head, int headLength, Stream rest, long maxBytes) : Stream
{
    private int _headPosition;

    public long BytesRead { get; private set; }

    /// <summary>The file turned out larger than allowed; the read that found it out threw.</summary>
    public bool Exceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < headLength)
        {
            return Count(FromHead(buffer));
        }

        return Count(rest.Read(buffer));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < headLength)
        {
            return Count(FromHead(buffer.Span));
        }

        return Count(await rest.ReadAsync(buffer, cancellationToken));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int FromHead(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, headLength - _headPosition);
        head.AsSpan(_headPosition, n).CopyTo(buffer);
        _headPosition += n;
        return n;
    }

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            Exceeded = true;
            throw new IOException($"The file is larger than {maxBytes} bytes.");
        }

        return read;
    }
}

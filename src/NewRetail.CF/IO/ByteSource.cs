namespace NewRetail.CF.IO;

/// <summary>
/// The bytes of a file or a caller's stream, decompressed when they are gzip data. Gzip is recognised by its first
/// two bytes, 1F 8B, whatever the file name, so that <c>.csv.gz</c> files and compressed streams read like plain text.
/// Gzip data whose trailer does not match what it decompressed to, such as a truncated file, throws
/// <see cref="InvalidDataException"/> at its end.
/// </summary>
/// <remarks>Disposing the source closes the file it opened and any decompressor, but never a caller's stream.</remarks>
internal sealed class ByteSource : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const byte GzipFirstByte = 0x1F;
    private const byte GzipSecondByte = 0x8B;

    private readonly Stream? _owned;
    private readonly Stream? _wrapper;

    private ByteSource(Stream raw, Stream? owned)
    {
        _owned = owned;
        Stream readable = raw;
        Span<byte> head = stackalloc byte[2];
        int count;
        if (raw.CanSeek)
        {
            long start = raw.Position;
            count = ReadHead(raw, head);
            raw.Position = start;
        }
        else
        {
            // A stream that cannot seek gets its first bytes back through a wrapper that returns them first.
            count = ReadHead(raw, head);
            readable = _wrapper = new PrefixedStream(head[..count].ToArray(), raw);
        }

        IsGzip = count == 2 && head[0] == GzipFirstByte && head[1] == GzipSecondByte;
        if (IsGzip)
        {
            readable = _wrapper = new GzipTrailerCheck(readable);
        }

        Stream = readable;
    }

    /// <summary>The bytes to read, decompressed. Pass it on with <c>leaveOpen: true</c>, because this source disposes it.</summary>
    internal Stream Stream { get; }

    /// <summary>Whether the bytes were gzip data.</summary>
    internal bool IsGzip { get; }

    /// <summary>Opens the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The path is a folder, or the file does not exist.</exception>
    internal static ByteSource Open(string path)
    {
        TextSources.RejectFolder(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        try
        {
            return new ByteSource(file, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the caller's <paramref name="stream"/> from its current position, and leaves it open.</summary>
    internal static ByteSource Wrap(Stream stream) => new(stream, null);

    public void Dispose()
    {
        _wrapper?.Dispose();
        _owned?.Dispose();
    }

    private static int ReadHead(Stream stream, Span<byte> head)
    {
        int count = 0;
        while (count < head.Length)
        {
            int read = stream.Read(head[count..]);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        return count;
    }

    /// <summary>A read-only stream that returns <c>prefix</c> and then the rest of <c>inner</c>, which it leaves open.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _prefixPosition;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefixPosition < prefix.Length)
            {
                int count = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
                prefix.AsSpan(_prefixPosition, count).CopyTo(buffer);
                _prefixPosition += count;
                return count;
            }

            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefixPosition < prefix.Length)
            {
                return new ValueTask<int>(Read(buffer.Span));
            }

            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

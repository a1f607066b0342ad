using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>
/// Writes the little-endian content of a model file through a buffer while it updates the content checksum, or, without
/// a destination, only counts the bytes it would write.
/// </summary>
/// <remarks>A save runs the same writing code twice: once counting, for the content length of the header, then writing.</remarks>
internal sealed class ContentWriter
{
    private const int BufferSize = 1 << 16;

    private readonly Stream? _destination;
    private readonly byte[] _buffer;
    private int _used;
    private uint _crc = Crc32C.Initial;

    private ContentWriter(Stream? destination)
    {
        _destination = destination;
        _buffer = destination is null ? [] : new byte[BufferSize];
    }

    /// <summary>Whether this writer only counts bytes, so that callers can skip producing them.</summary>
    public bool IsCounting => _destination is null;

    /// <summary>The number of content bytes written or counted so far.</summary>
    public long Position { get; private set; }

    /// <summary>Returns the number of bytes that <paramref name="write"/> produces.</summary>
    public static long Measure(Action<ContentWriter> write)
    {
        var counter = new ContentWriter(null);
        write(counter);
        return counter.Position;
    }

    /// <summary>Creates a writer that writes to <paramref name="destination"/>.</summary>
    public static ContentWriter To(Stream destination) => new(destination);

    /// <summary>Writes the buffered bytes to the destination and returns the CRC-32C of all content written.</summary>
    public uint Complete()
    {
        FlushBuffer();
        return Crc32C.Finish(_crc);
    }

    /// <summary>Writes one section: its tag, its payload length (counted first), then the payload.</summary>
    public void WriteSection(SectionTag tag, Action<ContentWriter> payload)
    {
        long length = Measure(payload);
        WriteUInt32((uint)tag);
        WriteInt64(length);
        long start = Position;
        payload(this);
        if (Position - start != length)
        {
            throw new InvalidOperationException($"Section {SectionTags.Name(tag)} wrote {Position - start} bytes after counting {length}; the model changed during the save.");
        }
    }

    /// <summary>Counts <paramref name="length"/> bytes without producing them.</summary>
    /// <exception cref="InvalidOperationException">The writer writes to a stream.</exception>
    public void Count(int length)
    {
        if (!IsCounting)
        {
            throw new InvalidOperationException("Only a counting writer can skip bytes.");
        }

        Position += length;
    }

    public void WriteByte(byte value)
    {
        Span<byte> bytes = [value];
        WriteBytes(bytes);
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    public void WriteInt64(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    public void WriteDouble(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    /// <summary>Writes <paramref name="values"/> as consecutive little-endian 32-bit integers.</summary>
    public void WriteInt32s(ReadOnlySpan<int> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> bytes = stackalloc byte[4];
        foreach (int value in values)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            WriteBytes(bytes);
        }
    }

    /// <summary>Writes <paramref name="values"/> as consecutive little-endian IEEE 754 binary32 numbers.</summary>
    public void WriteSingles(ReadOnlySpan<float> values) => WriteInt32s(MemoryMarshal.Cast<float, int>(values));

    /// <summary>Writes <paramref name="values"/> as consecutive little-endian 64-bit integers.</summary>
    public void WriteInt64s(ReadOnlySpan<long> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        foreach (long value in values)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            WriteBytes(bytes);
        }
    }

    /// <summary>Writes <paramref name="values"/> as consecutive little-endian IEEE 754 binary64 numbers.</summary>
    public void WriteDoubles(ReadOnlySpan<double> values) => WriteInt64s(MemoryMarshal.Cast<double, long>(values));

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Position += bytes.Length;
        if (_destination is null)
        {
            return;
        }

        while (bytes.Length > 0)
        {
            if (_used == _buffer.Length)
            {
                FlushBuffer();
            }

            int count = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..count].CopyTo(_buffer.AsSpan(_used));
            _used += count;
            bytes = bytes[count..];
        }
    }

    private void FlushBuffer()
    {
        if (_destination is null || _used == 0)
        {
            return;
        }

        _crc = Crc32C.Update(_crc, _buffer.AsSpan(0, _used));
        _destination.Write(_buffer, 0, _used);
        _used = 0;
    }
}

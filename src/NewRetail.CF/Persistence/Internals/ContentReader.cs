using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>
/// Reads the little-endian content of a model file from a stream while it updates the content checksum, and checks
/// every length against the bytes left in the current section before it allocates.
/// </summary>
internal sealed class ContentReader
{
    private const int DrainBufferSize = 1 << 16;

    private readonly Stream _source;
    private readonly long _length;
    private uint _crc = Crc32C.Initial;
    private SectionTag? _section;
    private long _sectionEnd;

    public ContentReader(Stream source, long length)
    {
        _source = source;
        _length = length;
        _sectionEnd = length;
    }

    /// <summary>The number of content bytes read so far.</summary>
    public long Position { get; private set; }

    /// <summary>The offset of the next byte from the start of the model, for messages.</summary>
    public long FileOffset => ModelHeader.Size + Position;

    private long SectionRemaining => _sectionEnd - Position;

    /// <summary>Reads the next section header and checks that it is <paramref name="expected"/> and fits in the content.</summary>
    public void BeginSection(SectionTag expected)
    {
        _section = null;
        _sectionEnd = _length;
        long start = FileOffset;
        uint tag = ReadUInt32("section tag");
        if (tag != (uint)expected)
        {
            throw Invalid($"Expected section {SectionTags.Name(expected)} but found {SectionTags.Name(tag)}.", start);
        }

        long length = ReadInt64("section length");
        if (length < 0 || length > _length - Position)
        {
            throw Invalid($"Section {SectionTags.Name(expected)} declares {length} bytes, but only {_length - Position} bytes of content remain.", start);
        }

        _section = expected;
        _sectionEnd = Position + length;
    }

    /// <summary>Checks that the current section was read to its end.</summary>
    public void EndSection()
    {
        if (Position != _sectionEnd)
        {
            throw Invalid($"Section {SectionTags.Name(_section!.Value)} has {_sectionEnd - Position} unread bytes at its end.", FileOffset);
        }

        _section = null;
        _sectionEnd = _length;
    }

    /// <summary>Checks that the whole content was read.</summary>
    public void EndContent()
    {
        if (Position != _length)
        {
            throw Invalid($"The content has {_length - Position} bytes after its last section.", FileOffset);
        }
    }

    /// <summary>
    /// Reads the rest of the content and the stored checksum, and compares it with the checksum of the bytes read.
    /// </summary>
    /// <exception cref="ModelFormatException">The stream ends early, or the checksums differ.</exception>
    public void VerifyChecksum()
    {
        _section = null;
        _sectionEnd = _length;
        var buffer = new byte[(int)Math.Min(DrainBufferSize, Math.Max(_length - Position, 4))];
        while (Position < _length)
        {
            int count = (int)Math.Min(buffer.Length, _length - Position);
            Fill(buffer.AsSpan(0, count), "content");
        }

        uint computed = Crc32C.Finish(_crc);
        Span<byte> stored = stackalloc byte[4];
        int read = _source.ReadAtLeast(stored, 4, throwOnEndOfStream: false);
        if (read < 4)
        {
            throw new ModelFormatException(
                ModelFormatError.Truncated,
                $"The stream ended after {read} of the 4 bytes of the content checksum. The file was cut short; save the model again or restore a complete copy.",
                null,
                FileOffset + read);
        }

        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(stored);
        if (expected != computed)
        {
            throw new ModelFormatException(
                ModelFormatError.ChecksumMismatch,
                $"The content checksum is 0x{computed:X8}, but the file stores 0x{expected:X8}. The file is damaged; save the model again or restore an intact copy.",
                null,
                FileOffset);
        }
    }

    public byte ReadByte(string field)
    {
        Span<byte> bytes = stackalloc byte[1];
        Fill(bytes, field);
        return bytes[0];
    }

    public bool ReadBoolean(string field)
    {
        long start = FileOffset;
        byte value = ReadByte(field);
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Invalid($"The flag {field} is {value}; only 0 and 1 are valid.", start),
        };
    }

    public int ReadInt32(string field)
    {
        Span<byte> bytes = stackalloc byte[4];
        Fill(bytes, field);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    public uint ReadUInt32(string field)
    {
        Span<byte> bytes = stackalloc byte[4];
        Fill(bytes, field);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public long ReadInt64(string field)
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes, field);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    public double ReadDouble(string field)
    {
        Span<byte> bytes = stackalloc byte[8];
        Fill(bytes, field);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>Reads a count and checks that it is ≥ 0 and that count × <paramref name="bytesPerElement"/> bytes fit in the section.</summary>
    public int ReadCount(string field, int bytesPerElement)
    {
        long start = FileOffset;
        int count = ReadInt32(field);
        CheckCount(count, bytesPerElement, field, start);
        return count;
    }

    /// <summary>Checks that <paramref name="count"/> elements of <paramref name="bytesPerElement"/> bytes fit in the rest of the section.</summary>
    public void CheckCount(long count, int bytesPerElement, string field, long offset)
    {
        if (count < 0)
        {
            throw Invalid($"The count {field} is {count}; it must be ≥ 0.", offset);
        }

        if (count * bytesPerElement > SectionRemaining)
        {
            throw Invalid(
                $"The count {field} is {count}, which needs {count * bytesPerElement} bytes, but only {SectionRemaining} bytes remain in the section.", offset);
        }
    }

    public int[] ReadInt32s(int count, string field)
    {
        CheckCount(count, sizeof(int), field, FileOffset);
        var values = new int[count];
        Fill(MemoryMarshal.AsBytes(values.AsSpan()), field);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }

        return values;
    }

    public float[] ReadSingles(int count, string field)
    {
        CheckCount(count, sizeof(float), field, FileOffset);
        var values = new float[count];
        FillSingles(values, field);
        return values;
    }

    /// <summary>Reads <paramref name="destination"/>.Length little-endian binary32 numbers of the current section into <paramref name="destination"/>.</summary>
    public void FillSingles(Span<float> destination, string field)
    {
        var asIntegers = MemoryMarshal.Cast<float, int>(destination);
        Fill(MemoryMarshal.AsBytes(asIntegers), field);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(asIntegers, asIntegers);
        }
    }

    public double[] ReadDoubles(int count, string field)
    {
        CheckCount(count, sizeof(double), field, FileOffset);
        var values = new double[count];
        var asIntegers = MemoryMarshal.Cast<double, long>(values.AsSpan());
        Fill(MemoryMarshal.AsBytes(asIntegers), field);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(asIntegers, asIntegers);
        }

        return values;
    }

    public long[] ReadInt64s(int count, string field)
    {
        CheckCount(count, sizeof(long), field, FileOffset);
        var values = new long[count];
        Fill(MemoryMarshal.AsBytes(values.AsSpan()), field);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }

        return values;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes of the current section.</summary>
    public void Fill(Span<byte> destination, string field)
    {
        if (destination.Length > SectionRemaining)
        {
            string where = _section is { } section ? $"section {SectionTags.Name(section)}" : "the content";
            throw Invalid($"Reading {field} needs {destination.Length} bytes, but only {SectionRemaining} bytes remain in {where}.", FileOffset);
        }

        int read = _source.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            throw new ModelFormatException(
                ModelFormatError.Truncated,
                $"The stream ended {_length - Position - read} bytes before the end of the content ({_length} bytes) and its 4-byte checksum. " +
                "The file was cut short; save the model again or restore a complete copy.",
                null,
                FileOffset + read);
        }

        _crc = Crc32C.Update(_crc, destination);
        Position += destination.Length;
    }

    /// <summary>Returns an <see cref="ModelFormatError.InvalidContent"/> error at <paramref name="offset"/>.</summary>
    public static ModelFormatException Invalid(string message, long offset)
        => new(ModelFormatError.InvalidContent, message, null, offset);
}

using System.Buffers.Binary;
using NewRetail.CF.Persistence.Internals;

namespace NewRetail.CF.Persistence;

/// <summary>The fixed 28-byte header of a model file: what the file contains, read without reading the content.</summary>
/// <param name="FormatVersion">The format version the file was written in.</param>
/// <param name="Kind">The type of model.</param>
/// <param name="UserIdType">The user id type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</param>
/// <param name="ItemIdType">The item id type, from the same four.</param>
/// <param name="ContentLength">The number of content bytes between the header and the 4-byte content checksum.</param>
public readonly record struct ModelHeader(int FormatVersion, ModelKind Kind, Type UserIdType, Type ItemIdType, long ContentLength)
{
    /// <summary>The number of bytes of the header.</summary>
    internal const int Size = 28;

    /// <summary>The 8 bytes every model file starts with: 0x89, "NRCF", CR, LF, 0x1A.</summary>
    /// <remarks>
    /// The first byte is not ASCII, so a text file never matches; CR LF changes under a text-mode transfer, and 0x1A
    /// ends the output of the DOS <c>type</c> command. The same scheme opens PNG files.
    /// </remarks>
    internal static ReadOnlySpan<byte> Magic => [0x89, (byte)'N', (byte)'R', (byte)'C', (byte)'F', 0x0D, 0x0A, 0x1A];

    /// <summary>Returns the header bytes, with the header checksum over the first 24 bytes.</summary>
    internal static byte[] Encode(ModelKind kind, byte userIdCode, byte itemIdCode, long contentLength)
    {
        var bytes = new byte[Size];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), ModelStore.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), (ushort)kind);
        bytes[12] = userIdCode;
        bytes[13] = itemIdCode;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), contentLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), Crc32C.Compute(bytes.AsSpan(0, 24)));
        return bytes;
    }

    /// <summary>Reads and checks the header: magic, header checksum, version, kind, id type codes and reserved bytes.</summary>
    /// <exception cref="ModelFormatException">Any of them is wrong, or the stream ends inside the header.</exception>
    internal static (ModelHeader Header, byte UserIdCode, byte ItemIdCode) Read(Stream source)
    {
        Span<byte> bytes = stackalloc byte[Size];
        int read = source.ReadAtLeast(bytes, Size, throwOnEndOfStream: false);
        int magicRead = Math.Min(read, Magic.Length);
        if (!bytes[..magicRead].SequenceEqual(Magic[..magicRead]))
        {
            throw new ModelFormatException(
                ModelFormatError.NotAModelFile,
                $"The data does not start with the magic bytes of a model file (89 4E 52 43 46 0D 0A 1A) but with {Convert.ToHexString(bytes[..magicRead])}. " +
                "Load a file written by ModelStore.Save; a file copied in text mode is damaged and must be copied again in binary mode.",
                null,
                0);
        }

        if (read < Size)
        {
            throw new ModelFormatException(
                ModelFormatError.Truncated,
                $"The stream ended after {read} of the {Size} header bytes. The file was cut short; save the model again or restore a complete copy.",
                null,
                read);
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]);
        uint computed = Crc32C.Compute(bytes[..24]);
        if (stored != computed)
        {
            throw new ModelFormatException(
                ModelFormatError.ChecksumMismatch,
                $"The header checksum is 0x{computed:X8}, but the file stores 0x{stored:X8}. The header is damaged; save the model again or restore an intact copy.",
                null,
                24);
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != ModelStore.FormatVersion)
        {
            string advice = version > ModelStore.FormatVersion
                ? "Load it with the newer version of NewRetail.CF that wrote it, or save the model again with this version."
                : "No library version writes it; the file is damaged.";
            throw new ModelFormatException(
                ModelFormatError.UnsupportedVersion,
                $"The file has format version {version}, but this library reads version {ModelStore.FormatVersion} only. {advice}",
                null,
                8);
        }

        var kind = (ModelKind)BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        if (!Enum.IsDefined(kind))
        {
            throw new ModelFormatException(
                ModelFormatError.WrongModelKind,
                $"The model kind {(int)kind} is not defined in format version {ModelStore.FormatVersion}; the kinds are 1 to {(int)ModelKind.ItemKnn}. " +
                "A newer version of NewRetail.CF may have written it; load it with that version.",
                null,
                10);
        }

        byte userIdCode = bytes[12];
        byte itemIdCode = bytes[13];
        var userIdType = IdCodec.TypeOf(userIdCode) ?? throw UndefinedIdCode(userIdCode, "user", 12);
        var itemIdType = IdCodec.TypeOf(itemIdCode) ?? throw UndefinedIdCode(itemIdCode, "item", 13);
        if (bytes[14] != 0 || bytes[15] != 0)
        {
            throw new ModelFormatException(
                ModelFormatError.InvalidContent, $"The reserved header bytes 14 and 15 are {bytes[14]} and {bytes[15]}; both must be 0.", null, 14);
        }

        long contentLength = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        if (contentLength < 0)
        {
            throw new ModelFormatException(ModelFormatError.InvalidContent, $"The content length {contentLength} is negative.", null, 16);
        }

        return (new ModelHeader(version, kind, userIdType, itemIdType, contentLength), userIdCode, itemIdCode);
    }

    private static ModelFormatException UndefinedIdCode(byte code, string side, long offset)
        => new(ModelFormatError.InvalidContent, $"The {side} id type code {code} is not defined; the codes are 1 (int), 2 (long), 3 (string) and 4 (Guid).", null, offset);
}

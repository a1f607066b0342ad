using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>
/// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF, the checksum of
/// iSCSI, ext4 and SSE 4.2. The check value of the ASCII bytes "123456789" is 0xE3069283.
/// </summary>
/// <remarks>
/// Uses the CRC32 instruction of SSE 4.2 or ARMv8 when the processor has one, and a 256-entry table otherwise; both
/// give the same value.
/// </remarks>
internal static class Crc32C
{
    /// <summary>The running state before the first byte.</summary>
    public const uint Initial = 0xFFFFFFFF;

    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Returns the checksum of a running <paramref name="state"/>.</summary>
    public static uint Finish(uint state) => state ^ 0xFFFFFFFF;

    /// <summary>Returns the checksum of <paramref name="data"/> alone.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    /// <summary>Adds <paramref name="data"/> to a running <paramref name="state"/>.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            state = (uint)wide;
        }
        else if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }

        // The instructions take whole 8-byte words; the table finishes the last 0 to 7 bytes, or everything without them.
        return UpdateWithTable(state, data);
    }

    /// <summary>Adds <paramref name="data"/> to a running <paramref name="state"/> one byte at a time, without processor instructions.</summary>
    internal static uint UpdateWithTable(uint state, ReadOnlySpan<byte> data)
    {
        foreach (byte value in data)
        {
            state = Table[(byte)(state ^ value)] ^ (state >> 8);
        }

        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint entry = n;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[n] = entry;
        }

        return table;
    }
}

using NewRetail.CF.Persistence.Internals;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>CRC-32C against its published check value and a bit-by-bit reference.</summary>
public class Crc32CTests
{
    [Fact]
    public void Compute_CheckValue()
    {
        // The check value of CRC-32C for the nine ASCII digits, as listed for "CRC-32/ISCSI" in the CRC catalogue.
        Crc32C.Compute("123456789"u8).Should().Be(0xE3069283);
    }

    [Fact]
    public void Compute_EmptyIsZero()
    {
        Crc32C.Compute([]).Should().Be(0u);
    }

    [Fact]
    public void Compute_MatchesBitwiseReference()
    {
        var random = new Random(41);
        for (int length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);

            Crc32C.Compute(data).Should().Be(Bitwise(data), $"length {length}");
            Crc32C.Finish(Crc32C.UpdateWithTable(Crc32C.Initial, data)).Should().Be(Bitwise(data), $"table, length {length}");
        }
    }

    [Fact]
    public void Update_SplitEqualsWhole()
    {
        var data = new byte[1000];
        new Random(42).NextBytes(data);

        for (int split = 0; split <= data.Length; split += 37)
        {
            uint state = Crc32C.Update(Crc32C.Update(Crc32C.Initial, data.AsSpan(0, split)), data.AsSpan(split));

            Crc32C.Finish(state).Should().Be(Crc32C.Compute(data), $"split at {split}");
        }
    }

    /// <summary>Shifts one bit at a time through the reflected polynomial 0x82F63B78.</summary>
    private static uint Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}

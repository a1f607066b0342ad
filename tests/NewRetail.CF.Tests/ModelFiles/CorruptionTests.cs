using System.Buffers.Binary;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>Damaged, cut-short and mismatched files each fail with their own <see cref="ModelFormatError"/>.</summary>
public class CorruptionTests
{
    private static readonly Lazy<byte[]> SmallItemModel = new(() =>
    {
        var ratings = Random(3, 3, 0.7, seed: 11, IntId, IntId);
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 2 }).Fit(ratings);
        return Bytes(s => ModelStore.Save(model, s));
    });

    [Fact]
    public void Truncation_EveryLength()
    {
        var bytes = SmallItemModel.Value;

        for (int length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsSpan(0, length).ToArray();

            ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(cut))).Should().Be(ModelFormatError.Truncated, $"seekable, {length} bytes");
            ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new ForwardOnlyStream(cut))).Should().Be(ModelFormatError.Truncated, $"forward-only, {length} bytes");
        }
    }

    [Fact]
    public void BitFlip_EveryBitDetected()
    {
        var bytes = SmallItemModel.Value;

        for (int position = 0; position < bytes.Length; position++)
        {
            // Bytes 0-7 are the magic; the header checksum covers bytes 8-23 and is itself at 24-27; the content checksum covers the rest.
            var expected = position < 8 ? ModelFormatError.NotAModelFile : ModelFormatError.ChecksumMismatch;
            for (int bit = 0; bit < 8; bit++)
            {
                var flipped = (byte[])bytes.Clone();
                flipped[position] ^= (byte)(1 << bit);

                ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(flipped))).Should().Be(expected, $"byte {position}, bit {bit}");
            }
        }
    }

    [Fact]
    public void BitFlip_ForwardOnlyStream()
    {
        var bytes = SmallItemModel.Value;

        for (int position = 28; position < bytes.Length; position++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[position] ^= (byte)(1 << (position % 8));

            ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new ForwardOnlyStream(flipped))).Should().Be(ModelFormatError.ChecksumMismatch, $"byte {position}");
        }
    }

    [Fact]
    public void Magic_TextFile()
    {
        var text = "user,item,rating\n1,2,3\n"u8.ToArray();

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(text)));

        error.Reason.Should().Be(ModelFormatError.NotAModelFile);
        error.Message.Should().Contain("magic");
    }

    [Fact]
    public void Magic_TextModeTransfer()
    {
        // A text-mode copy turns CR LF into LF, which changes byte 5 onwards.
        var bytes = SmallItemModel.Value;
        var converted = bytes.Take(5).Concat(bytes.Skip(6)).ToArray();

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(converted))).Should().Be(ModelFormatError.NotAModelFile);
    }

    [Fact]
    public void Empty_Truncated()
    {
        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream()));

        error.Reason.Should().Be(ModelFormatError.Truncated);
        error.Offset.Should().Be(0);
    }

    [Fact]
    public void Version_Newer()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 2);

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.UnsupportedVersion);
        error.Message.Should().Contain("version 2");
    }

    [Fact]
    public void Version_Zero()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 0);

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes)))).Should().Be(ModelFormatError.UnsupportedVersion);
    }

    [Fact]
    public void Kind_OtherModel()
    {
        var model = new MostPopular().Fit(Random(3, 3, 0.7, seed: 12, IntId, IntId));
        var bytes = Bytes(s => ModelStore.Save(model, s));

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes)));

        error.Reason.Should().Be(ModelFormatError.WrongModelKind);
        error.Message.Should().Contain("Popularity");
    }

    [Fact]
    public void Kind_BaselineAsTopN()
    {
        var model = new BaselineOnly().Fit(Random(3, 3, 0.7, seed: 12, IntId, IntId));
        var bytes = Bytes(s => ModelStore.Save(model, s));

        ReasonOf(() => ModelStore.LoadTopN<int, int>(new MemoryStream(bytes))).Should().Be(ModelFormatError.WrongModelKind);
    }

    [Fact]
    public void Kind_Undefined()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 77);

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes)))).Should().Be(ModelFormatError.WrongModelKind);
    }

    [Fact]
    public void IdType_Other()
    {
        var error = Catch(() => ModelStore.LoadImplicitItemKnn<long, int>(new MemoryStream(SmallItemModel.Value)));

        error.Reason.Should().Be(ModelFormatError.WrongIdType);
        error.Message.Should().Contain("Int32").And.Contain("Int64");
    }

    [Fact]
    public void IdType_UnsupportedOnSave()
    {
        var builder = new NewRetail.CF.Data.RatingMatrixBuilder<short, int>(Weights);
        builder.Add(1, 1, 1);
        var model = new MostPopular().Fit(builder.Build());

        var save = () => ModelStore.Save(model, new MemoryStream());

        save.Should().Throw<NotSupportedException>().WithMessage("*Int16*int, long, string and Guid*");
    }

    [Fact]
    public void IdType_UnsupportedOnLoad()
    {
        var load = () => ModelStore.LoadPopularity<short, int>(new MemoryStream(SmallItemModel.Value));

        load.Should().Throw<NotSupportedException>().WithMessage("*Int16*");
    }

    [Fact]
    public void TrailingData_File()
    {
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.nrcf");
        try
        {
            File.WriteAllBytes(path, [.. SmallItemModel.Value, 0]);

            var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(path));

            error.Reason.Should().Be(ModelFormatError.TrailingData);
            error.SourceName.Should().Be(path);
            error.Message.Should().StartWith(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Header_ReservedBytesSet()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        bytes[15] = 1;

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes)))).Should().Be(ModelFormatError.InvalidContent);
    }

    [Fact]
    public void Content_HugeCountRejectedBeforeAllocation()
    {
        // The rating count claims int.MaxValue entries; the check against the section length must fire before the arrays are allocated.
        var bytes = (byte[])SmallItemModel.Value.Clone();
        int matrix = PayloadOffset(bytes, "MTRX");
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(matrix + 16), int.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("rating count");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Content_NegativeIdCount()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "USER") + 1), -1);

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("-1");
    }

    [Fact]
    public void Content_UnsortedIds()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        int ids = PayloadOffset(bytes, "USER") + 5;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(ids), 1000);

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes)))).Should().Be(ModelFormatError.InvalidContent);
    }

    [Fact]
    public void Content_ColumnIndexOutOfRange()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        int matrix = PayloadOffset(bytes, "MTRX");
        int users = 4;
        int columnIndices = matrix + 20 + (4 * (users + 1));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(columnIndices), 99);

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("99");
        error.Offset.Should().Be(columnIndices);
    }

    [Fact]
    public void Content_NaNSimilarity()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        int neighbors = PayloadOffset(bytes, "NBRS");
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(neighbors + 4));
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(neighbors));
        count.Should().BePositive();
        int similarities = neighbors + 8 + (4 * (rows + 1)) + (4 * count);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(similarities), float.NaN);

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("NaN");
    }

    [Fact]
    public void Content_OptionOutOfRange()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "IKNO")), 0);

        var error = Catch(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("MaxNeighbors");
    }

    [Fact]
    public void Content_DamageReportedAsChecksum()
    {
        // The same change as Content_NegativeIdCount without fixing the checksum: damage, not a faulty writer.
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "USER") + 1), -1);

        ReasonOf(() => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes))).Should().Be(ModelFormatError.ChecksumMismatch);
    }

    private static ModelFormatException Catch(Action load)
    {
        try
        {
            load();
        }
        catch (ModelFormatException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("The load succeeded, but a ModelFormatException was expected.");
    }

    private static ModelFormatError ReasonOf(Action load) => Catch(load).Reason;
}

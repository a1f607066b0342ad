using System.Buffers.Binary;
using NewRetail.CF.Persistence;
using NewRetail.CF.Similarities;
using static NewRetail.CF.Tests.ModelFiles.KnnFileFixtures;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>
/// Damaged, cut-short, mismatched and badly written files of the user-based (kind 5) and item-based (kind 6) models
/// each fail with their own <see cref="ModelFormatError"/>.
/// </summary>
public class KnnCorruptionTests
{
    /// <summary>A user-based model with baseline centring, so the file has BIAS, and the dense matrix (DSIM).</summary>
    private static readonly Lazy<byte[]> SmallUserModel = new(() =>
    {
        var ratings = Stars(4, 3, 0.8, seed: 41, IntId, IntId);
        var model = new UserKnn(new KnnOptions { Centering = Centering.Baseline, MinSupport = 1 }).Fit(ratings);
        return Bytes(s => ModelStore.Save(model, s));
    });

    /// <summary>An item-based model with stored neighbour lists (NBRS) of at most 2 entries.</summary>
    private static readonly Lazy<byte[]> SmallItemModel = new(() =>
    {
        var ratings = Stars(5, 4, 0.8, seed: 42, IntId, IntId);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Pearson, MinSupport = 2, MaxStoredNeighbors = 2 }).Fit(ratings);
        return Bytes(s => ModelStore.Save(model, s));
    });

    public static TheoryData<int> Kinds => new() { 5, 6 };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Truncation_EveryLength(int kind)
    {
        var bytes = Saved(kind);

        for (int length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsSpan(0, length).ToArray();

            ReasonOf(() => Load(kind, new MemoryStream(cut))).Should().Be(ModelFormatError.Truncated, $"seekable, {length} bytes");
            ReasonOf(() => Load(kind, new ForwardOnlyStream(cut))).Should().Be(ModelFormatError.Truncated, $"forward-only, {length} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BitFlip_EveryBitDetected(int kind)
    {
        var bytes = Saved(kind);

        for (int position = 0; position < bytes.Length; position++)
        {
            // Bytes 0-7 are the magic. The header checksum covers bytes 8-23 and is stored at 24-27, and the content checksum covers the rest.
            var expected = position < 8 ? ModelFormatError.NotAModelFile : ModelFormatError.ChecksumMismatch;
            for (int bit = 0; bit < 8; bit++)
            {
                var flipped = (byte[])bytes.Clone();
                flipped[position] ^= (byte)(1 << bit);

                ReasonOf(() => Load(kind, new MemoryStream(flipped))).Should().Be(expected, $"byte {position}, bit {bit}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void BitFlip_ForwardOnlyStream(int kind)
    {
        var bytes = Saved(kind);

        for (int position = 28; position < bytes.Length; position++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[position] ^= (byte)(1 << (position % 8));

            ReasonOf(() => Load(kind, new ForwardOnlyStream(flipped))).Should().Be(ModelFormatError.ChecksumMismatch, $"byte {position}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Magic_Wrong(int kind)
    {
        var bytes = (byte[])Saved(kind).Clone();
        bytes[1] = (byte)'X';

        ReasonOf(() => Load(kind, new MemoryStream(bytes))).Should().Be(ModelFormatError.NotAModelFile);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Version_Newer(int kind)
    {
        var bytes = (byte[])Saved(kind).Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 2);

        var error = Catch(() => Load(kind, new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.UnsupportedVersion);
        error.Message.Should().Contain("version 2");
    }

    [Fact]
    public void Kind_UserFileAsItemModel()
    {
        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(SmallUserModel.Value)));

        error.Reason.Should().Be(ModelFormatError.WrongModelKind);
        error.Message.Should().Contain("UserKnn").And.Contain("LoadItemKnn");
    }

    [Fact]
    public void Kind_ItemFileAsUserModel()
    {
        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(SmallItemModel.Value)));

        error.Reason.Should().Be(ModelFormatError.WrongModelKind);
        error.Message.Should().Contain("ItemKnn").And.Contain("LoadUserKnn");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Kind_OtherLoaders(int kind)
    {
        var bytes = Saved(kind);
        var loads = new (string Name, Action Load)[]
        {
            ("LoadImplicitItemKnn", () => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes))),
            ("LoadImplicitUserKnn", () => ModelStore.LoadImplicitUserKnn<int, int>(new MemoryStream(bytes))),
            ("LoadPopularity", () => ModelStore.LoadPopularity<int, int>(new MemoryStream(bytes))),
            ("LoadBaseline", () => ModelStore.LoadBaseline<int, int>(new MemoryStream(bytes))),
            ("LoadTopN", () => ModelStore.LoadTopN<int, int>(new MemoryStream(bytes))),
        };

        foreach (var (name, load) in loads)
        {
            ReasonOf(load).Should().Be(ModelFormatError.WrongModelKind, name);
        }
    }

    [Fact]
    public void Kind_ImplicitFileAsRecommender()
    {
        var model = new Implicit.ImplicitItemKnn().Fit(Random(3, 3, 0.7, seed: 43, IntId, IntId));
        var bytes = Bytes(s => ModelStore.Save(model, s));

        ReasonOf(() => ModelStore.LoadRecommender<int, int>(new MemoryStream(bytes))).Should().Be(ModelFormatError.WrongModelKind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void IdType_Other(int kind)
    {
        var bytes = Saved(kind);
        Action load = kind == 5
            ? () => ModelStore.LoadUserKnn<int, string>(new MemoryStream(bytes))
            : () => ModelStore.LoadItemKnn<int, string>(new MemoryStream(bytes));

        ReasonOf(load).Should().Be(ModelFormatError.WrongIdType);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Content_UnsortedIds(int kind)
    {
        var bytes = (byte[])Saved(kind).Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "ITEM") + 5), 1000);

        ReasonOf(() => Load(kind, new MemoryStream(WithChecksums(bytes)))).Should().Be(ModelFormatError.InvalidContent);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TrailingData_File(int kind)
    {
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.nrcf");
        try
        {
            File.WriteAllBytes(path, [.. Saved(kind), 0]);
            Action load = kind == 5 ? () => ModelStore.LoadUserKnn<int, int>(path) : () => ModelStore.LoadItemKnn<int, int>(path);

            var error = Catch(load);

            error.Reason.Should().Be(ModelFormatError.TrailingData);
            error.SourceName.Should().Be(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Content_DamageReportedAsChecksum(int kind)
    {
        // An option out of range without fixing the checksum: damage, not a faulty writer.
        var bytes = (byte[])Saved(kind).Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "KNNO")), 0);

        ReasonOf(() => Load(kind, new MemoryStream(bytes))).Should().Be(ModelFormatError.ChecksumMismatch);
    }

    [Theory]
    [InlineData(0, -5, "MaxNeighbors")]
    [InlineData(4, 99, "MinNeighbors")]
    [InlineData(19, 0, "MinSupport")]
    [InlineData(36, 5, "MaxStoredNeighbors is 5")]
    [InlineData(40, -3, null)]
    public void Options_Int32Field(int offset, int value, string? expectedField)
    {
        // MaxDegreeOfParallelism (offset 40) accepts any value, with 0 or less meaning all cores, so -3 loads.
        var bytes = (byte[])SmallUserModel.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "KNNO") + offset), value);
        var load = () => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes)));

        if (expectedField is null)
        {
            load().Options.MaxDegreeOfParallelism.Should().Be(value);
            return;
        }

        var error = Catch(() => load());
        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain(expectedField);
    }

    [Theory]
    [InlineData(8, 9, "metric code 9")]
    [InlineData(9, 1, "Pearson centring")]
    [InlineData(9, 7, "Pearson centring 7 is not defined")]
    [InlineData(18, 2, "MinSupport flag")]
    [InlineData(31, 7, "centring")]
    [InlineData(32, 2, "neighbour weighting")]
    [InlineData(33, 5, "fallback")]
    [InlineData(34, 9, "fallback")]
    [InlineData(35, 3, "MaxStoredNeighbors flag")]
    public void Options_ByteField(int offset, byte value, string expectedText)
    {
        // The file's metric is Pearson (code 1), for which centring 1 is valid, so a centring of 1 is tested with Cosine (code 0).
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int knno = PayloadOffset(bytes, "KNNO");
        if (offset == 9 && value == 1)
        {
            bytes[knno + 8] = 0;
        }

        bytes[knno + offset] = value;

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain(expectedText);
    }

    [Fact]
    public void Options_UnsetFlagWithValue()
    {
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int knno = PayloadOffset(bytes, "KNNO");
        bytes[knno + 18] = 0;

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("MinSupport is 1");
        error.Offset.Should().Be(knno + 18);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void Options_PearsonBaselineShrinkageInvalid(double shrinkage)
    {
        // The user model has baseline centring, so a switch to PearsonBaseline keeps the BIAS section valid.
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int knno = PayloadOffset(bytes, "KNNO");
        bytes[knno + 8] = 5;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(knno + 10), shrinkage);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("PearsonBaseline shrinkage");
    }

    [Fact]
    public void Options_ShrinkageForOtherMetric()
    {
        var bytes = (byte[])SmallUserModel.Value.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(PayloadOffset(bytes, "KNNO") + 10), 100);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("must be 0");
    }

    [Fact]
    public void Options_PearsonBaselineLoads()
    {
        // The same edit with a valid shrinkage gives a model with that metric, which shows the edits above reach the check.
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int knno = PayloadOffset(bytes, "KNNO");
        bytes[knno + 8] = 5;
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(knno + 10), 30);

        var model = ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes)));

        model.Options.Similarity.Should().BeOfType<PearsonBaseline>().Which.Shrinkage.Should().Be(30);
    }

    [Fact]
    public void Sections_BaselineMissing()
    {
        // With Mean centring no section needs baselines, so the loader expects DSIM where the file has BIAS.
        var bytes = (byte[])SmallUserModel.Value.Clone();
        bytes[PayloadOffset(bytes, "KNNO") + 31] = (byte)Centering.Mean;

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("Expected section DSIM but found BIAS");
    }

    [Fact]
    public void Sections_ListsWhereDenseExpected()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        int knno = PayloadOffset(bytes, "KNNO");
        bytes[knno + 35] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(knno + 36), 0);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("Expected section DSIM but found NBRS");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(1.5f, "1.5")]
    [InlineData(float.NegativeInfinity, "[-1, 1]")]
    public void Dense_ValueInvalid(float value, string expectedText)
    {
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int dense = PayloadOffset(bytes, "DSIM");
        int second = dense + 4 + 4;
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(second), value);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain(expectedText).And.Contain("rows 0 and 2");
        error.Offset.Should().Be(second);
    }

    [Fact]
    public void Dense_WrongSize()
    {
        var bytes = (byte[])SmallUserModel.Value.Clone();
        int dense = PayloadOffset(bytes, "DSIM");
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(dense));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(dense), rows + 1);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain($"{rows + 1} rows").And.Contain($"{rows} users");
    }

    [Fact]
    public void Dense_TriangleShort()
    {
        // One value fewer than n(n - 1)/2, with the section and content lengths shortened to match.
        var bytes = RemoveFromSection(SmallUserModel.Value, "DSIM", 4, 4);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(bytes)));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("dense similarities");
    }

    [Fact]
    public void Lists_NaN()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(lists.Similarities), float.NaN);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("NaN");
        error.Offset.Should().Be(lists.Similarities);
    }

    [Fact]
    public void Lists_ZeroSimilarity()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(lists.Similarities + (4 * (lists.Count - 1))), 0f);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("other than 0");
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    public void Lists_IndexOutOfRange(int index)
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(lists.Indices), index);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain($"index {index}");
        error.Offset.Should().Be(lists.Indices);
    }

    [Fact]
    public void Lists_SelfNeighbor()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        int row = lists.FirstRowWithEntries();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(lists.Indices + (4 * lists.Pointer(row))), row);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain($"row {row} itself");
    }

    [Fact]
    public void Lists_Unsorted()
    {
        // Swapping the similarities of the first two entries of a list puts the lower one first.
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        int row = lists.FirstRowWithEntries(2);
        int first = lists.Similarities + (4 * lists.Pointer(row));
        float high = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(first));
        float low = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(first + 4));
        high.Should().BeGreaterThan(low, "the fixture needs two different similarities");
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(first), low);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(first + 4), high);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("not sorted");
        error.Offset.Should().Be(first + 4);
    }

    [Fact]
    public void Lists_TiesOutOfIndexOrder()
    {
        // Equal similarities must list the lower index first. Giving the first two entries the same value and putting
        // the higher index first breaks that order.
        var bytes = (byte[])SmallItemModel.Value.Clone();
        var lists = Lists(bytes);
        int row = lists.FirstRowWithEntries(2);
        int similarities = lists.Similarities + (4 * lists.Pointer(row));
        int indices = lists.Indices + (4 * lists.Pointer(row));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(similarities + 4), BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(similarities)));
        int a = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(indices));
        int b = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(indices + 4));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(indices), Math.Max(a, b));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(indices + 4), Math.Min(a, b));

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("not sorted");
    }

    [Fact]
    public void Lists_LongerThanMaxStored()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        Lists(bytes).FirstRowWithEntries(2);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "KNNO") + 36), 1);

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("0..1");
    }

    [Fact]
    public void Lists_HugeCountRejectedBeforeAllocation()
    {
        var bytes = (byte[])SmallItemModel.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(PayloadOffset(bytes, "NBRS") + 4), int.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Catch(() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("neighbour count");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Biases_GlobalMeanNaN()
    {
        var bytes = (byte[])SmallUserModel.Value.Clone();
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(PayloadOffset(bytes, "BIAS")), double.NaN);

        var error = Catch(() => ModelStore.LoadUserKnn<int, int>(new MemoryStream(WithChecksums(bytes))));

        error.Reason.Should().Be(ModelFormatError.InvalidContent);
        error.Message.Should().Contain("global mean");
    }

    private static byte[] Saved(int kind) => kind == 5 ? SmallUserModel.Value : SmallItemModel.Value;

    private static object Load(int kind, Stream stream)
        => kind == 5 ? ModelStore.LoadUserKnn<int, int>(stream) : ModelStore.LoadItemKnn<int, int>(stream);

    /// <summary>Returns the offsets of the NBRS arrays of a saved model.</summary>
    private static NeighborSection Lists(byte[] bytes)
    {
        int payload = PayloadOffset(bytes, "NBRS");
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(payload));
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(payload + 4));
        count.Should().BePositive("the fixture needs stored neighbours");
        int pointers = payload + 8;
        int indices = pointers + (4 * (rows + 1));
        return new NeighborSection(bytes, rows, count, pointers, indices, indices + (4 * count));
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

    private sealed record NeighborSection(byte[] Bytes, int Rows, int Count, int Pointers, int Indices, int Similarities)
    {
        public int Pointer(int row) => BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan(Pointers + (4 * row)));

        /// <summary>Returns the first row whose list has at least <paramref name="length"/> entries.</summary>
        public int FirstRowWithEntries(int length = 1)
        {
            for (int row = 0; row < Rows; row++)
            {
                if (Pointer(row + 1) - Pointer(row) >= length)
                {
                    return row;
                }
            }

            throw new InvalidOperationException($"The fixture has no neighbour list with {length} entries.");
        }
    }
}

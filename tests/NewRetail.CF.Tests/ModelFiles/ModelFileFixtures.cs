using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;
using NewRetail.CF.Persistence.Internals;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>Matrices with every id type, saved bytes, and comparisons of a model with its loaded copy.</summary>
internal static class ModelFileFixtures
{
    public static readonly RatingScale Weights = new(0, 10);

    /// <summary>
    /// A random preference matrix whose user and item indices are mapped to ids by <paramref name="userId"/> and
    /// <paramref name="itemId"/>, which must preserve order; a share of entries is a stored 0, and one user and one
    /// item have no entries.
    /// </summary>
    public static RatingMatrix<TUser, TItem> Random<TUser, TItem>(
        int users, int items, double density, int seed, Func<int, TUser> userId, Func<int, TItem> itemId, RatingScale? scale = null)
        where TUser : notnull
        where TItem : notnull
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<TUser, TItem>(scale ?? Weights);
        for (int u = 0; u <= users; u++)
        {
            builder.AddUser(userId(u));
        }

        for (int i = 0; i <= items; i++)
        {
            builder.AddItem(itemId(i));
        }

        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < items; i++)
            {
                if (random.NextDouble() < density)
                {
                    double value = random.NextDouble() < 0.05 ? 0 : random.Next(1, 6) + (random.Next(0, 2) * 0.25);
                    builder.Add(userId(u), itemId(i), value);
                }
            }
        }

        return builder.Build();
    }

    /// <summary>String ids with non-ASCII letters, in ordinal order for increasing <paramref name="index"/>.</summary>
    public static string StringId(int index) => $"kunde-{index:D4}-é€😀";

    /// <summary>Negative and positive int ids in increasing order.</summary>
    public static int IntId(int index) => (index * 7) - 20;

    /// <summary>Long ids beyond the int range, in increasing order.</summary>
    public static long LongId(int index) => long.MinValue + 5 + (index * 3_000_000_019L);

    /// <summary>Guids in increasing order of <see cref="Guid.CompareTo(Guid)"/>.</summary>
    public static Guid GuidId(int index) => new(index, 0x1234, 0x5678, 9, 8, 7, 6, 5, 4, 3, (byte)(index % 256));

    public static RatingMatrix<string, string> SmallStrings(int seed = 5) => Random(6, 5, 0.5, seed, StringId, StringId);

    public static byte[] Bytes(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    /// <summary>Recomputes both checksums after a test changed bytes, so that the change reaches the content checks.</summary>
    public static byte[] WithChecksums(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length < 28)
        {
            return copy;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(24), Crc32C.Compute(copy.AsSpan(0, 24)));
        long length = BinaryPrimitives.ReadInt64LittleEndian(copy.AsSpan(16));
        if (length >= 0 && 28 + length + 4 <= copy.Length)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(28 + (int)length), Crc32C.Compute(copy.AsSpan(28, (int)length)));
        }

        return copy;
    }

    /// <summary>Returns the offset of the payload of the section with the four-letter <paramref name="tag"/>.</summary>
    public static int PayloadOffset(byte[] bytes, string tag)
    {
        int position = 28;
        while (position + 12 <= bytes.Length)
        {
            string name = System.Text.Encoding.ASCII.GetString(bytes, position, 4);
            long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position + 4));
            if (name == tag)
            {
                return position + 12;
            }

            position += 12 + (int)length;
        }

        throw new InvalidOperationException($"No section {tag}.");
    }

    public static void ShouldHaveSameBits(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string context)
        => MemoryMarshal.Cast<float, int>(actual).ToArray().Should().Equal(MemoryMarshal.Cast<float, int>(expected).ToArray(), context);

    public static void ShouldHaveSameBits(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string context)
        => MemoryMarshal.Cast<double, long>(actual).ToArray().Should().Equal(MemoryMarshal.Cast<double, long>(expected).ToArray(), context);

    /// <summary>Checks every array of two matrices, the derived ones included.</summary>
    public static void ShouldEqualMatrix<TUser, TItem>(RatingMatrix<TUser, TItem> actual, RatingMatrix<TUser, TItem> expected)
        where TUser : notnull
        where TItem : notnull
    {
        actual.Users.Ids.ToArray().Should().Equal(expected.Users.Ids.ToArray(), "user ids");
        actual.Items.Ids.ToArray().Should().Equal(expected.Items.Ids.ToArray(), "item ids");
        actual.Users.Comparer.Should().BeSameAs(expected.Users.Comparer, "user order");
        actual.Items.Comparer.Should().BeSameAs(expected.Items.Comparer, "item order");
        actual.Scale.Should().Be(expected.Scale);
        actual.Core.RowPointers.Should().Equal(expected.Core.RowPointers, "row pointers");
        actual.Core.ColumnIndices.Should().Equal(expected.Core.ColumnIndices, "column indices");
        ShouldHaveSameBits(actual.Core.Values, expected.Core.Values, "values");
        actual.Core.ColumnPointers.Should().Equal(expected.Core.ColumnPointers, "column pointers");
        actual.Core.RowIndices.Should().Equal(expected.Core.RowIndices, "row indices");
        ShouldHaveSameBits(actual.UserMeans, expected.UserMeans, "user means");
        ShouldHaveSameBits(actual.ItemMeans, expected.ItemMeans, "item means");
        BitConverter.DoubleToInt64Bits(actual.GlobalMean).Should().Be(BitConverter.DoubleToInt64Bits(expected.GlobalMean), "global mean");
    }

    public static void ShouldEqualRanking<TItem>(PopularityRanking<TItem> actual, PopularityRanking<TItem> expected)
        where TItem : notnull
    {
        actual.Measure.Should().Be(expected.Measure);
        actual.Items.ToArray().Should().Equal(expected.Items.ToArray(), "ranked items");
        ShouldHaveSameBits(actual.Scores, expected.Scores, "popularity scores");
    }

    /// <summary>Checks that two lists have the same items, sources and score bits.</summary>
    public static void ShouldBeIdentical<TItem>(IReadOnlyList<Recommendation<TItem>> actual, IReadOnlyList<Recommendation<TItem>> expected, string context)
    {
        actual.Select(r => r.Item).Should().Equal(expected.Select(r => r.Item), context);
        actual.Select(r => r.Source).Should().Equal(expected.Select(r => r.Source), context);
        actual.Select(r => BitConverter.DoubleToInt64Bits(r.Score)).Should().Equal(expected.Select(r => BitConverter.DoubleToInt64Bits(r.Score)), context);
    }

    /// <summary>Compares every kind of list of two top-N models: per user, per basket, per item, and for an unknown user.</summary>
    public static void ShouldRecommendIdentically<TUser, TItem>(
        ITopNRecommender<TUser, TItem> actual, ITopNRecommender<TUser, TItem> expected, RatingMatrix<TUser, TItem> ratings, TUser unknownUser)
        where TUser : notnull
        where TItem : notnull
    {
        var requests = new[] { new TopNRequest<TItem>(4), new TopNRequest<TItem>(50) { ExcludeInteracted = false } };
        foreach (var request in requests)
        {
            foreach (var user in ratings.Users.Ids.ToArray().Append(unknownUser))
            {
                ShouldBeIdentical(actual.Recommend(user, request), expected.Recommend(user, request), $"user {user}");
            }

            var items = ratings.Items.Ids.ToArray();
            foreach (var item in items)
            {
                ShouldBeIdentical(actual.SimilarItems(item, request), expected.SimilarItems(item, request), $"item {item}");
            }

            for (int start = 0; start + 2 < items.Length; start += 2)
            {
                var basket = new[] { new WeightedItem<TItem>(items[start], 1), new WeightedItem<TItem>(items[start + 2], 2.5) };
                ShouldBeIdentical(actual.RecommendFromItems(basket, request), expected.RecommendFromItems(basket, request), $"basket at {start}");
            }
        }
    }
}

/// <summary>A read-only stream that cannot seek, like a network stream, over an array.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.Buffers.Binary;
using NewRetail.CF.Data;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>Comparisons of a user-based or item-based model with its loaded copy, and edits of saved bytes.</summary>
internal static class KnnFileFixtures
{
    /// <summary>
    /// Checks the stored parts of two models bit for bit, then every prediction (unknown ids included), every
    /// Recommend list, every similarity and, for item-based models, every SimilarItems list.
    /// </summary>
    public static void ShouldBehaveIdentically<TUser, TItem>(
        KnnModel<TUser, TItem> actual, KnnModel<TUser, TItem> expected, TUser unknownUser, TItem unknownItem)
        where TUser : notnull
        where TItem : notnull
    {
        actual.GetType().Should().Be(expected.GetType());
        ShouldHaveSameOptions(actual.Options, expected.Options);
        ShouldEqualMatrix(actual.Ratings, expected.Ratings);
        ShouldHaveSameParts(actual, expected);

        var users = expected.Ratings.Users.Ids.ToArray().Append(unknownUser).ToArray();
        var items = expected.Ratings.Items.Ids.ToArray().Append(unknownItem).ToArray();
        int possible = 0;
        foreach (var user in users)
        {
            foreach (var item in items)
            {
                var got = actual.Predict(user, item);
                var want = expected.Predict(user, item);
                string pair = $"({user}, {item})";
                BitConverter.DoubleToInt64Bits(got.Value).Should().Be(BitConverter.DoubleToInt64Bits(want.Value), pair);
                BitConverter.DoubleToInt64Bits(got.Raw).Should().Be(BitConverter.DoubleToInt64Bits(want.Raw), pair);
                got.Reason.Should().Be(want.Reason, pair);
                got.NeighborCount.Should().Be(want.NeighborCount, pair);
                possible += want.Impossible ? 0 : 1;
            }

            ShouldBeIdentical(actual.Recommend(user, 3), expected.Recommend(user, 3), $"user {user}, top 3");
            ShouldBeIdentical(actual.Recommend(user, items.Length, excludeRated: false), expected.Recommend(user, items.Length, excludeRated: false), $"user {user}, all items");
        }

        possible.Should().BePositive("a comparison of fallbacks only would not exercise the similarities");
        switch (actual, expected)
        {
            case (UserKnnModel<TUser, TItem> loadedUsers, UserKnnModel<TUser, TItem> savedUsers):
                foreach (var a in users)
                {
                    foreach (var b in users)
                    {
                        BitConverter.DoubleToInt64Bits(loadedUsers.Similarity(a, b)).Should().Be(BitConverter.DoubleToInt64Bits(savedUsers.Similarity(a, b)), $"users ({a}, {b})");
                    }
                }

                break;
            case (ItemKnnModel<TUser, TItem> loadedItems, ItemKnnModel<TUser, TItem> savedItems):
                foreach (var a in items)
                {
                    foreach (var b in items)
                    {
                        BitConverter.DoubleToInt64Bits(loadedItems.Similarity(a, b)).Should().Be(BitConverter.DoubleToInt64Bits(savedItems.Similarity(a, b)), $"items ({a}, {b})");
                    }

                    ShouldBeIdentical(loadedItems.SimilarItems(a, 2), savedItems.SimilarItems(a, 2), $"item {a}, 2 similar");
                    ShouldBeIdentical(loadedItems.SimilarItems(a, items.Length), savedItems.SimilarItems(a, items.Length), $"item {a}, all similar");
                }

                break;
        }
    }

    /// <summary>
    /// Checks that two options records are equal. A metric is compared by type and parameters, because a loaded
    /// PearsonBaseline with a shrinkage other than 100 is a new instance.
    /// </summary>
    public static void ShouldHaveSameOptions(KnnOptions actual, KnnOptions expected)
    {
        actual.Similarity.GetType().Should().Be(expected.Similarity.GetType(), "metric type");
        actual.Similarity.Name.Should().Be(expected.Similarity.Name, "metric name");
        if (expected.Similarity is Similarities.PearsonBaseline pearsonBaseline)
        {
            ((Similarities.PearsonBaseline)actual.Similarity).Shrinkage.Should().Be(pearsonBaseline.Shrinkage, "metric shrinkage");
        }

        (actual with { Similarity = expected.Similarity }).Should().Be(expected);
    }

    /// <summary>Checks the baselines, the dense similarities and the neighbour lists with their reverse index.</summary>
    public static void ShouldHaveSameParts<TUser, TItem>(KnnModel<TUser, TItem> actual, KnnModel<TUser, TItem> expected)
        where TUser : notnull
        where TItem : notnull
    {
        var got = actual.Core;
        var want = expected.Core;
        got.UserBased.Should().Be(want.UserBased);
        (got.Biases is null).Should().Be(want.Biases is null, "baselines present");
        if (want.Biases is { } biases)
        {
            BitConverter.DoubleToInt64Bits(got.Biases!.GlobalMean).Should().Be(BitConverter.DoubleToInt64Bits(biases.GlobalMean), "global mean");
            ShouldHaveSameBits(got.Biases.UserBiases, biases.UserBiases, "user biases");
            ShouldHaveSameBits(got.Biases.ItemBiases, biases.ItemBiases, "item biases");
        }

        (got.DenseSimilarities is null).Should().Be(want.DenseSimilarities is null, "dense matrix present");
        if (want.DenseSimilarities is { } dense)
        {
            ShouldHaveSameBits(got.DenseSimilarities, dense, "dense similarities");
        }

        (got.Neighbors is null).Should().Be(want.Neighbors is null, "neighbour lists present");
        if (want.Neighbors is { } lists)
        {
            got.Neighbors!.Pointers.Should().Equal(lists.Pointers, "neighbour pointers");
            got.Neighbors.Indices.Should().Equal(lists.Indices, "neighbour indices");
            ShouldHaveSameBits(got.Neighbors.Weights, lists.Weights, "neighbour similarities");
            got.Neighbors.ReversePointers.Should().Equal(lists.ReversePointers, "reverse pointers");
            got.Neighbors.ReversePositions.Should().Equal(lists.ReversePositions, "reverse positions");
            got.Neighbors.ReverseOwners.Should().Equal(lists.ReverseOwners, "reverse owners");
        }
    }

    /// <summary>Checks that two lists have the same items and score bits.</summary>
    public static void ShouldBeIdentical<TItem>(IReadOnlyList<ScoredItem<TItem>> actual, IReadOnlyList<ScoredItem<TItem>> expected, string context)
    {
        actual.Select(s => s.Item).Should().Equal(expected.Select(s => s.Item), context);
        actual.Select(s => BitConverter.DoubleToInt64Bits(s.Score)).Should().Equal(expected.Select(s => BitConverter.DoubleToInt64Bits(s.Score)), context);
    }

    /// <summary>Lists the section tags of a saved model in file order.</summary>
    public static List<string> SectionTags(byte[] bytes)
    {
        var tags = new List<string>();
        int position = 28;
        while (position + 12 <= bytes.Length - 4)
        {
            tags.Add(System.Text.Encoding.ASCII.GetString(bytes, position, 4));
            position += 12 + (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position + 4));
        }

        return tags;
    }

    /// <summary>
    /// Removes <paramref name="count"/> bytes at <paramref name="offset"/> inside the payload of section
    /// <paramref name="tag"/>, and shortens the section length and the content length to match, so that only the
    /// payload's own fields disagree. The checksums are recomputed.
    /// </summary>
    public static byte[] RemoveFromSection(byte[] bytes, string tag, int offset, int count)
    {
        int payload = PayloadOffset(bytes, tag);
        var shorter = bytes.Take(payload + offset).Concat(bytes.Skip(payload + offset + count)).ToArray();
        long sectionLength = BinaryPrimitives.ReadInt64LittleEndian(shorter.AsSpan(payload - 8));
        BinaryPrimitives.WriteInt64LittleEndian(shorter.AsSpan(payload - 8), sectionLength - count);
        long contentLength = BinaryPrimitives.ReadInt64LittleEndian(shorter.AsSpan(16));
        BinaryPrimitives.WriteInt64LittleEndian(shorter.AsSpan(16), contentLength - count);
        return WithChecksums(shorter);
    }

    /// <summary>A small rating matrix on a 1-5 scale with one user and one item that have no ratings.</summary>
    public static RatingMatrix<TUser, TItem> Stars<TUser, TItem>(int users, int items, double density, int seed, Func<int, TUser> userId, Func<int, TItem> itemId)
        where TUser : notnull
        where TItem : notnull
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<TUser, TItem>(new RatingScale(1, 5));
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
                    builder.Add(userId(u), itemId(i), random.Next(2, 11) * 0.5);
                }
            }
        }

        return builder.Build();
    }
}

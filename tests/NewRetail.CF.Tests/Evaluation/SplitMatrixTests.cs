using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>
/// Training matrices of k-fold and random splits against a reference built the straightforward way: every rating that
/// is not held out, added to a <see cref="RatingMatrixBuilder{TUser, TItem}"/> with the source's orderings.
/// </summary>
public class SplitMatrixTests
{
    [Fact]
    public void KFold_TrainEqualsRebuiltMatrix()
    {
        var ratings = SparseMatrix(seed: 4);

        var splits = Split.KFold(ratings, 5, seed: 9);

        foreach (var split in splits)
        {
            ShouldEqualRebuilt(split, ratings);
        }
    }

    [Fact]
    public void KFold_DropsUsersAndItemsWithoutTraining()
    {
        // Users and items with a single rating lose it in the fold that tests it, so that fold has fewer ids.
        var ratings = SparseMatrix(seed: 4);

        var splits = Split.KFold(ratings, 5, seed: 9);

        splits.Should().Contain(s => s.Train.Users.Count < ratings.Users.Count);
        splits.Should().Contain(s => s.Train.Items.Count < ratings.Items.Count);
    }

    [Fact]
    public void KFold_KeepsCustomIdOrder()
    {
        var descending = Comparer<long>.Create((a, b) => b.CompareTo(a));
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive, DuplicatePolicy.Error, descending, descending);
        var random = new Random(3);
        for (long user = 0; user < 25; user++)
        {
            for (long item = 0; item < 30; item++)
            {
                if (random.NextDouble() < 0.2)
                {
                    builder.Add(user * 7, item * 11, random.Next(1, 6));
                }
            }
        }

        var ratings = builder.Build();

        var splits = Split.KFold(ratings, 4, seed: 2);

        foreach (var split in splits)
        {
            ShouldEqualRebuilt(split, ratings);
            split.Train.Users.Ids.ToArray().Should().BeInDescendingOrder();
        }
    }

    [Fact]
    public void TrainTest_TrainEqualsRebuiltMatrix()
    {
        var ratings = SparseMatrix(seed: 6);

        var split = Split.TrainTest(ratings, 0.3, seed: 5);

        ShouldEqualRebuilt(split, ratings);
    }

    [Fact]
    public void KFold_TestRowsCarryStoredRatings()
    {
        var ratings = SparseMatrix(seed: 4);
        var rows = ratings.Rows().ToArray();
        int[][] testRows = Split.KFoldTestRows(Split.Permutation(ratings.Count, 9), 5);

        var splits = Split.KFold(ratings, 5, seed: 9);

        for (int f = 0; f < 5; f++)
        {
            splits[f].Test.Should().Equal(testRows[f].Select(r => rows[r]));
        }
    }

    /// <summary>
    /// 60 users and 80 items at about 8 % density, plus 10 users and 10 items with exactly one rating each, so that
    /// folds drop some ids.
    /// </summary>
    private static RatingMatrix<string, string> SparseMatrix(int seed)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        for (int user = 0; user < 60; user++)
        {
            for (int item = 0; item < 80; item++)
            {
                if (random.NextDouble() < 0.08)
                {
                    builder.Add($"u{user:D3}", $"i{item:D3}", random.Next(1, 6));
                }
            }
        }

        for (int single = 0; single < 10; single++)
        {
            builder.Add($"lone-user{single}", $"i{random.Next(80):D3}", random.Next(1, 6));
            builder.Add($"u{random.Next(60):D3}", $"lone-item{single}", random.Next(1, 6));
        }

        return builder.Build();
    }

    private static void ShouldEqualRebuilt<TUser, TItem>(TrainTestSplit<TUser, TItem> split, RatingMatrix<TUser, TItem> ratings)
        where TUser : notnull
        where TItem : notnull
    {
        var heldOut = split.Test.Select(r => (r.User, r.Item)).ToHashSet();
        var builder = new RatingMatrixBuilder<TUser, TItem>(ratings.Scale, DuplicatePolicy.Error, ratings.Users.Comparer, ratings.Items.Comparer);
        foreach (var row in ratings.Rows())
        {
            if (!heldOut.Contains((row.User, row.Item)))
            {
                builder.Add(row.User, row.Item, row.Rating);
            }
        }

        var expected = builder.Build();
        var actual = split.Train;

        actual.Users.Ids.ToArray().Should().Equal(expected.Users.Ids.ToArray());
        actual.Items.Ids.ToArray().Should().Equal(expected.Items.Ids.ToArray());
        actual.Core.RowPointers.Should().Equal(expected.Core.RowPointers);
        actual.Core.ColumnIndices.Should().Equal(expected.Core.ColumnIndices);
        actual.Core.Values.Should().Equal(expected.Core.Values);
        actual.Core.ColumnPointers.Should().Equal(expected.Core.ColumnPointers);
        actual.Core.RowIndices.Should().Equal(expected.Core.RowIndices);
        actual.Core.ColumnValues.Should().Equal(expected.Core.ColumnValues);
        actual.Core.CsrToCsc.Should().Equal(expected.Core.CsrToCsc);
        actual.UserMeans.ToArray().Should().Equal(expected.UserMeans.ToArray());
        actual.ItemMeans.ToArray().Should().Equal(expected.ItemMeans.ToArray());
        actual.GlobalMean.Should().Be(expected.GlobalMean);
        actual.Scale.Should().Be(expected.Scale);
        foreach (var id in actual.Users.Ids)
        {
            actual.Users.TryGetIndex(id, out int index).Should().BeTrue();
            expected.Users.TryGetIndex(id, out int expectedIndex).Should().BeTrue();
            index.Should().Be(expectedIndex);
        }

        foreach (var id in actual.Items.Ids)
        {
            actual.Items.TryGetIndex(id, out int index).Should().BeTrue();
            expected.Items.TryGetIndex(id, out int expectedIndex).Should().BeTrue();
            index.Should().Be(expectedIndex);
        }
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>K-fold, random and predefined splits: fold assignment, partition, pair leakage and seeds.</summary>
public class SplitTests
{
    /// <summary>
    /// Seven distinct rows in row order: 0 (u1,i1,4), 1 (u1,i2,3), 2 (u2,i1,5), 3 (u2,i3,2), 4 (u3,i2,1), 5 (u3,i3,5),
    /// 6 (u4,i1,2).
    /// </summary>
    private static readonly RatingMatrix<string, string> SevenRows = Fixtures.Matrix(
        ("u1", "i1", 4), ("u1", "i2", 3), ("u2", "i1", 5), ("u2", "i3", 2), ("u3", "i2", 1), ("u3", "i3", 5), ("u4", "i1", 2));

    [Fact]
    public void KFoldTestRows_FollowPermutation()
    {
        // Positions 0, 2, 4, 6 of P hold rows 6, 3, 7, 5, and positions 1, 3, 5, 7 hold rows 1, 0, 2, 4.
        int[][] folds = Split.KFoldTestRows([6, 1, 3, 0, 7, 2, 5, 4], 2);

        folds[0].Should().Equal(3, 5, 6, 7);
        folds[1].Should().Equal(0, 1, 2, 4);
    }

    [Fact]
    public void KFoldTestRows_ChangeWithPermutation()
    {
        int[][] folds = Split.KFoldTestRows([3, 1, 4, 0, 6, 7, 2, 5], 2);

        folds[0].Should().Equal(2, 3, 4, 6);
        folds[1].Should().Equal(0, 1, 5, 7);
    }

    [Fact]
    public void KFoldTestRows_NotRowIndexModK()
    {
        // Taking the row index itself mod k would give {0, 2, 4, 6} and {1, 3, 5, 7} for every permutation.
        int[][] folds = Split.KFoldTestRows([6, 1, 3, 0, 7, 2, 5, 4], 2);

        folds[0].Should().NotEqual([0, 2, 4, 6]);
        folds[1].Should().NotEqual([1, 3, 5, 7]);
    }

    [Fact]
    public void KFoldTestRows_PartitionAllRows()
    {
        int[][] folds = Split.KFoldTestRows(Split.Permutation(23, 5), 4);

        folds.SelectMany(f => f).Order().Should().Equal(Enumerable.Range(0, 23));
        folds.Select(f => f.Length).Should().Equal(6, 6, 6, 5);
    }

    [Fact]
    public void KFoldTestRows_RejectRepeatedRow()
    {
        var act = () => Split.KFoldTestRows([0, 1, 1, 3], 2);

        act.Should().Throw<ArgumentException>().WithMessage("*Row 1 appears more than once*");
    }

    [Fact]
    public void KFoldTestRows_RejectRowOutOfRange()
    {
        var act = () => Split.KFoldTestRows([0, 1, 4, 3], 2);

        act.Should().Throw<ArgumentException>().WithMessage("*Entry 2 of the permutation is 4*");
    }

    [Fact]
    public void Builder_RejectsDuplicateRowBeforeSplitting()
    {
        // An exact repeat of (u1, i1) never reaches a split, so it cannot land in train and test at once.
        var act = () => Fixtures.Matrix(("u1", "i1", 4), ("u1", "i1", 4), ("u1", "i2", 3));

        act.Should().Throw<RatingDataException>().WithMessage("*Duplicate rating for (user u1, item i1)*");
    }

    [Fact]
    public void KFold_DeduplicatedRowsFollowPermutation()
    {
        // Positions 0, 2, 4, 6 of P3 hold rows 4, 6, 3, 2, and positions 1, 3, 5 hold rows 1, 0, 5.
        var splits = Split.KFold(SevenRows, 2, [4, 1, 6, 0, 3, 5, 2]);

        splits.Should().HaveCount(2);
        Pairs(splits[0].Test).Should().Equal(("u2", "i1"), ("u2", "i3"), ("u3", "i2"), ("u4", "i1"));
        Pairs(splits[1].Test).Should().Equal(("u1", "i1"), ("u1", "i2"), ("u3", "i3"));
        splits[0].Train.Count.Should().Be(3);
        splits[1].Train.Count.Should().Be(4);
    }

    [Fact]
    public void KFold_NoPairInTrainAndTest()
    {
        var splits = Split.KFold(SevenRows, 2, [4, 1, 6, 0, 3, 5, 2]);

        foreach (var split in splits)
        {
            var trainPairs = Pairs(split.Train.Rows()).ToHashSet();
            trainPairs.Overlaps(Pairs(split.Test)).Should().BeFalse();
            (trainPairs.Count + split.Test.Count).Should().Be(SevenRows.Count);
        }
    }

    [Fact]
    public void KFold_TestsEveryRatingOnce()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var splits = Split.KFold(ratings, 5, seed: 3);

        var tested = splits.SelectMany(s => Pairs(s.Test)).ToList();
        tested.Should().HaveCount(200);
        tested.Should().OnlyHaveUniqueItems();
        tested.ToHashSet().SetEquals(Pairs(ratings.Rows())).Should().BeTrue();
        splits.Select(s => s.Test.Count).Should().AllBeEquivalentTo(40);
    }

    [Fact]
    public void KFold_TrainAndTestDisjointOnPairs()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var splits = Split.KFold(ratings, 5, seed: 3);

        foreach (var split in splits)
        {
            var trainPairs = Pairs(split.Train.Rows()).ToHashSet();
            trainPairs.Overlaps(Pairs(split.Test)).Should().BeFalse();
            trainPairs.Count.Should().Be(160);
        }
    }

    [Fact]
    public void KFold_TrainKeepsRatingsScaleAndOrder()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var split = Split.KFold(ratings, 5, seed: 3)[0];

        split.Train.Scale.Should().Be(ratings.Scale);
        split.Train.Users.Comparer.Should().BeSameAs(ratings.Users.Comparer);
        split.Train.Items.Comparer.Should().BeSameAs(ratings.Items.Comparer);
        foreach (var row in split.Train.Rows())
        {
            ratings.TryGetRating(row.User, row.Item, out float stored).Should().BeTrue();
            row.Rating.Should().Be(stored);
        }
    }

    [Fact]
    public void KFold_SameSeedSameFolds()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var first = Split.KFold(ratings, 5, seed: 8);
        var second = Split.KFold(ratings, 5, seed: 8);

        for (int f = 0; f < 5; f++)
        {
            Pairs(first[f].Test).Should().Equal(Pairs(second[f].Test));
        }
    }

    [Fact]
    public void KFold_DifferentSeedsDifferentFolds()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var first = Split.KFold(ratings, 5, seed: 8);
        var second = Split.KFold(ratings, 5, seed: 9);

        Pairs(first[0].Test).Should().NotEqual(Pairs(second[0].Test));
    }

    [Fact]
    public void KFold_TrainDropsTestOnlyUser()
    {
        // u4 has a single rating, so the fold that tests it trains without u4.
        var splits = Split.KFold(SevenRows, 2, [4, 1, 6, 0, 3, 5, 2]);

        splits[0].Train.Users.Contains("u4").Should().BeFalse();
        splits[1].Train.Users.Contains("u4").Should().BeTrue();
    }

    [Fact]
    public void KFold_RejectsOneFold()
    {
        var act = () => Split.KFold(SevenRows, 1, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("folds");
    }

    [Fact]
    public void KFold_RejectsMoreFoldsThanRatings()
    {
        var act = () => Split.KFold(SevenRows, 8, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*must not exceed the number of ratings (7)*");
    }

    [Fact]
    public void KFold_RejectsPermutationOfWrongLength()
    {
        var act = () => Split.KFold(SevenRows, 2, [0, 1, 2]);

        act.Should().Throw<ArgumentException>().WithMessage("*3 entries but the matrix has 7 ratings*");
    }

    [Fact]
    public void Permutation_SameSeedSameOrder()
    {
        // Fisher–Yates over SplitMix64 with rejection sampling, recomputed with an independent implementation.
        Split.Permutation(10, 42).Should().Equal(0, 9, 5, 8, 6, 4, 7, 2, 1, 3);
        Split.Permutation(8, 7).Should().Equal(1, 4, 5, 2, 6, 0, 3, 7);
        Split.Permutation(5, -1).Should().Equal(2, 0, 3, 4, 1);
    }

    [Fact]
    public void Permutation_EmptyAndSingle()
    {
        Split.Permutation(0, 1).Should().BeEmpty();
        Split.Permutation(1, 1).Should().Equal(0);
    }

    [Fact]
    public void SplitMix64_KnownOutputs()
    {
        // The first five outputs for seed 1234567, as listed by Rosetta Code's "Pseudo-random numbers/Splitmix64" task.
        var generator = new SplitMix64(1234567);

        ulong[] outputs = [.. Enumerable.Range(0, 5).Select(_ => generator.NextUInt64())];

        outputs.Should().Equal(6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL, 4593380528125082431UL, 16408922859458223821UL);
    }

    [Fact]
    public void TrainTest_HoldsOutFraction()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var split = Split.TrainTest(ratings, 0.2, seed: 4);

        split.Test.Should().HaveCount(40);
        split.Train.Count.Should().Be(160);
        Pairs(split.Train.Rows()).ToHashSet().Overlaps(Pairs(split.Test)).Should().BeFalse();
    }

    [Fact]
    public void TrainTest_RoundsHalfUp()
    {
        // 0.25 of 7 ratings is 1.75, which rounds to 2; 0.5 of 7 is 3.5, which rounds to 4.
        Split.TrainTest(SevenRows, 0.25, seed: 1).Test.Should().HaveCount(2);
        Split.TrainTest(SevenRows, 0.5, seed: 1).Test.Should().HaveCount(4);
    }

    [Fact]
    public void TrainTest_SameSeedSameSplit()
    {
        var ratings = RandomMatrix(200, seed: 11);

        var first = Split.TrainTest(ratings, 0.3, seed: 6);
        var second = Split.TrainTest(ratings, 0.3, seed: 6);
        var other = Split.TrainTest(ratings, 0.3, seed: 7);

        Pairs(first.Test).Should().Equal(Pairs(second.Test));
        Pairs(first.Test).Should().NotEqual(Pairs(other.Test));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    [InlineData(0.01)]
    [InlineData(0.99)]
    public void TrainTest_RejectsFractionLeavingSideEmpty(double fraction)
    {
        var act = () => Split.TrainTest(SevenRows, fraction, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("testFraction");
    }

    [Fact]
    public void Predefined_KeepsGivenRows()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4), new("u1", "i2", 3), new("u2", "i1", 5)];
        RatingRow<string, string>[] test = [new("u2", "i2", 2), new("u1", "i3", 1)];

        var split = Split.Predefined(train, test, RatingScale.OneToFive);

        split.Index.Should().Be(0);
        split.Train.Count.Should().Be(3);
        split.Test.Should().Equal(test);
    }

    [Fact]
    public void Predefined_RejectsPairOnBothSides()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4), new("u1", "i2", 3)];
        RatingRow<string, string>[] test = [new("u2", "i2", 2), new("u1", "i2", 1)];

        var act = () => Split.Predefined(train, test, RatingScale.OneToFive);

        act.Should().Throw<RatingDataException>().WithMessage("*Test row 2 holds out (u1, i2), which is also a training row*");
    }

    [Fact]
    public void Predefined_RejectsRepeatedTestPair()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4)];
        RatingRow<string, string>[] test = [new("u2", "i2", 2), new("u2", "i2", 3)];

        var act = () => Split.Predefined(train, test, RatingScale.OneToFive);

        act.Should().Throw<RatingDataException>().WithMessage("*Test row 2 repeats the pair (u2, i2)*");
    }

    [Fact]
    public void Predefined_RejectsTestRatingOutsideScale()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4)];
        RatingRow<string, string>[] test = [new("u2", "i2", 6)];

        var act = () => Split.Predefined(train, test, RatingScale.OneToFive);

        act.Should().Throw<RatingDataException>().WithMessage("*Test row 1 rates (u2, i2) 6*scale [1, 5]*");
    }

    [Fact]
    public void Predefined_RejectsEmptyTest()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4)];

        var act = () => Split.Predefined(train, [], RatingScale.OneToFive);

        act.Should().Throw<RatingDataException>().WithMessage("There are no test rows*");
    }

    /// <summary>Builds a matrix of <paramref name="count"/> distinct (user, item) pairs from 30 users and 40 items, ratings 1–5.</summary>
    internal static RatingMatrix<string, string> RandomMatrix(int count, int seed)
    {
        var random = new Random(seed);
        var pairs = new HashSet<(string, string)>();
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        while (pairs.Count < count)
        {
            string user = $"u{random.Next(30):D2}";
            string item = $"i{random.Next(40):D2}";
            if (pairs.Add((user, item)))
            {
                builder.Add(user, item, random.Next(1, 6));
            }
        }

        return builder.Build();
    }

    private static IEnumerable<(string User, string Item)> Pairs(IEnumerable<RatingRow<string, string>> rows)
        => rows.Select(r => (r.User, r.Item));
}

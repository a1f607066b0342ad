using NewRetail.CF.Data;
using NewRetail.CF.Internals;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Kernels;

/// <summary>
/// The exact integer similarity path against the double path, which accumulates each sum separately in floating point.
/// </summary>
public class PackedSumsTests
{
    private static readonly ParallelOptions AllCores = new();

    public static TheoryData<long, long, long> FieldValues => new()
    {
        { 0, 0, 0 },
        { 1, 0, 0 },
        { 0, 0, 1 },
        { -1, -1, -1 },
        { (1 << 20) - 1, (1 << 20) - 1, (1 << 20) - 1 },
        { -((1 << 20) - 1), -((1 << 20) - 1), -((1 << 20) - 1) },
        { 5, -(1 << 19), 12_345 },
        { -7, 3, -999_999 },
    };

    [Theory]
    [MemberData(nameof(FieldValues))]
    public void Unpack_RecoversSignedFields(long low, long middle, long high)
    {
        var (unpackedLow, unpackedMiddle, unpackedHigh) = SimilarityEngine.Unpack(SimilarityEngine.Pack(low, middle, high));

        unpackedLow.Should().Be(low);
        unpackedMiddle.Should().Be(middle);
        unpackedHigh.Should().Be(high);
    }

    [Fact]
    public void Unpack_SumOfPackedWords()
    {
        // The sum of packed words is the packed sum, whatever the carries and borrows between fields.
        var random = new Random(5);
        long word = 0, low = 0, middle = 0, high = 0;
        for (int i = 0; i < 10_000; i++)
        {
            long a = random.Next(-50, 51), b = random.Next(-50, 51), c = random.Next(-50, 51);
            word += SimilarityEngine.Pack(a, b, c);
            low += a;
            middle += b;
            high += c;
        }

        SimilarityEngine.Unpack(word).Should().Be((low, middle, high));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 5 }, 1)]
    [InlineData(new[] { -10.0, 0, 10 }, 1)]
    [InlineData(new[] { 1.0, 1.5, 5 }, 2)]
    [InlineData(new[] { 0.25, 1.5, 5 }, 4)]
    [InlineData(new[] { 0.1, 1, 5 }, 0)]
    [InlineData(new[] { 1.0, 1_000, 2 }, 0)]
    public void PackedScale_ByValues(double[] values, int expected)
    {
        // Three users rate one item: the longest item row has 3 entries, so 1,000² · 3 exceeds the 2^20 field bound.
        var rows = values.Select((v, u) => ($"u{u}", "i", v)).ToArray();
        var ratings = Infrastructure.Fixtures.Matrix(RatingScale.Unbounded, rows);

        SimilarityEngine.PackedScale(ratings.Core.View(userBased: false)).Should().Be(expected);
    }

    [Fact]
    public void PackedScale_LongRowTooLarge()
    {
        // One item rated 5 by 50,000 users: Σx² of a pair could reach 25 · 50,000 = 1,250,000 ≥ 2^20.
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        for (int user = 0; user < 50_000; user++)
        {
            builder.Add(user, 0, 5);
        }

        var view = builder.Build().Core.View(userBased: false);

        SimilarityEngine.PackedScale(view).Should().Be(0);
    }

    public static TheoryData<string, bool, double[]> Grid()
    {
        var grid = new TheoryData<string, bool, double[]>();
        double[][] valueSets = [[1, 2, 3, 4, 5], [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5], [-2, -0.25, 0, 0.75, 2], [2, 4]];
        foreach (string metric in new[] { "pearson", "cosine", "msd", "jaccard" })
        {
            foreach (bool userBased in new[] { false, true })
            {
                foreach (var values in valueSets)
                {
                    grid.Add(metric, userBased, values);
                }
            }
        }

        return grid;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Packed_MatchesDoublePath(string metricName, bool userBased, double[] values)
    {
        var metric = MetricNamed(metricName);
        var view = RandomMatrix(users: 70, items: 45, density: 0.3, values, seed: values.Length).Core.View(userBased);
        int scale = SimilarityEngine.PackedScale(view);
        scale.Should().BeGreaterThan(0);

        var packed = SimilarityEngine.ComputeDensePacked(view, metric, minSupport: 2, shrinkage: 0, scale, AllCores);
        var reference = SimilarityEngine.ComputeDenseDouble(view, metric, minSupport: 2, shrinkage: 0, biases: null, userBased, AllCores);

        int differences = 0;
        for (int p = 0; p < packed.Length; p++)
        {
            // Zero and non-zero must agree exactly, because a 0 is no neighbour. Other values agree to float rounding.
            bool agree = (packed[p] == 0) == (reference[p] == 0) && Math.Abs(packed[p] - reference[p]) <= 1e-6;
            differences += agree ? 0 : 1;
        }

        differences.Should().Be(0);
    }

    [Fact]
    public void Packed_ShrinkageAndSupportAsDoublePath()
    {
        var view = RandomMatrix(users: 40, items: 30, density: 0.4, [1, 2, 3, 4, 5], seed: 9).Core.View(userBased: true);

        var packed = SimilarityEngine.ComputeDensePacked(view, Similarity.Pearson, minSupport: 4, shrinkage: 25, scale: 1, AllCores);
        var reference = SimilarityEngine.ComputeDenseDouble(view, Similarity.Pearson, minSupport: 4, shrinkage: 25, biases: null, userBased: true, AllCores);

        packed.Should().Equal(reference, (a, b) => Math.Abs(a - b) <= 1e-6);
    }

    [Fact]
    public void Packed_ConstantSideIsExactlyZero()
    {
        // u1 rates everything 3, so its co-rated variance is 0 and its Pearson similarity to anyone is undefined.
        var ratings = Infrastructure.Fixtures.Table(
            "u1: 3 3 3 3",
            "u2: 1 2 4 5",
            "u3: 2 2 5 4");
        var view = ratings.Core.View(userBased: true);

        var packed = SimilarityEngine.ComputeDensePacked(view, Similarity.Pearson, minSupport: 2, shrinkage: 0, scale: 1, AllCores);

        packed[1].Should().Be(0);
        packed[2].Should().Be(0);
        packed[(1 * 3) + 2].Should().NotBe(0);
    }

    [Fact]
    public void Packed_SameForEveryThreadCount()
    {
        var view = RandomMatrix(users: 80, items: 60, density: 0.3, [1, 2, 3, 4, 5], seed: 3).Core.View(userBased: false);

        var singleThread = SimilarityEngine.ComputeDensePacked(view, Similarity.Pearson, 2, 0, 1, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        var allCores = SimilarityEngine.ComputeDensePacked(view, Similarity.Pearson, 2, 0, 1, AllCores);

        allCores.Should().Equal(singleThread);
    }

    private static SimilarityMetric MetricNamed(string name) => name switch
    {
        "pearson" => Similarity.Pearson,
        "cosine" => Similarity.Cosine,
        "msd" => Similarity.MeanSquaredDifference,
        _ => Similarity.Jaccard,
    };

    private static RatingMatrix<int, int> RandomMatrix(int users, int items, double density, double[] values, int seed)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.Unbounded);
        for (int user = 0; user < users; user++)
        {
            for (int item = 0; item < items; item++)
            {
                if (random.NextDouble() < density)
                {
                    builder.Add(user, item, values[random.Next(values.Length)]);
                }
            }
        }

        return builder.Build();
    }
}

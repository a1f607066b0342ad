using System.Runtime.Intrinsics.X86;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;
using NewRetail.CF.Internals.Kernels;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Kernels;

/// <summary>
/// The vector kernels of a dense fit against the scalar loops they replace: every float must be the same, bit for bit,
/// including the sign of zero.
/// </summary>
public class DenseFinishTests
{
    private static readonly ParallelOptions AllCores = new();

    [SkippableFact]
    public void MirrorAvx_SameAsScalarForEverySize()
    {
        Skip.IfNot(Avx.IsSupported, "The 8 × 8 transpose needs AVX.");

        // Sizes below, at and above the 8-element block and the 64-element tile.
        int[] sizes = [.. Enumerable.Range(0, 140), 191, 192, 193, 255, 256, 257, 300];
        var random = new Random(2);
        foreach (int n in sizes)
        {
            var expected = new float[n * n];
            for (int p = 0; p < expected.Length; p++)
            {
                expected[p] = (float)random.NextDouble();
            }

            var actual = (float[])expected.Clone();

            SimilarityEngine.MirrorUpperTriangle(expected, n, AllCores);
            SimilarityEngine.MirrorUpperTriangleAvx(actual, n, AllCores);

            actual.Should().Equal(expected, $"n = {n}");
        }
    }

    [Fact]
    public void CorrelationKernel_SameAsScalarLoop()
    {
        var random = new Random(4);
        foreach (double shrinkage in new[] { 0.0, 25.0 })
        {
            for (int length = 0; length <= 40; length++)
            {
                var products = new long[length];
                var squaresX = new long[length];
                var squaresY = new long[length];
                var counts = new long[length];
                for (int i = 0; i < length; i++)
                {
                    // Integers as the packed sums give them, up to 2^41 in magnitude. Some products exceed √(xx·yy) to
                    // reach the clamp, a product of ±1 against large squares leaves a residue below the zero tolerance,
                    // and some squares are 0.
                    squaresX[i] = random.Next(4) == 0 ? 0 : random.NextInt64(1, 1L << 40);
                    squaresY[i] = random.NextInt64(1, 1L << 40);
                    products[i] = random.Next(5) switch
                    {
                        0 => 0,
                        1 => (long)(2.0 * Math.Sqrt((double)squaresX[i] * squaresY[i])) * (random.Next(2) == 0 ? 1 : -1),
                        2 => random.Next(2) == 0 ? 1 : -1,
                        _ => random.NextInt64(-(1L << 40), 1L << 40),
                    };
                    counts[i] = random.Next(1, 200);
                }

                var expected = new float[length];
                var actual = new float[length];

                CorrelationKernel.FinishScalar(products, squaresX, squaresY, counts, shrinkage, expected);
                CorrelationKernel.Finish(products, squaresX, squaresY, counts, shrinkage, actual);

                actual.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Select(BitConverter.SingleToInt32Bits), $"length {length}, shrinkage {shrinkage}");
            }
        }
    }

    [Fact]
    public void CorrelationKernel_HandWorkedShrinkage()
    {
        // One hand-checked pair: xy = 3, xx = 4, yy = 9 gives 3 / 6 = 0.5, and shrinkage 10 at 11 co-ratings halves it.
        long[] products = [3];
        long[] squaresX = [4];
        long[] squaresY = [9];
        long[] counts = [11];
        var result = new float[1];

        CorrelationKernel.FinishScalar(products, squaresX, squaresY, counts, shrinkage: 10, result);

        result[0].Should().Be(0.25f);
    }

    public static TheoryData<string, bool, int, double, double[]> DenseCases()
    {
        // Stars 1 to 5, half stars, and values around 0 span at most 16 scaled integers, so they take the table
        // accumulation. Quarter steps up to 5 span 20 and values from −10 to 10 span 21, so they take the scalar one.
        double[][] valueSets =
        [
            [1, 2, 3, 4, 5],
            [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5],
            [-2, -1, 0, 1, 2],
            [0.25, 1, 2.5, 4, 5],
            [-10, -3, 0, 4, 10],
        ];
        var cases = new TheoryData<string, bool, int, double, double[]>();
        foreach (string metric in new[] { "pearson", "cosine" })
        {
            foreach (bool userBased in new[] { false, true })
            {
                foreach (var values in valueSets)
                {
                    cases.Add(metric, userBased, 1, 0, values);
                }

                cases.Add(metric, userBased, 4, 25, valueSets[0]);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(DenseCases))]
    public void ComputeDensePacked_VectorKernelsSameAsScalar(string metricName, bool userBased, int minSupport, double shrinkage, double[] values)
    {
        // 300 rows on the compared side, so a row spans two finish blocks of 256 and the mirror has partial tiles.
        int users = userBased ? 300 : 40;
        int items = userBased ? 40 : 300;
        var view = RandomMatrix(users, items, density: 0.2, values, seed: 6).Core.View(userBased);
        var metric = metricName == "pearson" ? Similarity.Pearson : Similarity.Cosine;
        int scale = SimilarityEngine.PackedScale(view);
        scale.Should().BeGreaterThan(0);

        var scalar = SimilarityEngine.ComputeDensePacked(view, metric, minSupport, shrinkage, scale, AllCores, allowVectorKernels: false);
        var vector = SimilarityEngine.ComputeDensePacked(view, metric, minSupport, shrinkage, scale, AllCores, allowVectorKernels: true);

        scalar.Should().Contain(s => s != 0);
        vector.Select(BitConverter.SingleToInt32Bits).Should().Equal(scalar.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ComputeDensePacked_OtherMetricSameAsScalar()
    {
        // Mean squared difference has no vector finish, but it still takes the table accumulation and the mirror.
        var view = RandomMatrix(users: 60, items: 50, density: 0.3, [1, 2, 3, 4, 5], seed: 10).Core.View(userBased: false);

        var scalar = SimilarityEngine.ComputeDensePacked(view, Similarity.MeanSquaredDifference, 2, 0, 1, AllCores, allowVectorKernels: false);
        var vector = SimilarityEngine.ComputeDensePacked(view, Similarity.MeanSquaredDifference, 2, 0, 1, AllCores, allowVectorKernels: true);

        scalar.Should().Contain(s => s != 0);
        vector.Select(BitConverter.SingleToInt32Bits).Should().Equal(scalar.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ComputeDenseDouble_VectorMirrorSameAsScalar()
    {
        var view = RandomMatrix(users: 90, items: 70, density: 0.3, [1.2, 2.7, 4.1], seed: 8).Core.View(userBased: true);

        var scalar = SimilarityEngine.ComputeDenseDouble(view, Similarity.Pearson, 2, 0, null, true, AllCores, allowVectorMirror: false);
        var vector = SimilarityEngine.ComputeDenseDouble(view, Similarity.Pearson, 2, 0, null, true, AllCores, allowVectorMirror: true);

        vector.Select(BitConverter.SingleToInt32Bits).Should().Equal(scalar.Select(BitConverter.SingleToInt32Bits));
    }

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

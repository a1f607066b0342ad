using System.Runtime.Intrinsics;
using NewRetail.CF.Implicit.Internals;
using NewRetail.CF.Implicit.Internals.Kernels;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>The scan kernel against its scalar loop, the scatter-add, and the bounded selector against a full sort.</summary>
public class KernelTests
{
    public static TheoryData<int> Lengths()
    {
        var lengths = new TheoryData<int>();
        for (int length = 0; length <= 70; length++)
        {
            lengths.Add(length);
        }

        lengths.Add(255);
        lengths.Add(1027);
        return lengths;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void IndexOfGreater_MatchesScalar(int length)
    {
        var random = new Random(length);

        // Mostly zeros, as in a score array, with a few positives and a NaN.
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(6) == 0 ? random.NextDouble() : 0;
        }

        if (length > 3)
        {
            values[random.Next(length)] = double.NaN;
        }

        foreach (double threshold in new[] { -1, 0, 0.5, 0.99, 2 })
        {
            for (int start = 0; start <= length; start += Math.Max(1, length / 7))
            {
                var slice = values.AsSpan(start);
                int expected = ThresholdScanKernel.IndexOfGreaterScalar(slice, threshold);

                ThresholdScanKernel.IndexOfGreater(slice, threshold).Should().Be(expected, $"threshold {threshold}, start {start}");
                if (Vector256.IsHardwareAccelerated && slice.Length >= Vector256<double>.Count)
                {
                    ThresholdScanKernel.IndexOfGreaterVector256(slice, threshold).Should().Be(expected, $"256-bit, threshold {threshold}, start {start}");
                }

                if (Vector128.IsHardwareAccelerated && slice.Length >= Vector128<double>.Count)
                {
                    ThresholdScanKernel.IndexOfGreaterVector128(slice, threshold).Should().Be(expected, $"128-bit, threshold {threshold}, start {start}");
                }
            }
        }
    }

    [Fact]
    public void IndexOfGreater_FindsOnlyMatchInTail()
    {
        // Seven values: one 4-wide vector and an overlapping tail vector; the only match is the last value.
        double[] values = [0, 0, 0, 0, 0, 0, 3];

        ThresholdScanKernel.IndexOfGreater(values, 0).Should().Be(6);
    }

    [Fact]
    public void ScatterAdd_HandWorked()
    {
        var destination = new double[3];

        ScatterKernel.Add([2, 0, 2], [1f, 0.5f, 0.25f], 2, destination);

        destination.Should().Equal(1.0, 0.0, 2.5);
    }

    [Fact]
    public void ScatterAdd_LengthMismatchThrows()
    {
        var act = () => ScatterKernel.Add([1, 2], [1f], 1, new double[3]);

        act.Should().Throw<ArgumentException>().WithParameterName("values");
    }

    [Fact]
    public void TopSelector_MatchesSortWithTies()
    {
        var random = new Random(5);
        var selector = new TopSelector(0);
        for (int trial = 0; trial < 200; trial++)
        {
            int count = random.Next(0, 60);
            int capacity = random.Next(0, 20);

            // Scores from a small set make ties common; indices are shuffled so arrival order is random.
            var indices = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToArray();
            var scores = indices.ToDictionary(index => index, _ => (double)random.Next(5));
            selector.Reset(capacity);
            foreach (int index in indices)
            {
                selector.Add(scores[index], index);
            }

            var keptScores = new double[selector.Count];
            var keptIndices = new int[selector.Count];
            selector.DrainBestFirst(keptScores, keptIndices);

            var expected = scores.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key).Take(capacity).Select(pair => pair.Key);
            keptIndices.Should().Equal(expected, $"trial {trial}");
        }
    }
}

using NewRetail.CF.Internals;

namespace NewRetail.CF.Tests.Kernels;

/// <summary>
/// The 64-bit candidate keys of dense prediction against the <see cref="NeighborhoodCore.Candidate"/> structs and
/// <see cref="NeighborhoodCore.SelectBest"/>, which they replace there and must match step for step.
/// </summary>
public class CandidateKeyTests
{
    private static readonly float[] Extremes =
    [
        float.MaxValue, -float.MaxValue, float.Epsilon, -float.Epsilon, 1e-38f, -1e-38f, 1f, -1f, 0.5f, -0.5f,
        BitConverter.Int32BitsToSingle(1), BitConverter.Int32BitsToSingle(-int.MaxValue),
    ];

    [Fact]
    public void CandidateKey_RoundTrips()
    {
        int[] positions = [0, 1, 2, 1_000, int.MaxValue - 1, int.MaxValue];
        foreach (float weight in Extremes)
        {
            foreach (int position in positions)
            {
                long key = NeighborhoodCore.CandidateKey(weight, position);

                NeighborhoodCore.WeightOfKey(key).Should().Be(weight);
                NeighborhoodCore.PositionOfKey(key).Should().Be(position);
            }
        }
    }

    [Fact]
    public void CandidateKey_OrderIsIsBetter()
    {
        var random = new Random(17);
        var weights = Extremes.Concat(Enumerable.Range(0, 40).Select(_ => (float)((random.NextDouble() * 2) - 1))).ToArray();
        foreach (float first in weights)
        {
            foreach (float second in weights)
            {
                foreach (var (firstPosition, secondPosition) in new[] { (3, 3), (2, 7), (7, 2) })
                {
                    bool better = first > second || (first == second && firstPosition < secondPosition);

                    bool keyBetter = NeighborhoodCore.CandidateKey(first, firstPosition) > NeighborhoodCore.CandidateKey(second, secondPosition);

                    keyBetter.Should().Be(better, $"({first:R} at {firstPosition}) against ({second:R} at {secondPosition})");
                }
            }
        }
    }

    [Fact]
    public void SelectBestKeys_MatchesSelectBest()
    {
        // Weights drawn from a few values, so ties are common and the index decides them.
        var random = new Random(23);
        float[] pool = [-1f, -0.5f, -0.25f, 0.125f, 0.25f, 0.5f, 0.75f, 1f, float.Epsilon, -float.MaxValue];
        for (int length = 1; length <= 200; length++)
        {
            foreach (int k in new[] { 1, 2, 3, 5, 40, length - 1, length }.Where(k => k >= 1 && k <= length).Distinct())
            {
                var weights = Enumerable.Range(0, length)
                    .Select(_ => random.Next(3) == 0 ? pool[random.Next(pool.Length)] : (float)((random.NextDouble() * 2) - 1))
                    .Select(w => w == 0 ? 1f : w)
                    .ToArray();
                var candidates = weights.Select((w, p) => new NeighborhoodCore.Candidate(p, w, 0)).ToArray();
                var keys = weights.Select((w, p) => NeighborhoodCore.CandidateKey(w, p)).ToArray();

                var expected = NeighborhoodCore.SelectBest(candidates, k).ToArray();
                var actual = NeighborhoodCore.SelectBestKeys(keys, k).ToArray();

                actual.Select(NeighborhoodCore.PositionOfKey).Should().Equal(expected.Select(c => c.Index), $"length {length}, k {k}");
                actual.Select(NeighborhoodCore.WeightOfKey).Should().Equal(expected.Select(c => c.Weight), $"length {length}, k {k}");
            }
        }
    }
}

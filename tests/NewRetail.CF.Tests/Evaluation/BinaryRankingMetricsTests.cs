using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>Binary NDCG, hit rate, average precision and reciprocal rank on hand-worked lists.</summary>
/// <remarks>
/// Discounts 1 / log2(r + 1) by rank r: 1, 0.630930, 0.5, 0.430677, 0.386853. Ideal DCG over 2 ranks is
/// 1 + 0.630930 = 1.630930, and over 3 ranks 1.630930 + 0.5 = 2.130930.
/// </remarks>
public class BinaryRankingMetricsTests
{
    private static readonly HashSet<string> Relevant = ["a", "c", "f"];

    public static readonly TheoryData<string[], int, double, double, double, double, double, double> Cases = new()
    {
        // [a, b, c, d, e] at 5: hits at ranks 1 and 3. P = 2/5, R = 2/3. DCG = 1 + 0.5 = 1.5, NDCG = 1.5 / 2.130930.
        // AP = (1/1 + 2/3) / min(3, 5) = 0.555556. RR = 1.
        { ["a", "b", "c", "d", "e"], 5, 0.4, 0.666667, 1, 0.703918, 0.555556, 1 },

        // The same list at 2: one hit at rank 1. NDCG = 1 / 1.630930 (ideal over min(3, 2) = 2 ranks). AP = 1 / 2.
        { ["a", "b", "c", "d", "e"], 2, 0.5, 0.333333, 1, 0.613147, 0.5, 1 },

        // [b, d, c] at 3: one hit at rank 3. NDCG = 0.5 / 2.130930. AP = (1/3) / 3. RR = 1/3.
        { ["b", "d", "c"], 3, 0.333333, 0.333333, 1, 0.234639, 0.111111, 0.333333 },

        // No hits: [b, d, c] at 2 stops before c.
        { ["b", "d", "c"], 2, 0, 0, 0, 0, 0, 0 },

        // K larger than the list: [b, d, c] at 10 keeps the 3-item ideal and divides precision by 10.
        { ["b", "d", "c"], 10, 0.1, 0.333333, 1, 0.234639, 0.111111, 0.333333 },

        // Empty list.
        { Array.Empty<string>(), 5, 0, 0, 0, 0, 0, 0 },

        // All hits: [c, a, f] at 3. AP = (1/1 + 2/2 + 3/3) / 3 = 1.
        { ["c", "a", "f"], 3, 1, 1, 1, 1, 1, 1 },

        // All hits, K beyond the list: P = 3/5, the rest stay 1 because the ideal covers min(3, 5) = 3 ranks.
        { ["c", "a", "f"], 5, 0.6, 1, 1, 1, 1, 1 },

        // |relevant| = 3 > K = 2 and both ranks hit: NDCG = 1 and AP = (1 + 1) / min(3, 2) = 1, recall 2/3.
        { ["f", "a"], 2, 1, 0.666667, 1, 1, 1, 1 },

        // [x, a] at 2: hit at rank 2. NDCG = 0.630930 / 1.630930. AP = (1/2) / 2. RR = 1/2.
        { ["x", "a"], 2, 0.5, 0.333333, 1, 0.386853, 0.25, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_HandWorked(string[] ranked, int k, double precision, double recall, double hitRate, double ndcg, double averagePrecision, double reciprocalRank)
    {
        RankingMetrics.Precision(ranked, Relevant, k).Should().BeApproximately(precision, 1e-6);
        RankingMetrics.Recall(ranked, Relevant, k).Should().BeApproximately(recall, 1e-6);
        RankingMetrics.HitRate(ranked, Relevant, k).Should().Be(hitRate);
        RankingMetrics.Ndcg(ranked, Relevant, k).Should().BeApproximately(ndcg, 1e-6);
        RankingMetrics.AveragePrecision(ranked, Relevant, k).Should().BeApproximately(averagePrecision, 1e-6);
        RankingMetrics.ReciprocalRank(ranked, Relevant, k).Should().BeApproximately(reciprocalRank, 1e-6);
    }

    [Fact]
    public void AveragePrecision_DividesByMinRelevantK()
    {
        // Dividing by |relevant| = 3 instead of min(3, 2) = 2 would give 2 / 3.
        double ap = RankingMetrics.AveragePrecision(["f", "a"], Relevant, 2);

        ap.Should().Be(1);
        ap.Should().NotBeApproximately(0.666667, 1e-3);
    }

    [Fact]
    public void Ndcg_IdealCutAtRelevantCount()
    {
        // One relevant item at rank 2: DCG = 0.630930 over an ideal of one rank, 1. An ideal of K = 3 ranks, as if
        // every rank could hit, would give 0.630930 / 2.130930 = 0.296082.
        double ndcg = RankingMetrics.Ndcg(["x", "a", "y"], new HashSet<string> { "a" }, 3);

        ndcg.Should().BeApproximately(0.630930, 1e-6);
        ndcg.Should().NotBeApproximately(0.296082, 1e-3);
    }

    [Fact]
    public void Metrics_EmptyRelevantSetIsZero()
    {
        var none = new HashSet<string>();
        string[] ranked = ["a", "b"];

        RankingMetrics.HitRate(ranked, none, 2).Should().Be(0);
        RankingMetrics.Ndcg(ranked, none, 2).Should().Be(0);
        RankingMetrics.AveragePrecision(ranked, none, 2).Should().Be(0);
        RankingMetrics.ReciprocalRank(ranked, none, 2).Should().Be(0);
    }

    [Fact]
    public void Ndcg_BinaryEqualsUnitGains()
    {
        // The gain-map overload with every gain 1 is an independent implementation of the same definition.
        var unitGains = Relevant.ToDictionary(item => item, _ => 1.0);
        string[][] lists = [["a", "b", "c", "d", "e"], ["x", "f"], ["b", "d", "c"], []];

        foreach (string[] list in lists)
        {
            for (int k = 1; k <= 6; k++)
            {
                RankingMetrics.Ndcg(list, Relevant, k).Should().BeApproximately(RankingMetrics.Ndcg(list, unitGains, k), 1e-12);
            }
        }
    }

    [Fact]
    public void Metrics_MatchReferenceOnRandomLists()
    {
        // 500 lists of 0 to 12 items drawn from 20 items, against 1 to 8 relevant items, at k = 1..15.
        var random = new Random(20240601);
        string[] catalog = [.. Enumerable.Range(0, 20).Select(i => "i" + i)];
        for (int trial = 0; trial < 500; trial++)
        {
            string[] ranked = [.. catalog.OrderBy(_ => random.Next()).Take(random.Next(13))];
            var relevant = catalog.OrderBy(_ => random.Next()).Take(random.Next(1, 9)).ToHashSet();
            int k = random.Next(1, 16);

            RankingMetrics.Precision(ranked, relevant, k).Should().BeApproximately(ReferenceRankingMetrics.Precision(ranked, relevant, k), 1e-12);
            RankingMetrics.Recall(ranked, relevant, k).Should().BeApproximately(ReferenceRankingMetrics.Recall(ranked, relevant, k), 1e-12);
            RankingMetrics.HitRate(ranked, relevant, k).Should().Be(ReferenceRankingMetrics.HitRate(ranked, relevant, k));
            RankingMetrics.Ndcg(ranked, relevant, k).Should().BeApproximately(ReferenceRankingMetrics.Ndcg(ranked, relevant, k), 1e-12);
            RankingMetrics.AveragePrecision(ranked, relevant, k).Should().BeApproximately(ReferenceRankingMetrics.AveragePrecision(ranked, relevant, k), 1e-12);
            RankingMetrics.ReciprocalRank(ranked, relevant, k).Should().BeApproximately(ReferenceRankingMetrics.ReciprocalRank(ranked, relevant, k), 1e-12);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Metrics_RejectNonPositiveK(int cutoff)
    {
        string[] ranked = ["a"];

        FluentActions.Invoking(() => RankingMetrics.HitRate(ranked, Relevant, cutoff)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
        FluentActions.Invoking(() => RankingMetrics.Ndcg(ranked, Relevant, cutoff)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
        FluentActions.Invoking(() => RankingMetrics.AveragePrecision(ranked, Relevant, cutoff)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
        FluentActions.Invoking(() => RankingMetrics.ReciprocalRank(ranked, Relevant, cutoff)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
    }

    [Fact]
    public void Metrics_RejectRepeatedItem()
    {
        string[] ranked = ["x", "a", "a"];

        FluentActions.Invoking(() => RankingMetrics.AveragePrecision(ranked, Relevant, 3))
            .Should().Throw<ArgumentException>().WithParameterName("ranked").WithMessage("*Item a appears more than once*rank 3*");
        FluentActions.Invoking(() => RankingMetrics.ReciprocalRank(ranked, Relevant, 3))
            .Should().Throw<ArgumentException>().WithParameterName("ranked");
    }

    [Fact]
    public void Metrics_IgnoreRepeatBeyondK()
    {
        // Only the first k items are read, so a repeat at rank 3 does not matter at k = 2.
        RankingMetrics.ReciprocalRank(["x", "a", "a"], Relevant, 2).Should().Be(0.5);
    }

    [Fact]
    public void Metrics_RejectNullArguments()
    {
        FluentActions.Invoking(() => RankingMetrics.HitRate(null!, Relevant, 1)).Should().Throw<ArgumentNullException>().WithParameterName("ranked");
        FluentActions.Invoking(() => RankingMetrics.Ndcg(["a"], (IReadOnlySet<string>)null!, 1)).Should().Throw<ArgumentNullException>().WithParameterName("relevant");
    }
}

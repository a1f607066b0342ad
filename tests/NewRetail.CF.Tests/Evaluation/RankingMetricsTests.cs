using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>NDCG@k, precision@k, recall@k and their macro averages.</summary>
public class RankingMetricsTests
{
    // Held-out ratings used as gains: a = 2, b = 5, c = 4, d = 1. Discount log2(rank + 1).
    private static readonly Dictionary<string, double> Truth = new() { ["a"] = 2, ["b"] = 5, ["c"] = 4, ["d"] = 1 };

    private static readonly Dictionary<string, string[]> Lists = new()
    {
        ["R1"] = ["b", "c", "a", "x"],
        ["R2"] = ["x", "b", "y", "a", "c"],
        ["R3"] = ["a"],
        ["R4"] = [],
    };

    // Catalogue i1..i8, seen {i1, i3}; the list ranks the 6 unseen items.
    private static readonly HashSet<string> Relevant = ["i2", "i5", "i7"];
    private static readonly string[] Ranked = ["i5", "i4", "i2", "i8", "i6", "i7"];

    [Theory]
    [InlineData("R1", 1, 1.000000)]
    [InlineData("R1", 2, 1.000000)]
    [InlineData("R1", 3, 1.000000)]
    [InlineData("R1", 5, 0.951903)]
    [InlineData("R2", 1, 0.000000)]
    [InlineData("R2", 2, 0.419294)]
    [InlineData("R2", 3, 0.370102)]
    [InlineData("R2", 5, 0.621305)]
    [InlineData("R3", 1, 0.400000)]
    [InlineData("R3", 2, 0.265826)]
    [InlineData("R3", 3, 0.234639)]
    [InlineData("R3", 5, 0.223354)]
    [InlineData("R4", 1, 0.0)]
    [InlineData("R4", 2, 0.0)]
    [InlineData("R4", 3, 0.0)]
    [InlineData("R4", 5, 0.0)]
    public void Ndcg_LinearGain(string list, int k, double expected)
    {
        // R2 at k = 2: DCG = 5 / log2 3 = 3.154649 and IDCG@2 = 5 + 4 / log2 3 = 7.523719, so 0.419294.
        double ndcg = RankingMetrics.Ndcg(Lists[list], Truth, k);

        ndcg.Should().BeApproximately(expected, 1e-6);
        double.IsNaN(ndcg).Should().BeFalse();
    }

    [Theory]
    [InlineData("R1", 1, 1.000000)]
    [InlineData("R1", 2, 1.000000)]
    [InlineData("R1", 3, 1.000000)]
    [InlineData("R1", 5, 0.989841)]
    [InlineData("R2", 1, 0.000000)]
    [InlineData("R2", 2, 0.483364)]
    [InlineData("R2", 3, 0.466086)]
    [InlineData("R2", 5, 0.628703)]
    [InlineData("R3", 1, 0.096774)]
    [InlineData("R3", 2, 0.074140)]
    [InlineData("R3", 3, 0.071490)]
    [InlineData("R3", 5, 0.070764)]
    [InlineData("R4", 1, 0.0)]
    [InlineData("R4", 5, 0.0)]
    public void Ndcg_ExponentialGain(string list, int k, double expected)
    {
        // Gains 2^g − 1: a = 3, b = 31, c = 15, d = 1. R3 at k = 1: 3 / 31 = 0.096774.
        RankingMetrics.Ndcg(Lists[list], Truth, k, NdcgGain.Exponential).Should().BeApproximately(expected, 1e-6);
    }

    [Fact]
    public void Ndcg_TruncatesListAndIdealAtK()
    {
        // Scoring the whole of R1 against IDCG@2 would give 8.523719 / 7.523719 = 1.132913, and DCG@2 over the
        // ideal of all four truth items would give 7.523719 / 8.954396 = 0.840226. Both cut at 2, it is exactly 1.
        double ndcg = RankingMetrics.Ndcg(Lists["R1"], Truth, 2);

        ndcg.Should().Be(1.0);
        ndcg.Should().NotBeApproximately(1.132913, 1e-3);
        ndcg.Should().NotBeApproximately(0.840226, 1e-3);
    }

    [Fact]
    public void Ndcg_NoPositiveGainIsZero()
    {
        RankingMetrics.Ndcg(["a"], new Dictionary<string, double>(), 3).Should().Be(0);
        RankingMetrics.Ndcg(["a"], new Dictionary<string, double> { ["a"] = 0 }, 3).Should().Be(0);
    }

    [Fact]
    public void Ndcg_RejectsNegativeGain()
    {
        var act = () => RankingMetrics.Ndcg(["a"], new Dictionary<string, double> { ["a"] = -1 }, 3);

        act.Should().Throw<ArgumentException>().WithMessage("*truth value -1 of item a*");
    }

    [Fact]
    public void Ndcg_RejectsRepeatedItem()
    {
        var act = () => RankingMetrics.Ndcg(["b", "b"], Truth, 2);

        act.Should().Throw<ArgumentException>().WithMessage("*Item b appears more than once*");
    }

    [Fact]
    public void Ndcg_RejectsZeroCutoff()
    {
        var act = () => RankingMetrics.Ndcg(["b"], Truth, 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
    }

    [Theory]
    [InlineData(1, 1, 1.0, 1.0, 0.333333)]
    [InlineData(3, 2, 0.666667, 0.666667, 0.666667)]
    [InlineData(5, 2, 0.4, 0.4, 0.666667)]
    [InlineData(6, 3, 0.5, 0.5, 1.0)]
    [InlineData(10, 3, 0.3, 0.5, 1.0)]
    public void PrecisionRecall_ByCutoff(int k, int hits, double precision, double hitsOverLength, double recall)
    {
        RankingMetrics.Hits(Ranked, Relevant, k).Should().Be(hits);
        RankingMetrics.Precision(Ranked, Relevant, k).Should().BeApproximately(precision, 1e-6);
        RankingMetrics.HitsOverLength(Ranked, Relevant, k).Should().BeApproximately(hitsOverLength, 1e-6);
        RankingMetrics.Recall(Ranked, Relevant, k).Should().BeApproximately(recall, 1e-6);
    }

    [Fact]
    public void Precision_DividesByKNotByRelevantCount()
    {
        // hits / min(K, |relevant|) would report 2 / 3 = 0.666667 at K = 5.
        RankingMetrics.Precision(Ranked, Relevant, 5).Should().BeApproximately(0.4, 1e-12);
    }

    [Fact]
    public void HitsOverLength_EmptyListIsZero()
    {
        RankingMetrics.HitsOverLength([], Relevant, 5).Should().Be(0);
    }

    [Fact]
    public void Recall_NoRelevantItemsIsZero()
    {
        RankingMetrics.Recall(Ranked, new HashSet<string>(), 5).Should().Be(0);
    }

    [Fact]
    public void Average_TwoUsersAtThree()
    {
        // User A: hits@3 = 2 (i5, i2), so P = 2/3 and R = 2/3. User B: relevant {i9}, list [i3, i9, i4], so P = 1/3 and R = 1.
        // Macro P@3 = (2/3 + 1/3) / 2 = 0.5 and macro R@3 = (2/3 + 1) / 2 = 0.833333.
        // Pooling as hits / Σmin(K, |rel|) = 3 / (3 + 1) = 0.75 would be a different precision.
        var users = new List<(IReadOnlyList<string>, IReadOnlyDictionary<string, double>)>
        {
            (Ranked, Binary(Relevant)),
            (["i3", "i9", "i4"], Binary(["i9"])),
        };

        var summary = RankingMetrics.Average(users, 3);

        summary.Precision.Should().BeApproximately(0.5, 1e-12);
        summary.Recall.Should().BeApproximately(0.833333, 1e-6);
        summary.Precision.Should().NotBeApproximately(0.75, 1e-3);
        summary.HitsOverLength.Should().BeApproximately(0.5, 1e-12);
        summary.UserCount.Should().Be(2);
        summary.UsersWithoutTruth.Should().Be(0);
    }

    [Fact]
    public void Average_LeavesOutUsersWithoutTruth()
    {
        // NDCG@2 of [b, x] is 5 / (5 + 4 / log2 3) = 0.664565. The second user has no held-out item and is left out.
        var users = new List<(IReadOnlyList<string>, IReadOnlyDictionary<string, double>)>
        {
            (["b", "x"], Truth),
            (["a", "b"], new Dictionary<string, double>()),
        };

        var summary = RankingMetrics.Average(users, 2);

        summary.Ndcg.Should().BeApproximately(0.664565, 1e-6);
        summary.UserCount.Should().Be(1);
        summary.UsersWithoutTruth.Should().Be(1);
    }

    [Fact]
    public void Average_EmptyListScoresZero()
    {
        var users = new List<(IReadOnlyList<string>, IReadOnlyDictionary<string, double>)>
        {
            (["b", "c"], Truth),
            ([], Truth),
        };

        var summary = RankingMetrics.Average(users, 2);

        summary.Ndcg.Should().BeApproximately(0.5, 1e-12);
        summary.Precision.Should().BeApproximately(0.5, 1e-12);
        summary.UserCount.Should().Be(2);
    }

    [Fact]
    public void Average_RejectsWhenNoUserHasTruth()
    {
        var users = new List<(IReadOnlyList<string>, IReadOnlyDictionary<string, double>)>
        {
            (["a"], new Dictionary<string, double>()),
        };

        var act = () => RankingMetrics.Average(users, 2);

        act.Should().Throw<ArgumentException>().WithMessage("*None of the 1 users has a held-out item*");
    }

    private static Dictionary<string, double> Binary(IEnumerable<string> items) => items.ToDictionary(i => i, _ => 1.0);
}

using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>Catalogue coverage, popularity rank, self-information and intra-list diversity on hand-worked lists.</summary>
public class ListMetricsTests
{
    /// <summary>
    /// Users per item: A {u1, u2, u3, u4}, B {u1, u2}, C {u3, u4}, D {u1}; 4 users. u1 views A as well as buying it,
    /// which must not count twice. Ranks: A = 1, B and C tie on ranks 2 and 3 so both get 2.5, D = 4.
    /// Self-information log2(4 / count): A = 0, B = C = 1, D = 2.
    /// </summary>
    private static readonly InteractionEvent<string, string>[] Events =
    [
        Event("u1", "A"), Event("u2", "A"), Event("u3", "A"), Event("u4", "A"), Event("u1", "A", Behavior.View),
        Event("u1", "B"), Event("u2", "B"),
        Event("u3", "C"), Event("u4", "C"),
        Event("u1", "D"),
    ];

    private static readonly ItemPopularity<string> Popularity = ItemPopularity.FromEvents(Events);

    [Fact]
    public void Popularity_CountsDistinctUsers()
    {
        Popularity.UserCount.Should().Be(4);
        Popularity.ItemCount.Should().Be(4);
        Popularity.Count("A").Should().Be(4);
        Popularity.Count("B").Should().Be(2);
        Popularity.Count("X").Should().Be(0);
    }

    [Theory]
    [InlineData("A", 1.0, 0.0)]
    [InlineData("B", 2.5, 1.0)]
    [InlineData("C", 2.5, 1.0)]
    [InlineData("D", 4.0, 2.0)]
    public void Popularity_RankAndSelfInformation(string item, double rank, double selfInformation)
    {
        Popularity.Rank(item).Should().Be(rank);
        Popularity.SelfInformation(item).Should().BeApproximately(selfInformation, 1e-12);
    }

    [Fact]
    public void Popularity_UnknownItemHasNoRank()
    {
        Popularity.Rank("X").Should().BeNull();
        Popularity.SelfInformation("X").Should().BeNull();
    }

    [Fact]
    public void Popularity_UniversalItemPositiveZero()
    {
        double value = Popularity.SelfInformation("A")!.Value;

        double.IsNegative(value).Should().BeFalse();
    }

    [Fact]
    public void Popularity_ThreeWayTieSharesMeanRank()
    {
        // Counts 5, 3, 3, 3, 1: the tied items span ranks 2, 3 and 4, so each gets (2 + 3 + 4) / 3 = 3.
        var popularity = new ItemPopularity<string>(new Dictionary<string, int> { ["p"] = 5, ["q"] = 3, ["r"] = 3, ["s"] = 3, ["t"] = 1 }, 5);

        popularity.Rank("p").Should().Be(1);
        popularity.Rank("q").Should().Be(3);
        popularity.Rank("s").Should().Be(3);
        popularity.Rank("t").Should().Be(5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Popularity_RejectsCountOutsideUsers(int count)
    {
        var act = () => new ItemPopularity<string>(new Dictionary<string, int> { ["p"] = count }, 4);

        act.Should().Throw<ArgumentException>().WithParameterName("userCounts").WithMessage("*Item p has a user count of*outside 1..4*");
    }

    [Fact]
    public void Popularity_RejectsZeroUsers()
    {
        var act = () => new ItemPopularity<string>(new Dictionary<string, int>(), 0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("userCount");
    }

    [Fact]
    public void Popularity_RejectsNoEvents()
    {
        var act = () => ItemPopularity.FromEvents(Array.Empty<InteractionEvent<string, string>>());

        act.Should().Throw<ArgumentException>().WithParameterName("events");
    }

    [Theory]
    [InlineData(1, 4.0, 2.0)]
    [InlineData(2, 3.25, 1.5)]
    [InlineData(3, 3.25, 1.5)]
    public void Novelty_MeansOverKnownItems(int k, double rank, double selfInformation)
    {
        // [D, B, X]: at k = 1 only D (rank 4, 2 bits). From k = 2 the mean of D and B: (4 + 2.5) / 2 = 3.25 and
        // (2 + 1) / 2 = 1.5. X is unknown to the popularity and left out at k = 3.
        string[] ranked = ["D", "B", "X"];

        RankingMetrics.MeanPopularityRank(ranked, k, Popularity).Should().Be(rank);
        RankingMetrics.MeanSelfInformation(ranked, k, Popularity).Should().BeApproximately(selfInformation, 1e-12);
    }

    [Fact]
    public void Novelty_NoKnownItemIsNull()
    {
        RankingMetrics.MeanPopularityRank(["X"], 3, Popularity).Should().BeNull();
        RankingMetrics.MeanSelfInformation([], 3, Popularity).Should().BeNull();
    }

    [Theory]
    [InlineData(1, 0.25)]
    [InlineData(2, 0.75)]
    [InlineData(3, 0.75)]
    public void Coverage_CountsDistinctCatalogItems(int k, double coverage)
    {
        // Catalogue {A, B, C, D}. At k = 1 the lists show {A}: 1/4. At k = 2 they show {A, B, C}: 3/4.
        // At k = 3 the second list adds X, which is outside the catalogue, so coverage stays 3/4.
        IReadOnlyList<string>[] lists = [["A", "B"], ["A", "C", "X"], []];
        var catalog = new HashSet<string> { "A", "B", "C", "D" };

        RankingMetrics.CatalogCoverage(lists, k, catalog).Should().Be(coverage);
    }

    [Fact]
    public void Coverage_RejectsEmptyCatalog()
    {
        var act = () => RankingMetrics.CatalogCoverage([["A"]], 1, new HashSet<string>());

        act.Should().Throw<ArgumentException>().WithParameterName("catalog");
    }

    [Fact]
    public void Coverage_RejectsNullList()
    {
        var act = () => RankingMetrics.CatalogCoverage([["A"], null!], 1, new HashSet<string> { "A" });

        act.Should().Throw<ArgumentNullException>().WithMessage("*position 1*");
    }

    [Fact]
    public void Coverage_RejectsRepeatedItem()
    {
        var act = () => RankingMetrics.CatalogCoverage([["A", "A"]], 2, new HashSet<string> { "A" });

        act.Should().Throw<ArgumentException>().WithMessage("*Item A appears more than once*");
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.5)]
    [InlineData(10, 0.5)]
    public void Diversity_GivenSimilarity(int k, double diversity)
    {
        // sim(A, B) = 0.5, sim(A, C) = 0, sim(B, C) = 1. At k = 2 one pair: 1 − 0.5 = 0.5.
        // At k ≥ 3 three pairs: (0.5 + 1 + 0) · 2 / (3 · 2) = 0.5.
        RankingMetrics.IntraListDiversity(["A", "B", "C"], k, TableSimilarity).Should().BeApproximately(diversity, 1e-12);
    }

    [Fact]
    public void Diversity_CallsSimilarityWithHigherRankFirst()
    {
        var calls = new List<(string, string)>();

        RankingMetrics.IntraListDiversity(["A", "B", "C"], 3, (a, b) =>
        {
            calls.Add((a, b));
            return 0;
        });

        calls.Should().Equal(("A", "B"), ("A", "C"), ("B", "C"));
    }

    [Fact]
    public void Diversity_FewerThanTwoItemsIsNull()
    {
        RankingMetrics.IntraListDiversity(["A"], 5, TableSimilarity).Should().BeNull();
        RankingMetrics.IntraListDiversity(["A", "B"], 1, TableSimilarity).Should().BeNull();
        RankingMetrics.IntraListDiversity(Array.Empty<string>(), 5, TableSimilarity).Should().BeNull();
    }

    [Fact]
    public void Diversity_RejectsNaNSimilarity()
    {
        var act = () => RankingMetrics.IntraListDiversity(["A", "B"], 2, (_, _) => double.NaN);

        act.Should().Throw<ArgumentException>().WithParameterName("similarity").WithMessage("*items A and B is NaN*");
    }

    [Fact]
    public void Diversity_RejectsNullSimilarity()
    {
        var act = () => RankingMetrics.IntraListDiversity(["A", "B"], 2, null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("similarity");
    }

    [Theory]
    [InlineData("A", "B", 0.707107)]
    [InlineData("A", "D", 0.5)]
    [InlineData("B", "C", 0.0)]
    [InlineData("B", "D", 0.707107)]
    [InlineData("A", "X", 0.0)]
    public void BinaryCosine_HandWorked(string a, string b, double similarity)
    {
        // A·B = |{u1, u2}| = 2 over √(4 · 2) = 2.828427. A·D = 1 / √(4 · 1). B·D = 1 / √(2 · 1). X has no events.
        var cosine = new BinaryItemCosine<string, string>(Events);

        cosine.Similarity(a, b).Should().BeApproximately(similarity, 1e-6);
        cosine.Similarity(b, a).Should().BeApproximately(similarity, 1e-6);
    }

    [Fact]
    public void Diversity_BinaryCosineList()
    {
        // [A, B, D]: (1 − 0.707107) + (1 − 0.5) + (1 − 0.707107) = 1.085786, over 3 pairs = 0.361929.
        var cosine = new BinaryItemCosine<string, string>(Events);

        RankingMetrics.IntraListDiversity(["A", "B", "D"], 3, cosine.Similarity).Should().BeApproximately(0.361929, 1e-6);
    }

    private static double TableSimilarity(string a, string b) => (string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a)) switch
    {
        ("A", "B") => 0.5,
        ("A", "C") => 0,
        ("B", "C") => 1,
        _ => throw new ArgumentException($"No similarity for {a} and {b}."),
    };

    private static InteractionEvent<string, string> Event(string user, string item, Behavior? behavior = null)
        => new(user, item, behavior ?? Behavior.Purchase, DateTimeOffset.UnixEpoch);
}

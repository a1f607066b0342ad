using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>Every implicit similarity on <see cref="ImplicitFixtures.Shop"/>, worked out by hand.</summary>
public class HandWorkedSimilarityTests
{
    private const double Tolerance = 1e-6;

    private static ImplicitItemKnnModel<string, string> FitItems(ImplicitKnnOptions options)
        => new ImplicitItemKnn(options with { MaxNeighbors = 10 }).Fit(ImplicitFixtures.Shop());

    private static ImplicitUserKnnModel<string, string> FitUsers(ImplicitKnnOptions options)
        => new ImplicitUserKnn(options with { MaxNeighbors = 10 }).Fit(ImplicitFixtures.Shop());

    [Fact]
    public void CosineBinary_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { BinaryValues = true });

        // cos(i1,i2) = |{u1,u2}| / √(3·3) = 2/3.
        model.Similarity("i1", "i2").Should().BeApproximately(2.0 / 3, Tolerance);

        // cos(i2,i3) = |{u2,u3}| / √(3·2) = 0.816497.
        model.Similarity("i2", "i3").Should().BeApproximately(0.816497, Tolerance);

        // cos(i4,i5) = |{u4}| / √(2·1) = 0.707107.
        model.Similarity("i4", "i5").Should().BeApproximately(0.707107, Tolerance);

        // No shared user: not a neighbour.
        model.Similarity("i2", "i5").Should().Be(0);
    }

    [Fact]
    public void CosineWeighted_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions());

        // cos(i1,i2) = (2·1 + 1·1) / (√(2² + 1² + 1²)·√(1² + 1² + 1²)) = 3/√18 = 0.707107: the norms run over
        // every user of each item, u4 and u3 included.
        model.Similarity("i1", "i2").Should().BeApproximately(0.707107, Tolerance);

        // cos(i2,i3) = (1·3 + 1·1) / (√3·√(3² + 1²)) = 4/√30 = 0.730297.
        model.Similarity("i2", "i3").Should().BeApproximately(0.730297, Tolerance);
    }

    [Fact]
    public void Cosine_IsSymmetric()
    {
        var model = FitItems(new ImplicitKnnOptions());

        model.Similarity("i3", "i2").Should().BeApproximately(model.Similarity("i2", "i3"), Tolerance);
    }

    [Fact]
    public void Jaccard_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Jaccard });

        // J(i1,i2) = 2 / (3 + 3 − 2) = 0.5; values do not matter.
        model.Similarity("i1", "i2").Should().BeApproximately(0.5, Tolerance);

        // J(i2,i3) = 2 / (3 + 2 − 2) = 0.666667.
        model.Similarity("i2", "i3").Should().BeApproximately(2.0 / 3, Tolerance);

        // J(i1,i5) = 1 / (3 + 1 − 1) = 0.333333.
        model.Similarity("i1", "i5").Should().BeApproximately(1.0 / 3, Tolerance);
    }

    [Fact]
    public void ConditionalProbability_IsAsymmetric()
    {
        var model = FitItems(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0.5 });

        // s(i2→i3) = 2 / (3·2^0.5) = 0.471405; s(i3→i2) = 2 / (2·3^0.5) = 0.577350.
        model.Similarity("i2", "i3").Should().BeApproximately(0.471405, Tolerance);
        model.Similarity("i3", "i2").Should().BeApproximately(0.577350, Tolerance);

        // s(i4→i5) = 1 / (2·1^0.5) = 0.5; s(i5→i4) = 1 / (1·2^0.5) = 0.707107.
        model.Similarity("i4", "i5").Should().BeApproximately(0.5, Tolerance);
        model.Similarity("i5", "i4").Should().BeApproximately(0.707107, Tolerance);
    }

    [Fact]
    public void ConditionalProbability_AlphaZeroIsPlainProbability()
    {
        var model = FitItems(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0 });

        // P(i3 | i2) = |U(i2)∩U(i3)| / |U(i2)| = 2/3.
        model.Similarity("i2", "i3").Should().BeApproximately(2.0 / 3, Tolerance);
    }

    [Fact]
    public void LogLikelihood_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood });

        // N = 4 users. (i2, i3): k11 = 2, k12 = 3 − 2 = 1, k21 = 2 − 2 = 0, k22 = 4 − 3 − 2 + 2 = 1; row totals 3 and 1,
        // column totals 2 and 2. G² = 2·[2·ln(2·4/(3·2)) + 1·ln(1·4/(3·2)) + 0 + 1·ln(1·4/(1·2))]
        // = 2·[0.575364 − 0.405465 + 0.693147] = 1.726092.
        model.Similarity("i2", "i3").Should().BeApproximately(1.726092, Tolerance);

        // (i1, i2): k11·N = 2·4 = 8 ≤ |U(i1)|·|U(i2)| = 9, so they co-occur less than chance predicts: 0.
        model.Similarity("i1", "i2").Should().Be(0);
    }

    [Fact]
    public void InverseUserFrequency_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { BinaryValues = true, InverseFrequency = true });

        // g(u1) = 1/ln(1 + 2) = 0.910239; g(u2) = g(u3) = g(u4) = 1/ln(1 + 3) = 0.721348.
        // cos(i1,i2) = (g1 + g2) / √((g1 + g2 + g4)·(g1 + g2 + g3)) = 1.631587 / 2.352935 = 0.693426,
        // above the 2/3 without the factor because the light user u1 now counts more.
        model.Similarity("i1", "i2").Should().BeApproximately(0.693426, Tolerance);
    }

    [Fact]
    public void InverseItemFrequency_HandWorked()
    {
        var model = FitUsers(new ImplicitKnnOptions { BinaryValues = true, InverseFrequency = true });

        // u1 = {i1, i2}, u2 = {i1, i2, i3}. g(i1) = g(i2) = 1/ln(1 + 3) = 0.721348; g(i3) = 1/ln(1 + 2) = 0.910239.
        // cos(u1,u2) = (g1 + g2) / √((g1 + g2)·(g1 + g2 + g3)) = 1.442695 / √(1.442695·2.352934) = 0.783037.
        model.Similarity("u1", "u2").Should().BeApproximately(0.783037, Tolerance);
    }

    [Fact]
    public void UserCosine_HandWorked()
    {
        var model = FitUsers(new ImplicitKnnOptions { BinaryValues = true });

        // cos(u1,u2) = |{i1,i2}| / √(2·3) = 0.816497; cos(u1,u4) = |{i1}| / √(2·3) = 0.408248.
        model.Similarity("u1", "u2").Should().BeApproximately(0.816497, Tolerance);
        model.Similarity("u1", "u4").Should().BeApproximately(0.408248, Tolerance);
    }

    [Fact]
    public void TfIdf_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { Weighting = InteractionWeighting.TfIdf });

        // n = 5 items. idf(u1) = ln 5 − ln(1 + 2) = 0.510826; idf(u2) = idf(u3) = idf(u4) = ln 5 − ln(1 + 3) = 0.223144.
        // x'(u,i) = √x·idf(u). i1: u1 √2·0.510826 = 0.722414, u2 0.223144, u4 0.223144. i2: u1 0.510826, u2 0.223144, u3 0.223144.
        // dot = 0.722414·0.510826 + 0.223144² = 0.418821; ‖i1‖² = 0.521882 + 2·0.049793 = 0.621468;
        // ‖i2‖² = 0.260943 + 2·0.049793 = 0.360529; cos = 0.418821 / √(0.621468·0.360529) = 0.884807.
        model.Similarity("i1", "i2").Should().BeApproximately(0.884807, Tolerance);
    }

    [Fact]
    public void Bm25DotProduct_HandWorked()
    {
        var model = FitItems(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25 });

        // K1 = 1.2, B = 0.75. len(i1) = 2 + 1 + 1 = 4, len(i2) = 3, mean over the five items = (4 + 3 + 4 + 3 + 1)/5 = 3.
        // L(i1) = 0.25 + 0.75·4/3 = 1.25; L(i2) = 0.25 + 0.75·3/3 = 1.
        // i1: u1 2·2.2/(1.2·1.25 + 2)·0.510826 = 0.642181; u2 1·2.2/(1.5 + 1)·0.223144 = 0.196366.
        // i2: u1 2.2/(1.2 + 1)·0.510826 = 0.510826; u2 0.223144.
        // dot over the shared users u1, u2 = 0.642181·0.510826 + 0.196366·0.223144 = 0.371860.
        model.Similarity("i1", "i2").Should().BeApproximately(0.371860, Tolerance);
    }

    [Fact]
    public void NormalizeByRowMax_DividesByBest()
    {
        var model = FitItems(new ImplicitKnnOptions { BinaryValues = true, NormalizeByRowMax = true });

        // List of i1: i2 2/3, i5 1/√3, i3 1/√6, i4 1/√6, each divided by 2/3: 1, 0.866025, 0.612372, 0.612372.
        var list = model.Neighbors("i1");

        list.Select(n => n.Id).Should().Equal("i2", "i5", "i3", "i4");
        list.Select(n => n.Similarity).Should().Equal(new[] { 1, 0.866025, 0.612372, 0.612372 }, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void MaxNeighbors_KeepsBestTiesByIdOrder()
    {
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 3 }).Fit(ImplicitFixtures.Shop());

        // i3 and i4 tie at 1/√6 for the third place; i3 comes first in id order.
        model.Neighbors("i1").Select(n => n.Id).Should().Equal("i2", "i5", "i3");
    }

    [Fact]
    public void Neighbors_UnknownItemIsEmpty()
    {
        var model = FitItems(new ImplicitKnnOptions());

        model.Neighbors("nothing").Should().BeEmpty();
    }

    [Fact]
    public void Similarity_UnknownIdIsZero()
    {
        var model = FitItems(new ImplicitKnnOptions());

        model.Similarity("i1", "nothing").Should().Be(0);
    }
}

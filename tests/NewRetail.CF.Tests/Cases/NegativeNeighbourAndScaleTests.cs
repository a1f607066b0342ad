using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Negative similarities in the sum, and estimates that leave the rating scale.</summary>
public class NegativeNeighbourAndScaleTests
{
    // sim(u1,u2) = +1, sim(u1,u3) = −1. Means: u1 3.0, u2 3.5, u3 2.2.
    private static readonly RatingMatrix<string, string> Opposites = Fixtures.Table(
        "u1: 1 3 5",
        "u2: 2 3 4 5",
        "u3: 5 3 1 1 1");

    private static UserKnnModel<string, string> Pearson(RatingMatrix<string, string> ratings, NeighborWeighting weighting = NeighborWeighting.Signed)
        => new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MaxNeighbors = 40, MinNeighbors = 1, MinSupport = 2, Weighting = weighting }).Fit(ratings);

    [Fact]
    public void Similarity_PerfectlyOpposedUsers()
    {
        var model = Pearson(Opposites);

        model.Similarity("u1", "u2").Should().BeApproximately(1.0, 1e-6);
        model.Similarity("u1", "u3").Should().BeApproximately(-1.0, 1e-6);
    }

    [Fact]
    public void Predict_DividesByAbsoluteWeights()
    {
        var model = Pearson(Opposites);

        // 3 + (1·1.5 + (−1)·(−1.2)) / 2; a signed denominator would be 0.
        model.Predict("u1", "i4").Value.Should().BeApproximately(4.35, 1e-6);

        // 3 + (−1)·(−1.2) / 1; a signed denominator would flip it to 1.8.
        model.Predict("u1", "i5").Value.Should().BeApproximately(4.2, 1e-6);
    }

    [Fact]
    public void Predict_PositiveOnlyDiscardsNegatives()
    {
        var model = Pearson(Opposites, NeighborWeighting.PositiveOnly);
        var i5 = model.Predict("u1", "i5");

        model.Predict("u1", "i4").Value.Should().BeApproximately(4.5, 1e-6);
        i5.Value.Should().BeApproximately(3.0, 1e-6);
        i5.Impossible.Should().BeTrue();
        i5.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
    }

    [Fact]
    public void Predict_NeverNaNOrInfinite()
    {
        foreach (var weighting in new[] { NeighborWeighting.Signed, NeighborWeighting.PositiveOnly })
        {
            var model = Pearson(Opposites, weighting);
            foreach (string user in new[] { "u1", "u2", "u3", "u9" })
            {
                foreach (string item in new[] { "i1", "i2", "i3", "i4", "i5", "i9" })
                {
                    var p = model.Predict(user, item);
                    double.IsFinite(p.Value).Should().BeTrue();
                    double.IsFinite(p.Raw).Should().BeTrue();
                }
            }
        }
    }

    // u1 5 5 4; u2 2 2 1 5; u3 1 1 2. sim(u1,u2) = +1 and sim(u3,u2) = −1.
    private static readonly RatingMatrix<string, string> Extremes = Fixtures.Table(
        "u1: 5 5 4",
        "u2: 2 2 1 5",
        "u3: 1 1 2");

    [Fact]
    public void Predict_ClipsValueKeepsRaw()
    {
        var model = Pearson(Extremes);
        var high = model.Predict("u1", "i4");
        var low = model.Predict("u3", "i4");

        high.Raw.Should().BeApproximately(7.166667, 1e-6);
        high.Value.Should().Be(5.0);
        high.Impossible.Should().BeFalse();
        low.Raw.Should().BeApproximately(-1.166667, 1e-6);
        low.Value.Should().Be(1.0);
    }

    [Fact]
    public void Recommend_RanksByRawScore()
    {
        var top = Pearson(Extremes).Recommend("u1", 5);

        top.Should().ContainSingle();
        top[0].Item.Should().Be("i4");
        top[0].Score.Should().BeApproximately(7.166667, 1e-6);
    }

    [Fact]
    public void Recommend_OrderAboveTheScaleSurvivesClipping()
    {
        // u1 and u2 agree perfectly (sim +1) on i1..i3; u2 rated i4 and i5 far above its mean, i4 more so.
        // Both estimates exceed 5, so both values clip to 5; the list must still put i4 first.
        var ratings = Fixtures.Table(
            "u1: 5 5 4 - -",
            "u2: 2 2 1 5 4");
        var model = Pearson(ratings);
        var i4 = model.Predict("u1", "i4");
        var i5 = model.Predict("u1", "i5");
        var top = model.Recommend("u1", 2);

        i4.Value.Should().Be(5.0);
        i5.Value.Should().Be(5.0);
        i4.Raw.Should().BeGreaterThan(i5.Raw);
        top.Select(s => s.Item).Should().Equal("i4", "i5");
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Top-N lists: no already-rated items, no padding, and N larger than the catalogue.</summary>
public class TopNTests
{
    // Item means: i1 3.333333, i2 3.666667, i3 3.333333, i4 2.333333, i5 3.0, i6 3.0.
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Table(
        "u1: 5 4 1 - - -",
        "u2: 4 5 - 4 1 -",
        "u3: 1 - 5 2 5 -",
        "u4: - 2 4 1 - 3");

    private static ItemKnnModel<string, string> Fit(int minSupport)
        => new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxNeighbors = 40, MinNeighbors = 1, MinSupport = minSupport }).Fit(Ratings);

    [Fact]
    public void Recommend_SkipsRatedAndImpossible()
    {
        var top = Fit(minSupport: 2).Recommend("u1", 10);

        top.Select(s => s.Item).Should().Equal("i5", "i4");
        top[0].Score.Should().BeApproximately(4.666667, 1e-6);
        top[1].Score.Should().BeApproximately(2.223213, 1e-6);
    }

    [Fact]
    public void Predict_SupportBelowMinimumIsImpossible()
    {
        var p = Fit(minSupport: 2).Predict("u1", "i6");

        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        p.Value.Should().BeApproximately(3.0, 1e-6);
    }

    [Fact]
    public void Similarity_HandChecks()
    {
        var model = Fit(minSupport: 2);

        model.Similarity("i5", "i1").Should().BeApproximately(9 / Math.Sqrt(26 * 17), 1e-6);
        model.Similarity("i4", "i1").Should().BeApproximately(0.976187, 1e-6);
        model.Similarity("i4", "i2").Should().BeApproximately(0.990830, 1e-6);
        model.Similarity("i4", "i3").Should().BeApproximately(0.977802, 1e-6);
    }

    [Fact]
    public void Recommend_SupportOne()
    {
        var top = Fit(minSupport: 1).Recommend("u1", 10);

        top.Select(s => s.Item).Should().Equal("i5", "i4", "i6");
        top[0].Score.Should().BeApproximately(2.470150, 1e-6);
        top[1].Score.Should().BeApproximately(2.223213, 1e-6);
        top[2].Score.Should().BeApproximately(2.000000, 1e-6);
    }

    [Fact]
    public void Recommend_TruncatesToN()
    {
        var top = Fit(minSupport: 2).Recommend("u1", 1);

        top.Should().ContainSingle();
        top[0].Item.Should().Be("i5");
        top[0].Score.Should().BeApproximately(4.666667, 1e-6);
    }

    [Fact]
    public void Recommend_ZeroAndUnknownUserAreEmpty()
    {
        var model = Fit(minSupport: 2);

        model.Recommend("u1", 0).Should().BeEmpty();
        model.Recommend("nobody", 5).Should().BeEmpty();
    }

    [Fact]
    public void Recommend_NegativeCountThrows()
    {
        Fit(minSupport: 2).Invoking(m => m.Recommend("u1", -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }

    [Fact]
    public void Recommend_IncludeRatedOnRequest()
    {
        var top = Fit(minSupport: 1).Recommend("u1", 10, excludeRated: false);

        top.Select(s => s.Item).Should().Contain(["i1", "i2", "i3"]);
        top.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void SimilarItems_SortedAndPositive()
    {
        var model = Fit(minSupport: 2);
        var similar = model.SimilarItems("i4", 10);

        similar.Select(s => s.Item).Should().Equal("i2", "i3", "i1", "i5");
        similar[3].Score.Should().BeApproximately(14 / Math.Sqrt(20 * 26), 1e-6);
        similar.Should().OnlyContain(s => s.Score > 0);
        model.SimilarItems("i4", 1).Select(s => s.Item).Should().Equal("i2");
        model.SimilarItems("unknown", 3).Should().BeEmpty();
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Fallback values and the impossible flag: no usable neighbour, unknown user, unknown item.</summary>
public class FallbackTests
{
    // Global mean 23/7; mean(u1) 3.0; mean(i4) 2.0. u3 shares no item with u1.
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Matrix(
        ("u1", "i1", 4), ("u1", "i2", 2),
        ("u2", "i1", 5), ("u2", "i2", 4), ("u2", "i3", 5),
        ("u3", "i3", 1), ("u3", "i4", 2));

    private static UserKnnModel<string, string> Fit(FallbackEstimate tooFew = FallbackEstimate.TargetMean, FallbackEstimate unknown = FallbackEstimate.TargetMean)
        => new UserKnn(new KnnOptions
        {
            Similarity = Similarity.Cosine,
            MaxNeighbors = 40,
            MinNeighbors = 1,
            MinSupport = 1,
            TooFewNeighborsFallback = tooFew,
            UnknownIdFallback = unknown,
        }).Fit(Ratings);

    [Fact]
    public void Predict_NoOverlapFallsBackToUserMean()
    {
        var p = Fit().Predict("u1", "i4");

        p.Value.Should().BeApproximately(3.0, 1e-6);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        p.NeighborCount.Should().Be(0);
    }

    [Theory]
    [InlineData(FallbackEstimate.GlobalMean, 23.0 / 7)]
    [InlineData(FallbackEstimate.ItemMean, 2.0)]
    [InlineData(FallbackEstimate.UserMean, 3.0)]
    public void Predict_NoOverlapOtherConventions(FallbackEstimate fallback, double expected)
    {
        var p = Fit(tooFew: fallback).Predict("u1", "i4");

        p.Value.Should().BeApproximately(expected, 1e-6);
        p.Impossible.Should().BeTrue();
    }

    [Fact]
    public void Predict_OverlappingUserIsNeighbour()
    {
        var model = Fit();
        var p = model.Predict("u1", "i3");

        model.Similarity("u1", "u2").Should().BeApproximately(0.977802, 1e-6);
        model.Similarity("u1", "u3").Should().Be(0);
        p.Value.Should().BeApproximately(3 + (5 - (14.0 / 3)), 1e-6);
        p.Value.Should().BeApproximately(3.333333, 1e-6);
        p.Impossible.Should().BeFalse();
        p.NeighborCount.Should().Be(1);
    }

    [Fact]
    public void Predict_UnknownUserGetsGlobalMean()
    {
        var p = Fit().Predict("u9", "i1");

        p.Value.Should().BeApproximately(3.285714, 1e-6);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.UnknownUser);
    }

    [Fact]
    public void Predict_UnknownItemGetsUserMean()
    {
        var p = Fit().Predict("u1", "i9");

        p.Value.Should().BeApproximately(3.0, 1e-6);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.UnknownItem);
    }

    [Fact]
    public void Predict_UnknownBothGetsGlobalMean()
    {
        var p = Fit().Predict("u9", "i9");

        p.Value.Should().BeApproximately(23.0 / 7, 1e-6);
        p.Reason.Should().Be(ImpossibleReason.UnknownUserAndItem);
    }

    [Fact]
    public void Predict_UnknownItemGlobalMeanOption()
    {
        Fit(unknown: FallbackEstimate.GlobalMean).Predict("u1", "i9").Value.Should().BeApproximately(23.0 / 7, 1e-6);
    }

    [Fact]
    public void Predict_BaselineFallbackKeepsKnownBias()
    {
        var options = new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1, UnknownIdFallback = FallbackEstimate.Baseline };
        var model = new UserKnn(options).Fit(Ratings);
        var baseline = new BaselineOnly().Fit(Ratings);

        var p = model.Predict("u1", "i9");

        p.Raw.Should().BeApproximately(baseline.GlobalMean + baseline.UserBias("u1"), 1e-12);
        p.Impossible.Should().BeTrue();
    }

    [Fact]
    public void Predict_ItemBasedUnknownUserGetsItemMean()
    {
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1 }).Fit(Ratings);
        var p = model.Predict("u9", "i4");

        p.Value.Should().BeApproximately(2.0, 1e-6);
        p.Reason.Should().Be(ImpossibleReason.UnknownUser);
    }
}

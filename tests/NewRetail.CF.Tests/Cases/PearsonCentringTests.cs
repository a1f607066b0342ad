using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>
/// Pearson centring conventions and negative neighbours in the mean-centred sum, on a 4-user table worked out by hand.
/// </summary>
public class PearsonCentringTests
{
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Table(
        "u1: 4 5 3 2 - -",
        "u2: 5 5 4 - 5 2",
        "u3: - 2 3 4 1 -",
        "u4: 3 - 2 1 4 5");

    private static UserKnnModel<string, string> Fit(SimilarityMetric metric, int k, NeighborWeighting weighting = NeighborWeighting.Signed)
        => new UserKnn(new KnnOptions { Similarity = metric, MaxNeighbors = k, MinNeighbors = 1, MinSupport = 2, Weighting = weighting }).Fit(Ratings);

    [Fact]
    public void Means_AreOverAllRatings()
    {
        Ratings.UserMeans.ToArray().Should().Equal([3.5, 4.2, 2.5, 3.0], (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData("u2", 0.866025)]
    [InlineData("u3", -0.981981)]
    [InlineData("u4", 1.000000)]
    public void Similarity_CoRatedMeans(string other, double expected)
    {
        Fit(Similarity.Pearson, 3).Similarity("u1", other).Should().BeApproximately(expected, 1e-6);
    }

    [Theory]
    [InlineData("u2", 0.892269)]
    [InlineData("u3", -0.899229)]
    [InlineData("u4", 0.943880)]
    public void Similarity_OverallMeans(string other, double expected)
    {
        Fit(Similarity.PearsonOverallMeans, 3).Similarity("u1", other).Should().BeApproximately(expected, 1e-6);
    }

    [Theory]
    [InlineData(1, 4.500000, 4.500000)]
    [InlineData(2, 4.407180, 4.402811)]
    [InlineData(3, 4.611582, 4.599131)]
    public void Predict_BothCentrings(int k, double coRated, double overall)
    {
        var a = Fit(Similarity.Pearson, k).Predict("u1", "i5");
        var b = Fit(Similarity.PearsonOverallMeans, k).Predict("u1", "i5");

        a.Value.Should().BeApproximately(coRated, 1e-6);
        a.Impossible.Should().BeFalse();
        a.NeighborCount.Should().Be(k);
        b.Value.Should().BeApproximately(overall, 1e-6);
    }

    [Fact]
    public void Predict_PositiveOnlyDropsNegativeNeighbour()
    {
        Fit(Similarity.Pearson, 3, NeighborWeighting.PositiveOnly).Predict("u1", "i5").Value.Should().BeApproximately(4.407180, 1e-6);
        Fit(Similarity.PearsonOverallMeans, 3, NeighborWeighting.PositiveOnly).Predict("u1", "i5").Value.Should().BeApproximately(4.402811, 1e-6);
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Minimum support, similarities that are undefined, and how either keeps a pair out of the neighbours.</summary>
public class SupportAndUndefinedSimilarityTests
{
    // u1: i1=1, i2=5; u2: i1=5, i3=2; u3: i1=2, i2=4, i3=3. Means: u1 3, u2 3.5, u3 3.
    private static readonly RatingMatrix<string, string> OneOverlap = Fixtures.Matrix(
        ("u1", "i1", 1), ("u1", "i2", 5),
        ("u2", "i1", 5), ("u2", "i3", 2),
        ("u3", "i1", 2), ("u3", "i2", 4), ("u3", "i3", 3));

    private static UserKnnModel<string, string> UserModel(RatingMatrix<string, string> ratings, SimilarityMetric metric, int minSupport, int k = 40)
        => new UserKnn(new KnnOptions { Similarity = metric, MaxNeighbors = k, MinNeighbors = 1, MinSupport = minSupport }).Fit(ratings);

    [Fact]
    public void Cosine_SupportOneIsAlwaysOne()
    {
        var model = UserModel(OneOverlap, Similarity.Cosine, minSupport: 1);

        // 1·5 / √(1·25): ratings 1 and 5 still give a perfect cosine.
        model.Similarity("u1", "u2").Should().BeApproximately(1.0, 1e-6);
        model.Similarity("u1", "u3").Should().BeApproximately(22 / Math.Sqrt(26 * 20), 1e-6);
        model.Similarity("u1", "u3").Should().BeApproximately(0.964764, 1e-6);
    }

    [Fact]
    public void Cosine_SupportOnePrediction()
    {
        var p = UserModel(OneOverlap, Similarity.Cosine, minSupport: 1).Predict("u1", "i3");

        // 3 + (1·(2 − 3.5) + 0.964764·(3 − 3)) / 1.964764
        p.Value.Should().BeApproximately(2.236549, 1e-6);
        p.Impossible.Should().BeFalse();
        p.NeighborCount.Should().Be(2);
    }

    [Fact]
    public void Cosine_MinSupportTwoDropsPair()
    {
        var model = UserModel(OneOverlap, Similarity.Cosine, minSupport: 2);
        var p = model.Predict("u1", "i3");

        model.Similarity("u1", "u2").Should().Be(0);
        p.Value.Should().BeApproximately(3.0, 1e-6);
        p.Impossible.Should().BeFalse("u3 is a neighbour whose deviation happens to be 0");
        p.NeighborCount.Should().Be(1);
    }

    [Fact]
    public void Pearson_OneCoRatedItemIsUndefined()
    {
        UserModel(OneOverlap, Similarity.Pearson, minSupport: 1).Similarity("u1", "u2").Should().Be(0);
    }

    [Fact]
    public void Pearson_TwoCoRatedItemsIsOne()
    {
        UserModel(OneOverlap, Similarity.Pearson, minSupport: 2).Similarity("u1", "u3").Should().BeApproximately(1.0, 1e-6);
    }

    [Fact]
    public void Pearson_DefaultMinSupportIsTwo()
    {
        Similarity.Pearson.DefaultMinSupport.Should().Be(2);
        Similarity.Cosine.DefaultMinSupport.Should().Be(1);
    }

    // u1 is constant (5, 5, 5) on every overlap, so its Pearson correlation with anyone is 0/0.
    private static readonly RatingMatrix<string, string> ConstantUser = Fixtures.Table(
        "u1: - 5 5 5",
        "u2: 5 5 5 5",
        "u3: 4 5 5 5",
        "u4: 2 4 5 3");

    [Fact]
    public void Pearson_ConstantUserHasNoNeighbours()
    {
        var model = UserModel(ConstantUser, Similarity.Pearson, minSupport: 2, k: 2);
        var p = model.Predict("u1", "i1");

        model.Similarity("u1", "u2").Should().Be(0);
        model.Similarity("u1", "u3").Should().Be(0);
        model.Similarity("u1", "u4").Should().Be(0);
        p.Value.Should().Be(5.0);
        p.Raw.Should().Be(5.0);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        double.IsNaN(p.Value).Should().BeFalse();
    }

    [Fact]
    public void Pearson_ConstantSideIsUndefined()
    {
        var model = UserModel(ConstantUser, Similarity.Pearson, minSupport: 2, k: 2);

        model.Similarity("u2", "u4").Should().Be(0);
        model.Similarity("u3", "u4").Should().BeApproximately(0.774597, 1e-6);
    }

    [Fact]
    public void Cosine_ConstantUserTiesBrokenById()
    {
        var p = UserModel(ConstantUser, Similarity.Cosine, minSupport: 2, k: 2).Predict("u1", "i1");

        // u2 and u3 both have cosine 1: 5 + (1·(5 − 5) + 1·(4 − 4.75)) / 2
        p.Value.Should().BeApproximately(4.625, 1e-6);
        p.Impossible.Should().BeFalse();
        p.NeighborCount.Should().Be(2);
    }

    [Fact]
    public void Cosine_CutOffTieKeepsSmallerId()
    {
        // u2 and u3 tie at cosine 1 with u1; with k = 1 only u2, the smaller id, is kept: 5 + (5 − 5) = 5.
        var p = UserModel(ConstantUser, Similarity.Cosine, minSupport: 2, k: 1).Predict("u1", "i1");

        p.Value.Should().BeApproximately(5.0, 1e-6);
        p.NeighborCount.Should().Be(1);
    }
}

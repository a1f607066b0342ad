using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>User-based scores on <see cref="ImplicitFixtures.Shop"/> with binary cosine, worked out by hand.</summary>
/// <remarks>
/// u1 = {i1, i2}, u2 = {i1, i2, i3}, u3 = {i2, i3, i4}, u4 = {i1, i4, i5}. Cosines from u1: u2 2/√6 = 0.816497,
/// u3 1/√6 = 0.408248, u4 1/√6 = 0.408248.
/// </remarks>
public class UserBasedScoringTests
{
    private const double Tolerance = 1e-6;

    private static readonly ImplicitUserKnnModel<string, string> Model =
        new ImplicitUserKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 10 }).Fit(ImplicitFixtures.Shop());

    [Fact]
    public void Neighbors_HandWorked()
    {
        var neighbors = Model.Neighbors("u1");

        // u3 and u4 tie; u3 comes first in id order.
        neighbors.Select(n => n.Id).Should().Equal("u2", "u3", "u4");
        neighbors[0].Similarity.Should().BeApproximately(0.816497, Tolerance);
    }

    [Fact]
    public void Recommend_HandWorked()
    {
        // score(i3) = s(u2) + s(u3) = 1.224745; score(i4) = s(u3) + s(u4) = 0.816497; score(i5) = s(u4) = 0.408248.
        var top = Model.Recommend("u1", 3);

        top.Select(r => r.Item).Should().Equal("i3", "i4", "i5");
        top.Select(r => r.Score).Should().Equal(new[] { 1.224745, 0.816497, 0.408248 }, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void Recommend_OneNeighborThenPopularity()
    {
        var model = new ImplicitUserKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 1 }).Fit(ImplicitFixtures.Shop());

        // Only u2 is kept, so only i3 scores (0.816497); i4 (2 users) and i5 (1 user) come from popularity.
        var top = model.Recommend("u1", 3);

        top.Select(r => (r.Item, r.Source)).Should().Equal(
            ("i3", RecommendationSource.Model), ("i4", RecommendationSource.Popularity), ("i5", RecommendationSource.Popularity));
    }

    [Fact]
    public void SimilarItems_FoldsInTheItem()
    {
        // A basket {i5} has cosine 1/√(1·3) = 0.577350 with u4, its only user, and 0 with the others. u4's items i1 and
        // i4 then score 0.577350 each, i1 first in id order, and i5 itself is left out.
        var top = Model.SimilarItems("i5", 2);

        top.Select(r => r.Item).Should().Equal("i1", "i4");
        top[0].Score.Should().BeApproximately(0.577350, Tolerance);
        top.Should().OnlyContain(r => r.Source == RecommendationSource.Model);
    }

    [Fact]
    public void RecommendFromItems_HandWorked()
    {
        // A basket {i3, i4}: cosines u3 2/√(2·3) = 0.816497, u2 1/√6 = 0.408248, u4 1/√6 = 0.408248.
        // score(i2) = s(u3) + s(u2) = 1.224745; score(i1) = s(u2) + s(u4) = 0.816497; score(i5) = s(u4) = 0.408248.
        var top = Model.RecommendFromItems(["i3", "i4"], new TopNRequest<string>(3));

        top.Select(r => r.Item).Should().Equal("i2", "i1", "i5");
        top.Select(r => r.Score).Should().Equal(new[] { 1.224745, 0.816497, 0.408248 }, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void Recommend_UnknownUserGetsPopularity()
    {
        var top = Model.Recommend("newcomer", 2);

        top.Select(r => (r.Item, r.Source)).Should().Equal(("i1", RecommendationSource.Popularity), ("i2", RecommendationSource.Popularity));
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Which k neighbours are used: filter to raters of the item first, then take the top k; minimum neighbours.</summary>
public class NeighbourSelectionTests
{
    // Similarities to u1: u2 0.974176, u3 0.973729, u4 0.572078, u5 −0.848528. Only u4 and u5 rated i5.
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Table(
        "u1: 5 4 1 2 -",
        "u2: 5 4 1 1 -",
        "u3: 4 4 1 2 -",
        "u4: 4 2 2 3 5",
        "u5: 2 3 4 5 1");

    private static Prediction Predict(int k, int minK = 1)
        => new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MaxNeighbors = k, MinNeighbors = minK, MinSupport = 2 })
            .Fit(Ratings)
            .Predict("u1", "i5");

    [Theory]
    [InlineData("u2", 0.974176)]
    [InlineData("u3", 0.973729)]
    [InlineData("u4", 0.572078)]
    [InlineData("u5", -0.848528)]
    public void Similarity_ToFirstUser(string other, double expected)
    {
        new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MinSupport = 2 }).Fit(Ratings)
            .Similarity("u1", other).Should().BeApproximately(expected, 1e-6);
    }

    [Fact]
    public void Predict_KOneUsesBestRater()
    {
        var p = Predict(k: 1);

        // 3 + (5 − 3.2): the closest users u2 and u3 never rated i5 and must not take the slot.
        p.Value.Should().BeApproximately(4.8, 1e-6);
        p.NeighborCount.Should().Be(1);
        p.Impossible.Should().BeFalse();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    public void Predict_KTwoOrMoreUsesBothRaters(int k)
    {
        var p = Predict(k);

        p.Value.Should().BeApproximately(4.919460, 1e-6);
        p.NeighborCount.Should().Be(2);
    }

    [Fact]
    public void Predict_MinNeighborsNotReached()
    {
        var p = Predict(k: 10, minK: 3);

        p.Value.Should().BeApproximately(3.0, 1e-6);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
    }

    [Fact]
    public void Predict_MinNeighborsReached()
    {
        Predict(k: 10, minK: 2).Value.Should().BeApproximately(4.919460, 1e-6);
    }

    [Fact]
    public void Predict_RatedItemNeverUsesItself()
    {
        // u1 rated i1; predicting it again must use only other users.
        var p = new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MaxNeighbors = 40, MinSupport = 2 }).Fit(Ratings).Predict("u1", "i1");

        p.NeighborCount.Should().Be(4);
    }
}

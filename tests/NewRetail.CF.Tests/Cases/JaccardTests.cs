using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Jaccard similarity of rated sets, including entities with no ratings.</summary>
public class JaccardTests
{
    private static RatingMatrix<string, string> Ratings()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("u1", "i1", 5);
        builder.Add("u1", "i2", 1);
        builder.Add("u1", "i3", 3);
        builder.Add("u2", "i2", 4);
        builder.Add("u2", "i3", 4);
        builder.Add("u2", "i4", 2);
        builder.Add("u3", "i5", 5);
        builder.AddUser("u4");
        builder.AddItem("i6");
        return builder.Build();
    }

    [Theory]
    [InlineData("u1", "u2", 0.5)]
    [InlineData("u1", "u3", 0.0)]
    [InlineData("u1", "u4", 0.0)]
    [InlineData("u4", "u4", 0.0)]
    public void Users(string a, string b, double expected)
    {
        new UserKnn(new KnnOptions { Similarity = Similarity.Jaccard }).Fit(Ratings()).Similarity(a, b).Should().Be(expected);
    }

    [Theory]
    [InlineData("i2", "i3", 1.0)]
    [InlineData("i1", "i2", 0.5)]
    [InlineData("i6", "i6", 0.0)]
    [InlineData("i1", "i6", 0.0)]
    public void Items(string a, string b, double expected)
    {
        new ItemKnn(new KnnOptions { Similarity = Similarity.Jaccard }).Fit(Ratings()).Similarity(a, b).Should().Be(expected);
    }

    [Fact]
    public void Compute_EmptyUnionIsZero()
    {
        Similarity.Jaccard.Compute([], [], 0, 0).Should().Be(0);
        Similarity.Jaccard.Compute([5.0, 1], [4.0, 4], 3, 3).Should().Be(0.5);
    }

    [Fact]
    public void Predict_RegisteredUserWithoutRatings()
    {
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Jaccard }).Fit(Ratings());
        var p = model.Predict("u4", "i1");

        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        p.Value.Should().BeApproximately(24.0 / 7, 1e-6, "a user with no ratings falls back to the global mean");
    }
}

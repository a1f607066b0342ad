using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Duplicate (user, item) rows: rejected by default, or merged by an explicit policy.</summary>
public class DuplicateRowTests
{
    private static readonly (string User, string Item, double Rating)[] Rows =
    [
        ("u1", "i1", 4), ("u1", "i2", 5), ("u1", "i1", 2),
        ("u2", "i1", 3), ("u2", "i2", 5), ("u2", "i3", 4),
        ("u3", "i1", 5), ("u3", "i2", 1), ("u3", "i3", 2),
    ];

    private static RatingMatrix<string, string> Build(DuplicatePolicy policy)
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive, policy);
        foreach (var (user, item, rating) in Rows)
        {
            builder.Add(user, item, rating);
        }

        return builder.Build();
    }

    [Fact]
    public void Build_RejectsDuplicateByDefault()
    {
        var act = () => Build(DuplicatePolicy.Error);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.Message.Should().Contain("u1").And.Contain("i1").And.Contain("rows 1 and 3");
        error.RowNumber.Should().Be(3);
        error.Value.Should().Be("(u1, i1)");
    }

    [Theory]
    [InlineData(DuplicatePolicy.KeepLast, 2.0, 3.5, 3.833333)]
    [InlineData(DuplicatePolicy.KeepFirst, 4.0, 4.5, 4.833333)]
    [InlineData(DuplicatePolicy.Mean, 3.0, 4.0, 4.333333)]
    public void Build_MergesByPolicy(DuplicatePolicy policy, double rating, double mean, double prediction)
    {
        var ratings = Build(policy);
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MaxNeighbors = 40, MinNeighbors = 1, MinSupport = 2 }).Fit(ratings);

        ratings.Count.Should().Be(8);
        ratings.TryGetRating("u1", "i1", out float stored).Should().BeTrue();
        stored.Should().Be((float)rating);
        ratings.UserMeans[0].Should().BeApproximately(mean, 1e-12);
        model.Similarity("u1", "u2").Should().BeApproximately(1, 1e-6);
        model.Similarity("u1", "u3").Should().BeApproximately(-1, 1e-6);
        model.Predict("u1", "i3").Value.Should().BeApproximately(prediction, 1e-6);
    }

    [Fact]
    public void Build_MeanOfThreeRows()
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive, DuplicatePolicy.Mean);
        builder.Add(1, 1, 1);
        builder.Add(1, 1, 2);
        builder.Add(1, 1, 4);

        builder.Build().TryGetRating(1, 1, out float stored).Should().BeTrue();
        stored.Should().BeApproximately(7f / 3, 1e-6f);
    }

    [Fact]
    public void Build_ReportsCallerRowNumbers()
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        builder.Add(7, 8, 3, rowNumber: 120);
        builder.Add(7, 9, 3, rowNumber: 121);
        builder.Add(7, 8, 4, rowNumber: 340);

        builder.Invoking(b => b.Build()).Should().Throw<RatingDataException>()
            .WithMessage("*user 7, item 8*rows 120 and 340*KeepLast*");
    }
}

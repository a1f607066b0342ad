using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Cases;

/// <summary>Overflow and cancellation in similarity sums, and constant vectors.</summary>
public class NumericRobustnessTests
{
    [Fact]
    public void Cosine_LargeCountsDoNotOverflow()
    {
        // Int32 products of these counts wrap; the exact value is 12200000000 / √(11000000000 · 13925000000).
        var ratings = Fixtures.Matrix(
            RatingScale.Unbounded,
            ("u1", "A", 50000), ("u2", "A", 60000), ("u3", "A", 70000),
            ("u1", "B", 40000), ("u2", "B", 65000), ("u3", "B", 90000));
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1 }).Fit(ratings);

        model.Similarity("A", "B").Should().BeApproximately(0.985748, 1e-6);
        Similarity.Cosine.Compute([50000.0, 60000, 70000], [40000.0, 65000, 90000]).Should().BeApproximately(0.985748, 1e-6);
    }

    [Fact]
    public void Pearson_LargeOffsetDoesNotCancel()
    {
        // The one-pass form n·Σxy − Σx·Σy gives 0.577350 here; the exact correlation is √3/2.
        double[] x = [1e8 + 1, 1e8 + 2, 1e8 + 4];
        double[] y = [1e8 + 2, 1e8 + 1, 1e8 + 6];

        Similarity.Pearson.Compute(x, y).Should().BeApproximately(0.866025, 1e-6);
    }

    [Fact]
    public void Pearson_LargeOffsetInMatrix()
    {
        // Ratings are stored as float, exact for integers up to 2^24; these stay below it.
        var ratings = Fixtures.Matrix(
            RatingScale.Unbounded,
            ("a", "i1", 16_000_001), ("a", "i2", 16_000_002), ("a", "i3", 16_000_004),
            ("b", "i1", 16_000_002), ("b", "i2", 16_000_001), ("b", "i3", 16_000_006));
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Pearson }).Fit(ratings);

        model.Similarity("a", "b").Should().BeApproximately(0.866025, 1e-6);
    }

    [Fact]
    public void Pearson_ConstantNonIntegerVectorIsUndefined()
    {
        Similarity.Pearson.Compute([0.7, 0.7, 0.7], [0.1, 0.2, 0.4]).Should().Be(0);
        Similarity.Pearson.Compute([3.3, 3.3, 3.3, 3.3], [1, 2, 3, 5]).Should().Be(0);
    }

    [Fact]
    public void Pearson_ConstantNonIntegerUserIsNoNeighbour()
    {
        var ratings = Fixtures.Matrix(
            RatingScale.Unbounded,
            ("a", "i1", 0.7), ("a", "i2", 0.7), ("a", "i3", 0.7),
            ("b", "i1", 0.1), ("b", "i2", 0.2), ("b", "i3", 0.4), ("b", "i4", 0.3));
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Pearson }).Fit(ratings);
        var p = model.Predict("a", "i4");

        model.Similarity("a", "b").Should().Be(0);
        p.Impossible.Should().BeTrue();
        p.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
    }

    [Fact]
    public void Compute_LengthMismatchThrows()
    {
        var act = () => Similarity.Cosine.Compute([1.0, 2], [1.0]);

        act.Should().Throw<ArgumentException>().WithParameterName("y");
    }
}

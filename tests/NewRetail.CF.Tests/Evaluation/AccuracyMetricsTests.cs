using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>MSE, RMSE, MAE and FCP on small inputs worked out by hand.</summary>
public class AccuracyMetricsTests
{
    // actual − predicted = 0.5, 0, 2, −1.
    // Squares 0.25 + 0 + 4 + 1 = 5.25, so MSE = 5.25 / 4 = 1.3125 and RMSE = √1.3125 = 1.145644.
    // Absolute errors 0.5 + 0 + 2 + 1 = 3.5, so MAE = 3.5 / 4 = 0.875.
    private static readonly double[] Actual = [4, 2, 5, 3];
    private static readonly double[] Predicted = [3.5, 2, 3, 4];

    [Fact]
    public void Mse_HandExample()
    {
        AccuracyMetrics.Mse(Actual, Predicted).Should().BeApproximately(1.3125, 1e-12);
    }

    [Fact]
    public void Rmse_HandExample()
    {
        AccuracyMetrics.Rmse(Actual, Predicted).Should().BeApproximately(1.145644, 1e-6);
    }

    [Fact]
    public void Mae_HandExample()
    {
        AccuracyMetrics.Mae(Actual, Predicted).Should().BeApproximately(0.875, 1e-12);
    }

    [Fact]
    public void Metrics_PerfectPredictionsAreZero()
    {
        AccuracyMetrics.Rmse(Actual, Actual).Should().Be(0);
        AccuracyMetrics.Mae(Actual, Actual).Should().Be(0);
    }

    [Fact]
    public void Metrics_RejectEmptyInput()
    {
        var act = () => AccuracyMetrics.Rmse([], []);

        act.Should().Throw<ArgumentException>().WithMessage("*no (actual, predicted) pairs*");
    }

    [Fact]
    public void Metrics_RejectLengthMismatch()
    {
        var act = () => AccuracyMetrics.Mae([1, 2], [1]);

        act.Should().Throw<ArgumentException>().WithMessage("*2 actual ratings but 1 predictions*");
    }

    [Fact]
    public void Metrics_RejectNaN()
    {
        var act = () => AccuracyMetrics.Mse([1, 2], [1, double.NaN]);

        act.Should().Throw<ArgumentException>().WithMessage("*position 1 of predicted is NaN*");
    }

    [Fact]
    public void Fcp_AveragesCountsOverUsersWithThem()
    {
        // User A: actual 5, 3, 1 and predicted 4, 4.5, 2.
        //   (5 > 3): 4 ≤ 4.5, discordant. (5 > 1): 4 > 2, concordant. (3 > 1): 4.5 > 2, concordant. So nc = 2, nd = 1.
        // User B: actual 2, 4 and predicted 3, 3. (4 > 2) with a tied prediction is discordant. So nc = 0, nd = 1.
        // User C: actual 3, 3. Equal actual ratings form no pair.
        // mean(nc) over users with nc > 0 is 2 (A only), and mean(nd) over users with nd > 0 is (1 + 1) / 2 = 1.
        // FCP = 2 / (2 + 1) = 0.666667. Pooling all counts would give 2 / (2 + 2) = 0.5 instead.
        string[] users = ["A", "A", "A", "B", "B", "C", "C"];
        double[] actual = [5, 3, 1, 2, 4, 3, 3];
        double[] predicted = [4, 4.5, 2, 3, 3, 1, 5];

        double? fcp = AccuracyMetrics.Fcp<string>(users, actual, predicted);

        fcp.Should().NotBeNull();
        fcp!.Value.Should().BeApproximately(2.0 / 3.0, 1e-12);
    }

    [Fact]
    public void Fcp_AllConcordantIsOne()
    {
        string[] users = ["A", "A", "B", "B"];
        double[] actual = [5, 1, 2, 4];
        double[] predicted = [4, 2, 1, 3];

        AccuracyMetrics.Fcp<string>(users, actual, predicted).Should().Be(1.0);
    }

    [Fact]
    public void Fcp_NoComparablePairsIsNull()
    {
        // One rating per user, or equal ratings within a user, leave nothing to compare.
        string[] users = ["A", "B", "C", "C"];
        double[] actual = [5, 1, 3, 3];
        double[] predicted = [4, 2, 1, 5];

        AccuracyMetrics.Fcp<string>(users, actual, predicted).Should().BeNull();
    }

    [Fact]
    public void Fcp_RejectsUserCountMismatch()
    {
        string[] users = ["A"];
        double[] actual = [5, 1];
        double[] predicted = [4, 2];

        var act = () => AccuracyMetrics.Fcp<string>(users, actual, predicted);

        act.Should().Throw<ArgumentException>().WithMessage("*1 users for 2 ratings*");
    }
}

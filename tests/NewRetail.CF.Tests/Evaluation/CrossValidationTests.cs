using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>Cross-validation runs, their per-fold values, summaries and tables.</summary>
public class CrossValidationTests
{
    // Three predefined splits share one training row and test (u1,i1,4) and (u1,i2,2).
    //   Fold 0 predicts 4 and 2: errors 0, 0.     RMSE 0,        MAE 0, MSE 0, FCP 1 (concordant).
    //   Fold 1 predicts 3 and 3: errors 1, −1.    RMSE 1,        MAE 1, MSE 1, FCP 0 (tie, discordant).
    //   Fold 2 predicts 5 and 5: errors −1, −3.   RMSE √5,       MAE 2, MSE 5, FCP 0 (tie, discordant).
    // Fits take 1, 2 and 3 s and every test takes 0.25 s.
    // Means and population standard deviations:
    //   RMSE (0 + 1 + 2.236068) / 3 = 1.078689, std 0.914565.
    //   MAE 1, std √(2/3) = 0.816497.  MSE 2, std √(14/3) = 2.160247.  FCP 1/3, std √(2/9) = 0.471405.
    //   Fit 2 s, std 0.816497.  Test 0.25 s, std 0.
    private static (CrossValidationReport Report, ScriptedAlgorithm Algorithm) RunScripted()
    {
        var clock = new ManualClock();
        ScriptedRecommender Constant(double first, double second) => new ScriptedRecommender { OnPredictMany = () => clock.Advance(0.25) }
            .Returns("u1", "i1", first)
            .Returns("u1", "i2", second);

        var algorithm = new ScriptedAlgorithm(clock, [(Constant(4, 2), 1), (Constant(3, 3), 2), (Constant(5, 5), 3)]);
        RatingRow<string, string>[] train = [new("u2", "i1", 3)];
        RatingRow<string, string>[] test = [new("u1", "i1", 4), new("u1", "i2", 2)];
        var splits = Enumerable.Range(0, 3).Select(_ => Split.Predefined(train, test, RatingScale.OneToFive)).ToList();

        var report = CrossValidation.Run(algorithm, splits, new EvaluationOptions { TimeProvider = clock });
        return (report, algorithm);
    }

    [Fact]
    public void Run_PerFoldValues()
    {
        var (report, algorithm) = RunScripted();

        report.Folds.Should().HaveCount(3);
        report.Folds.Select(f => f.Evaluation.Rmse).Should().Equal([0, 1, Math.Sqrt(5)], (a, b) => Math.Abs(a - b) < 1e-12);
        report.Folds.Select(f => f.Evaluation.Mae).Should().Equal(0, 1, 2);
        report.Folds.Select(f => f.Evaluation.Fcp).Should().Equal(1.0, 0.0, 0.0);
        report.Folds.Select(f => f.FitSeconds).Should().Equal(1, 2, 3);
        report.Folds.Select(f => f.TestSeconds).Should().Equal(0.25, 0.25, 0.25);
        report.Folds.Select(f => f.TrainCount).Should().Equal(1, 1, 1);
        algorithm.TrainCounts.Should().Equal(1, 1, 1);
    }

    [Fact]
    public void Run_MeanAndPopulationStd()
    {
        var (report, _) = RunScripted();

        report.Rmse.Mean.Should().BeApproximately(1.078689, 1e-6);
        report.Rmse.StandardDeviation.Should().BeApproximately(0.914565, 1e-6);
        report.Mae.Mean.Should().BeApproximately(1, 1e-12);
        report.Mae.StandardDeviation.Should().BeApproximately(0.816497, 1e-6);
        report.Mse.Mean.Should().BeApproximately(2, 1e-12);
        report.Mse.StandardDeviation.Should().BeApproximately(2.160247, 1e-6);
        report.Fcp.Should().NotBeNull();
        report.Fcp!.Value.Mean.Should().BeApproximately(1.0 / 3.0, 1e-12);
        report.Fcp!.Value.StandardDeviation.Should().BeApproximately(0.471405, 1e-6);
        report.FitSeconds.Mean.Should().BeApproximately(2, 1e-12);
        report.FitSeconds.StandardDeviation.Should().BeApproximately(0.816497, 1e-6);
        report.TestSeconds.Mean.Should().BeApproximately(0.25, 1e-12);
        report.TestSeconds.StandardDeviation.Should().Be(0);
    }

    [Fact]
    public void Run_TotalsCounts()
    {
        var (report, _) = RunScripted();

        report.TestCount.Should().Be(6);
        report.ScoredCount.Should().Be(6);
        report.ImpossibleCount.Should().Be(0);
        report.Algorithm.Should().Be("Scripted");
    }

    [Fact]
    public void Run_KFoldWithUserKnn()
    {
        var ratings = SplitTests.RandomMatrix(200, seed: 11);

        var report = CrossValidation.Run(new UserKnn(), ratings, folds: 5, seed: 1);

        report.Folds.Should().HaveCount(5);
        report.Folds.Select(f => f.Fold).Should().Equal(0, 1, 2, 3, 4);
        report.Folds.Should().OnlyContain(f => f.TrainCount == 160 && f.Evaluation.TestCount == 40);
        report.TestCount.Should().Be(200);
        report.Rmse.Mean.Should().BeInRange(0, 4);
        double.IsFinite(report.Rmse.StandardDeviation).Should().BeTrue();
        report.Folds.Should().OnlyContain(f => f.FitSeconds >= 0 && f.TestSeconds >= 0);
    }

    [Fact]
    public void Run_SameSeedSameResults()
    {
        var ratings = SplitTests.RandomMatrix(200, seed: 11);

        var first = CrossValidation.Run(new UserKnn(), ratings, folds: 4, seed: 2);
        var second = CrossValidation.Run(new UserKnn(), ratings, folds: 4, seed: 2);

        first.Folds.Select(f => f.Evaluation.Rmse).Should().Equal(second.Folds.Select(f => f.Evaluation.Rmse));
    }

    [Fact]
    public void Run_RejectsEmptySplits()
    {
        var act = () => CrossValidation.Run(new UserKnn(), Array.Empty<TrainTestSplit<string, string>>());

        act.Should().Throw<ArgumentException>().WithMessage("There are no splits*");
    }

    [Fact]
    public void Run_HonoursCancellation()
    {
        var ratings = SplitTests.RandomMatrix(200, seed: 11);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var act = () => CrossValidation.Run(new UserKnn(), ratings, folds: 5, seed: 1, cancellationToken: cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void FormatTable_OneRowPerReport()
    {
        var (report, _) = RunScripted();

        string table = CrossValidation.FormatTable([report, report]);

        string[] lines = table.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("Algorithm").And.Contain("RMSE").And.Contain("MAE").And.Contain("Fit s").And.Contain("Test s");
        lines[1].Should().StartWith("Scripted").And.Contain("1.0787 ± 0.9146").And.Contain("1.0000 ± 0.8165").And.Contain("2.00 ± 0.82").And.Contain("0.25 ± 0.00");
    }

    [Fact]
    public void FormatFolds_ShowsEachFold()
    {
        var (report, _) = RunScripted();

        string table = report.FormatFolds();

        string[] lines = table.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Scripted");
        lines[1].Should().Contain("Fold 1").And.Contain("Fold 3").And.Contain("Mean").And.Contain("Std");
        lines.Should().Contain(l => l.StartsWith("RMSE", StringComparison.Ordinal) && l.Contains("2.2361", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("FCP", StringComparison.Ordinal) && l.Contains("0.3333", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricSummary_SingleValueHasZeroStd()
    {
        var summary = MetricSummary.Of([0.9]);

        summary.Mean.Should().Be(0.9);
        summary.StandardDeviation.Should().Be(0);
        summary.Count.Should().Be(1);
    }
}

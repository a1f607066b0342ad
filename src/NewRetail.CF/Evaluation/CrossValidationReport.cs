using System.Globalization;

namespace NewRetail.CF.Evaluation;

/// <summary>The result of fitting and testing on one split.</summary>
/// <param name="Fold">The 0-based position of the split in the run, which is the fold number for k-fold splits.</param>
/// <param name="TrainCount">The number of training ratings.</param>
/// <param name="Evaluation">The accuracy on the test rows, with the counts of scored and impossible predictions.</param>
/// <param name="FitSeconds">The seconds that fitting took.</param>
/// <param name="TestSeconds">The seconds that <see cref="Evaluator.Evaluate{TUser, TItem}"/> took: the predictions and the metrics.</param>
public sealed record FoldResult(int Fold, int TrainCount, EvaluationResult Evaluation, double FitSeconds, double TestSeconds);

/// <summary>Per-fold results of a cross-validation run, with the mean and standard deviation of each value.</summary>
public sealed class CrossValidationReport
{
    /// <summary>Creates a report and computes the summaries from <paramref name="folds"/>.</summary>
    /// <param name="algorithm">The name of the algorithm, such as <see cref="IRecommenderAlgorithm.Name"/>.</param>
    /// <param name="folds">The results of each fold, at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/>, <paramref name="folds"/> or a fold is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="folds"/> is empty, or a time is negative or not finite.</exception>
    public CrossValidationReport(string algorithm, IReadOnlyList<FoldResult> folds)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
        {
            throw new ArgumentException("A report needs at least one fold.", nameof(folds));
        }

        var rmse = new double[folds.Count];
        var mae = new double[folds.Count];
        var mse = new double[folds.Count];
        var fit = new double[folds.Count];
        var test = new double[folds.Count];
        var fcp = new List<double>(folds.Count);
        for (int f = 0; f < folds.Count; f++)
        {
            var fold = folds[f] ?? throw new ArgumentNullException(nameof(folds), $"Fold {f} of the report is null.");
            if (fold.Evaluation is null)
            {
                throw new ArgumentNullException(nameof(folds), $"Fold {f} of the report has no evaluation.");
            }

            CheckSeconds(fold.FitSeconds, f, "fit", nameof(folds));
            CheckSeconds(fold.TestSeconds, f, "test", nameof(folds));
            rmse[f] = fold.Evaluation.Rmse;
            mae[f] = fold.Evaluation.Mae;
            mse[f] = fold.Evaluation.Mse;
            fit[f] = fold.FitSeconds;
            test[f] = fold.TestSeconds;
            if (fold.Evaluation.Fcp is double value)
            {
                fcp.Add(value);
            }
        }

        Algorithm = algorithm;
        Folds = [.. folds];
        Rmse = MetricSummary.Of(rmse);
        Mae = MetricSummary.Of(mae);
        Mse = MetricSummary.Of(mse);
        Fcp = fcp.Count == 0 ? null : MetricSummary.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fcp));
        FitSeconds = MetricSummary.Of(fit);
        TestSeconds = MetricSummary.Of(test);
    }

    /// <summary>The name of the algorithm.</summary>
    public string Algorithm { get; }

    /// <summary>The results of each fold, in fold order.</summary>
    public IReadOnlyList<FoldResult> Folds { get; }

    /// <summary>RMSE over folds.</summary>
    public MetricSummary Rmse { get; }

    /// <summary>MAE over folds.</summary>
    public MetricSummary Mae { get; }

    /// <summary>MSE over folds.</summary>
    public MetricSummary Mse { get; }

    /// <summary>
    /// FCP over the folds where it is defined, or <see langword="null"/> when it is undefined in every fold.
    /// Its <see cref="MetricSummary.Count"/> is the number of folds it covers.
    /// </summary>
    public MetricSummary? Fcp { get; }

    /// <summary>Fitting time in seconds over folds.</summary>
    public MetricSummary FitSeconds { get; }

    /// <summary>Testing time in seconds over folds.</summary>
    public MetricSummary TestSeconds { get; }

    /// <summary>The number of test rows over all folds.</summary>
    public int TestCount => Folds.Sum(f => f.Evaluation.TestCount);

    /// <summary>The number of scored pairs over all folds.</summary>
    public int ScoredCount => Folds.Sum(f => f.Evaluation.ScoredCount);

    /// <summary>The number of impossible predictions over all folds.</summary>
    public int ImpossibleCount => Folds.Sum(f => f.Evaluation.ImpossibleCount);

    /// <summary>The number of impossible predictions over all folds whose user or item was not in the training data.</summary>
    public int UnknownIdCount => Folds.Sum(f => f.Evaluation.UnknownIdCount);

    /// <summary>The number of impossible predictions over all folds that had too few usable neighbours.</summary>
    public int TooFewNeighborsCount => Folds.Sum(f => f.Evaluation.TooFewNeighborsCount);

    /// <summary>
    /// Formats a table with one column per fold and columns for the mean and standard deviation, and one row each for
    /// RMSE, MAE, MSE, FCP, fit and test seconds, test rows and impossible predictions.
    /// </summary>
    /// <returns>The table, with the algorithm name on the first line. Numbers use the invariant culture, and an undefined FCP shows as "n/a".</returns>
    public string FormatFolds()
    {
        var header = new List<string> { string.Empty };
        for (int f = 0; f < Folds.Count; f++)
        {
            header.Add($"Fold {f + 1}");
        }

        header.Add("Mean");
        header.Add("Std");

        var lines = new List<List<string>>
        {
            header,
            SummaryLine("RMSE", f => f.Evaluation.Rmse, Rmse, 4),
            SummaryLine("MAE", f => f.Evaluation.Mae, Mae, 4),
            SummaryLine("MSE", f => f.Evaluation.Mse, Mse, 4),
            FcpLine(),
            SummaryLine("Fit s", f => f.FitSeconds, FitSeconds, 2),
            SummaryLine("Test s", f => f.TestSeconds, TestSeconds, 2),
            CountLine("Test rows", f => f.Evaluation.TestCount, TestCount),
            CountLine("Impossible", f => f.Evaluation.ImpossibleCount, ImpossibleCount),
        };

        return Algorithm + Environment.NewLine + TextTable.Format(lines);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Algorithm}: RMSE {Rmse}, MAE {Mae}, {Folds.Count} folds";

    private List<string> SummaryLine(string label, Func<FoldResult, double> value, MetricSummary summary, int decimals)
    {
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var line = new List<string> { label };
        line.AddRange(Folds.Select(f => value(f).ToString(format, CultureInfo.InvariantCulture)));
        line.Add(summary.Mean.ToString(format, CultureInfo.InvariantCulture));
        line.Add(summary.StandardDeviation.ToString(format, CultureInfo.InvariantCulture));
        return line;
    }

    private List<string> FcpLine()
    {
        var line = new List<string> { "FCP" };
        line.AddRange(Folds.Select(f => f.Evaluation.Fcp is double value ? value.ToString("F4", CultureInfo.InvariantCulture) : "n/a"));
        line.Add(Fcp is { } summary ? summary.Mean.ToString("F4", CultureInfo.InvariantCulture) : "n/a");
        line.Add(Fcp is { } spread ? spread.StandardDeviation.ToString("F4", CultureInfo.InvariantCulture) : "n/a");
        return line;
    }

    private List<string> CountLine(string label, Func<FoldResult, int> value, int total)
    {
        var line = new List<string> { label };
        line.AddRange(Folds.Select(f => value(f).ToString(CultureInfo.InvariantCulture)));
        line.Add(((double)total / Folds.Count).ToString("F1", CultureInfo.InvariantCulture));
        line.Add(string.Empty);
        return line;
    }

    private static void CheckSeconds(double seconds, int fold, string phase, string parameterName)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentException(
                $"The {phase} time of fold {fold} is {seconds.ToString(CultureInfo.InvariantCulture)} s. Times must be finite and ≥ 0.", parameterName);
        }
    }
}

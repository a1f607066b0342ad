using Microsoft.Extensions.Logging;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Evaluation;

/// <summary>Fits an algorithm on each training matrix of a set of splits and measures it on the held-out rows.</summary>
public static class CrossValidation
{
    private static readonly string[] TableHeader = ["Algorithm", "RMSE", "MAE", "Fit s", "Test s"];

    /// <summary>Runs k-fold cross-validation on <paramref name="ratings"/> with the folds of <see cref="Split.KFold{TUser, TItem}(RatingMatrix{TUser, TItem}, int, long)"/>.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="algorithm">The algorithm to fit on each fold.</param>
    /// <param name="ratings">The ratings to split.</param>
    /// <param name="folds">The number of folds k, in 2..ratings.Count.</param>
    /// <param name="seed">The shuffle seed. The same seed gives the same folds.</param>
    /// <param name="options">The options. Default: impossible predictions are included, and the system clock times each step.</param>
    /// <param name="cancellationToken">Cancels the run between folds, inside fitting and while test rows are predicted.</param>
    /// <returns>The per-fold results and their summaries.</returns>
    /// <remarks>To compare several algorithms on the same folds, make the splits once and call the overload that takes them.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> or <paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is out of range, or an option is not a defined value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CrossValidationReport Run<TUser, TItem>(
        IRecommenderAlgorithm algorithm,
        RatingMatrix<TUser, TItem> ratings,
        int folds,
        long seed,
        EvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Run(algorithm, ratings, folds, seed, options, progress: null, cancellationToken);

    /// <summary>Runs k-fold cross-validation on <paramref name="ratings"/> and reports its progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="algorithm">The algorithm to fit on each fold.</param>
    /// <param name="ratings">The ratings to split, with the folds of <see cref="Split.KFold{TUser, TItem}(RatingMatrix{TUser, TItem}, int, long)"/>.</param>
    /// <param name="folds">The number of folds k, in 2..ratings.Count.</param>
    /// <param name="seed">The shuffle seed. The same seed gives the same folds.</param>
    /// <param name="options">The options. Default: impossible predictions are included, and the system clock times each step.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Folds"/> stage and, in between, the stages of each fold's fit, as
    /// <see cref="Run{TUser, TItem}(IRecommenderAlgorithm, IEnumerable{TrainTestSplit{TUser, TItem}}, EvaluationOptions, IProgress{FitProgress}, CancellationToken)"/>
    /// describes. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the run between folds, inside fitting and while test rows are predicted.</param>
    /// <returns>The per-fold results and their summaries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> or <paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is out of range, or an option is not a defined value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CrossValidationReport Run<TUser, TItem>(
        IRecommenderAlgorithm algorithm,
        RatingMatrix<TUser, TItem> ratings,
        int folds,
        long seed,
        EvaluationOptions? options,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(ratings);
        (options ?? new EvaluationOptions()).Validate();
        cancellationToken.ThrowIfCancellationRequested();
        return Run(algorithm, Split.KFold(ratings, folds, seed), options, progress, cancellationToken);
    }

    /// <summary>Fits <paramref name="algorithm"/> on the training matrix of each split and evaluates it on the split's test rows.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="algorithm">The algorithm to fit on each split, through <see cref="IRecommenderAlgorithm.Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    /// <param name="splits">The splits, at least one: k folds, one random split or one predefined split.</param>
    /// <param name="options">The options. Default: impossible predictions are included, and the system clock times each step.</param>
    /// <param name="cancellationToken">Cancels the run between splits, inside fitting and while test rows are predicted.</param>
    /// <returns>The per-fold results in split order, and their summaries.</returns>
    /// <remarks>Splits run one after another, and each fit may use several threads as its algorithm allows.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/>, <paramref name="splits"/> or a split is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="splits"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The algorithm returned no model, or evaluation failed as <see cref="Evaluator.Evaluate{TUser, TItem}"/> describes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CrossValidationReport Run<TUser, TItem>(
        IRecommenderAlgorithm algorithm,
        IEnumerable<TrainTestSplit<TUser, TItem>> splits,
        EvaluationOptions? options = null,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Run(algorithm, splits, options, progress: null, cancellationToken);

    /// <summary>Fits <paramref name="algorithm"/> on each split, evaluates it on the split's test rows and reports the progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="algorithm">The algorithm to fit on each split, through <see cref="IRecommenderAlgorithm.Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    /// <param name="splits">The splits, at least one: k folds, one random split or one predefined split.</param>
    /// <param name="options">The options. Default: impossible predictions are included, and the system clock times each step.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Folds"/> stage, one unit per split fitted and evaluated. Each fit reports its
    /// own stages to it too, between two <see cref="FitStage.Folds"/> reports, so a stage such as
    /// <see cref="FitStage.Similarities"/> starts again at 0 for every split. <see cref="FitProgress"/> describes
    /// the thread it runs on. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the run between splits, inside fitting and while test rows are predicted.</param>
    /// <returns>The per-fold results in split order, and their summaries.</returns>
    /// <remarks>
    /// <para>Splits run one after another, and each fit may use several threads as its algorithm allows.</para>
    /// <para>The number of splits is the total of the <see cref="FitStage.Folds"/> stage. A sequence whose length is not
    /// known without enumerating it is therefore read in full before the first fit when <paramref name="progress"/>
    /// is set or debug logging is on.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/>, <paramref name="splits"/> or a split is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="splits"/> is empty.</exception>
    /// <exception cref="InvalidOperationException">The algorithm returned no model, or evaluation failed as <see cref="Evaluator.Evaluate{TUser, TItem}"/> describes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CrossValidationReport Run<TUser, TItem>(
        IRecommenderAlgorithm algorithm,
        IEnumerable<TrainTestSplit<TUser, TItem>> splits,
        EvaluationOptions? options,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(splits);
        options ??= new EvaluationOptions();
        options.Validate();

        var clock = options.TimeProvider;
        var logger = options.Logger;
        bool counted = splits.TryGetNonEnumeratedCount(out int splitCount);
        if (!counted && (progress is not null || logger.IsEnabled(LogLevel.Debug)))
        {
            var buffered = splits.ToList();
            splits = buffered;
            splitCount = buffered.Count;
            counted = true;
        }

        if (counted && splitCount == 0)
        {
            throw NoSplits(nameof(splits));
        }

        cancellationToken.ThrowIfCancellationRequested();
        FitLog.CrossValidationStarted(logger, algorithm.Name, splitCount);
        var folds = StageProgress.Start(progress, FitStage.Folds, splitCount);
        var results = new List<FoldResult>();
        foreach (var split in splits)
        {
            if (split is null)
            {
                throw new ArgumentNullException(nameof(splits), $"Split number {results.Count} is null.");
            }

            cancellationToken.ThrowIfCancellationRequested();

            long fitStart = clock.GetTimestamp();
            var model = algorithm.Fit(split.Train, progress, cancellationToken)
                ?? throw new InvalidOperationException($"{algorithm.Name} returned no model for split number {results.Count}. Fit must return a fitted model.");
            double fitSeconds = clock.GetElapsedTime(fitStart).TotalSeconds;

            long testStart = clock.GetTimestamp();
            var evaluation = Evaluator.EvaluateCore(model, split.Test, options, cancellationToken);
            double testSeconds = clock.GetElapsedTime(testStart).TotalSeconds;

            var fold = new FoldResult(results.Count, split.Train.Count, evaluation, fitSeconds, testSeconds);
            results.Add(fold);
            LogFold(logger, algorithm.Name, fold);
            folds?.Advance();
        }

        if (results.Count == 0)
        {
            throw NoSplits(nameof(splits));
        }

        folds?.Complete();
        var report = new CrossValidationReport(algorithm.Name, results);
        FitLog.CrossValidationFinished(
            logger, algorithm.Name, results.Count, report.Rmse.Mean, report.Rmse.StandardDeviation, report.Mae.Mean, report.Mae.StandardDeviation);
        return report;
    }

    private static ArgumentException NoSplits(string parameterName) => new("There are no splits to run. Pass at least one split.", parameterName);

    private static void LogFold(ILogger logger, string algorithm, FoldResult fold)
    {
        var evaluation = fold.Evaluation;
        FitLog.FoldFinished(logger, fold.Fold, algorithm, fold.TrainCount, fold.FitSeconds, evaluation.TestCount, fold.TestSeconds, evaluation.Rmse);
        if (evaluation.ImpossibleCount == evaluation.TestCount)
        {
            FitLog.AllPredictionsFellBack(logger, fold.Fold, evaluation.TestCount, algorithm, evaluation.UnknownIdCount);
        }
    }

    /// <summary>
    /// Formats a comparison table with one row per report and the columns RMSE, MAE, fit seconds and test seconds,
    /// each as "mean ± standard deviation" over folds.
    /// </summary>
    /// <param name="reports">The reports to compare, for example one per algorithm on the same splits.</param>
    /// <returns>The table, one line per report after a header line. Numbers use the invariant culture.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/> or a report is null.</exception>
    public static string FormatTable(IEnumerable<CrossValidationReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = new List<IReadOnlyList<string>> { TableHeader };
        foreach (var report in reports)
        {
            if (report is null)
            {
                throw new ArgumentNullException(nameof(reports), $"Report number {rows.Count - 1} is null.");
            }

            rows.Add([report.Algorithm, report.Rmse.Format(4), report.Mae.Format(4), report.FitSeconds.Format(2), report.TestSeconds.Format(2)]);
        }

        return TextTable.Format(rows);
    }
}

using NewRetail.CF.Data;

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
    /// <param name="cancellationToken">Cancels the run between folds and inside fitting.</param>
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
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(ratings);
        (options ?? new EvaluationOptions()).Validate();
        return Run(algorithm, Split.KFold(ratings, folds, seed), options, cancellationToken);
    }

    /// <summary>Fits <paramref name="algorithm"/> on the training matrix of each split and evaluates it on the split's test rows.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="algorithm">The algorithm to fit on each split, through <see cref="IRecommenderAlgorithm.Fit{TUser, TItem}"/>.</param>
    /// <param name="splits">The splits, at least one: k folds, one random split or one predefined split.</param>
    /// <param name="options">The options. Default: impossible predictions are included, and the system clock times each step.</param>
    /// <param name="cancellationToken">Cancels the run between splits and inside fitting.</param>
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
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(splits);
        options ??= new EvaluationOptions();
        options.Validate();

        var clock = options.TimeProvider;
        var results = new List<FoldResult>();
        foreach (var split in splits)
        {
            if (split is null)
            {
                throw new ArgumentNullException(nameof(splits), $"Split number {results.Count} is null.");
            }

            cancellationToken.ThrowIfCancellationRequested();

            long fitStart = clock.GetTimestamp();
            var model = algorithm.Fit(split.Train, cancellationToken)
                ?? throw new InvalidOperationException($"{algorithm.Name} returned no model for split number {results.Count}. Fit must return a fitted model.");
            double fitSeconds = clock.GetElapsedTime(fitStart).TotalSeconds;

            long testStart = clock.GetTimestamp();
            var evaluation = Evaluator.Evaluate(model, split.Test, options);
            double testSeconds = clock.GetElapsedTime(testStart).TotalSeconds;

            results.Add(new FoldResult(results.Count, split.Train.Count, evaluation, fitSeconds, testSeconds));
        }

        if (results.Count == 0)
        {
            throw new ArgumentException("There are no splits to run. Pass at least one split.", nameof(splits));
        }

        return new CrossValidationReport(algorithm.Name, results);
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

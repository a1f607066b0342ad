using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Evaluation;

/// <summary>Measures the rating accuracy of a fitted model on held-out rows.</summary>
public static class Evaluator
{
    /// <summary>Predicts every test row and computes RMSE, MAE, MSE and FCP against the actual ratings.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="testRows">The held-out rows, such as <see cref="TrainTestSplit{TUser, TItem}.Test"/>.</param>
    /// <param name="options">The options. Default: impossible predictions are included.</param>
    /// <returns>The metrics and the counts of predicted, scored and impossible pairs.</returns>
    /// <remarks>
    /// <para>The metrics compare each actual rating with <see cref="Prediction.Value"/>, the estimate clipped to the
    /// rating scale.</para>
    /// <para>An impossible prediction is one whose <see cref="Prediction.Reason"/> is not
    /// <see cref="ImpossibleReason.None"/>. Under <see cref="ImpossiblePredictions.Include"/> its fallback estimate is
    /// scored. Under <see cref="ImpossiblePredictions.Exclude"/> it is left out of the metrics. Both ways count it in
    /// <see cref="EvaluationResult.ImpossibleCount"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="testRows"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is not a defined value.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="testRows"/> is empty, or a test row has a null id or a rating that is not a finite number.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The model returned the wrong number of predictions or a value that is not finite, or every prediction was
    /// impossible and <see cref="ImpossiblePredictions.Exclude"/> left no pair to score.
    /// </exception>
    public static EvaluationResult Evaluate<TUser, TItem>(
        IRecommender<TUser, TItem> model,
        IEnumerable<RatingRow<TUser, TItem>> testRows,
        EvaluationOptions? options = null)
        where TUser : notnull
        where TItem : notnull
        => EvaluateCore(model, testRows, options, CancellationToken.None);

    /// <summary>
    /// Evaluates as <see cref="Evaluate"/> does, but predicts in blocks of <see cref="PredictionBlock"/> pairs and checks
    /// <paramref name="cancellationToken"/> before each block.
    /// </summary>
    internal static EvaluationResult EvaluateCore<TUser, TItem>(
        IRecommender<TUser, TItem> model,
        IEnumerable<RatingRow<TUser, TItem>> testRows,
        EvaluationOptions? options,
        CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(testRows);
        options ??= new EvaluationOptions();
        options.Validate();

        var rows = testRows as IReadOnlyList<RatingRow<TUser, TItem>> ?? testRows.ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("There are no test rows, so there is nothing to evaluate. Pass at least one test row.", nameof(testRows));
        }

        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].User is null || rows[r].Item is null)
            {
                throw new ArgumentException($"Test row {r + 1} has a missing (null) user or item id. Give every test row both ids.", nameof(testRows));
            }

            if (!double.IsFinite(rows[r].Rating))
            {
                throw new ArgumentException(
                    $"Test row {r + 1} rates ({rows[r].User}, {rows[r].Item}) {rows[r].Rating.ToString(CultureInfo.InvariantCulture)}. Every test rating must be a finite number.",
                    nameof(testRows));
            }
        }

        // 1. Predict every pair.
        var pairs = new (TUser User, TItem Item)[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            pairs[r] = (rows[r].User, rows[r].Item);
        }

        Prediction[]? predictions = cancellationToken.CanBeCanceled ? PredictInBlocks(model, pairs, cancellationToken) : model.PredictMany(pairs);
        if (predictions is null || predictions.Length != rows.Count)
        {
            throw new InvalidOperationException(
                $"The model returned {predictions?.Length ?? 0} predictions for {rows.Count} pairs. PredictMany must return one prediction per pair.");
        }

        // 2. Count impossible predictions and collect the scored pairs.
        bool exclude = options.ImpossiblePredictions == ImpossiblePredictions.Exclude;
        int impossible = 0;
        int unknownId = 0;
        int tooFewNeighbors = 0;
        var users = new List<TUser>(rows.Count);
        var actual = new List<double>(rows.Count);
        var predicted = new List<double>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var prediction = predictions[r];
            if (!double.IsFinite(prediction.Value))
            {
                throw new InvalidOperationException(
                    $"The model predicted {prediction.Value.ToString(CultureInfo.InvariantCulture)} for ({rows[r].User}, {rows[r].Item}). A prediction must be a finite number.");
            }

            if (prediction.Impossible)
            {
                impossible++;
                switch (prediction.Reason)
                {
                    case ImpossibleReason.UnknownUser:
                    case ImpossibleReason.UnknownItem:
                    case ImpossibleReason.UnknownUserAndItem:
                        unknownId++;
                        break;
                    case ImpossibleReason.TooFewNeighbors:
                        tooFewNeighbors++;
                        break;
                }

                if (exclude)
                {
                    continue;
                }
            }

            users.Add(rows[r].User);
            actual.Add(rows[r].Rating);
            predicted.Add(prediction.Value);
        }

        if (actual.Count == 0)
        {
            throw new InvalidOperationException(
                $"All {rows.Count} predictions were impossible, so ImpossiblePredictions.Exclude leaves no pair to score. " +
                "Use ImpossiblePredictions.Include, or check that the test users and items appear in the training data.");
        }

        // 3. Metrics over the scored pairs.
        var actualSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(actual);
        var predictedSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(predicted);
        double mse = AccuracyMetrics.Mse(actualSpan, predictedSpan);
        return new EvaluationResult
        {
            Rmse = Math.Sqrt(mse),
            Mae = AccuracyMetrics.Mae(actualSpan, predictedSpan),
            Mse = mse,
            Fcp = AccuracyMetrics.Fcp(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(users), actualSpan, predictedSpan),
            TestCount = rows.Count,
            ScoredCount = actual.Count,
            ImpossibleCount = impossible,
            UnknownIdCount = unknownId,
            TooFewNeighborsCount = tooFewNeighbors,
            ImpossiblePredictions = options.ImpossiblePredictions,
        };
    }

    /// <summary>The number of pairs predicted between two cancellation checks.</summary>
    internal const int PredictionBlock = 4096;

    /// <summary>Calls PredictMany once per block of pairs and joins the results.</summary>
    private static Prediction[] PredictInBlocks<TUser, TItem>(IRecommender<TUser, TItem> model, (TUser User, TItem Item)[] pairs, CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        var predictions = new Prediction[pairs.Length];
        for (int start = 0; start < pairs.Length; start += PredictionBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = new ArraySegment<(TUser User, TItem Item)>(pairs, start, Math.Min(PredictionBlock, pairs.Length - start));
            Prediction[]? blockPredictions = model.PredictMany(block);
            if (blockPredictions is null || blockPredictions.Length != block.Count)
            {
                throw new InvalidOperationException(
                    $"The model returned {blockPredictions?.Length ?? 0} predictions for the {block.Count} pairs of test rows {start + 1} to {start + block.Count}. " +
                    "PredictMany must return one prediction per pair.");
            }

            blockPredictions.CopyTo(predictions, start);
        }

        return predictions;
    }
}

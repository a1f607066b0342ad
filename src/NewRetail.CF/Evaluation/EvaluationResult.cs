namespace NewRetail.CF.Evaluation;

/// <summary>Accuracy of a fitted model on held-out ratings, from <see cref="Evaluator.Evaluate{TUser, TItem}"/>.</summary>
/// <remarks>
/// The metrics are computed from finite ratings and predictions only, so none of them is NaN. <see cref="Fcp"/> is
/// <see langword="null"/> when no user has two scored pairs with different actual ratings.
/// </remarks>
public sealed record EvaluationResult
{
    /// <summary>The root mean squared error over the scored pairs.</summary>
    public required double Rmse { get; init; }

    /// <summary>The mean absolute error over the scored pairs.</summary>
    public required double Mae { get; init; }

    /// <summary>The mean squared error over the scored pairs.</summary>
    public required double Mse { get; init; }

    /// <summary>
    /// The fraction of concordant pairs over the scored pairs, as <see cref="AccuracyMetrics.Fcp{TUser}"/> computes it,
    /// or <see langword="null"/> when it is undefined.
    /// </summary>
    public required double? Fcp { get; init; }

    /// <summary>The number of test rows, all of which were predicted.</summary>
    public required int TestCount { get; init; }

    /// <summary>The number of pairs in the metrics: <see cref="TestCount"/>, less the impossible ones when they are excluded.</summary>
    public required int ScoredCount { get; init; }

    /// <summary>The number of impossible predictions, whatever the reason.</summary>
    public required int ImpossibleCount { get; init; }

    /// <summary>The number of impossible predictions whose user, item or both were not in the training data.</summary>
    public required int UnknownIdCount { get; init; }

    /// <summary>The number of impossible predictions that had too few usable neighbours.</summary>
    public required int TooFewNeighborsCount { get; init; }

    /// <summary>What the metrics did with impossible predictions.</summary>
    public required ImpossiblePredictions ImpossiblePredictions { get; init; }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace NewRetail.CF.Internals;

/// <summary>
/// The log messages of fits and evaluations. The source generator checks the level before it formats anything, so a
/// disabled level costs one IsEnabled call.
/// </summary>
/// <remarks>Event ids: 1–9 fits, 20–29 cross-validation, 30–39 ranking evaluation.</remarks>
internal static partial class FitLog
{
    [LoggerMessage(EventId = 1, EventName = "FitStarted", Level = LogLevel.Debug,
        Message = "Fitting {Algorithm} on {UserCount} users, {ItemCount} items and {EntryCount} entries")]
    public static partial void FitStarted(ILogger logger, string algorithm, int userCount, int itemCount, int entryCount);

    [LoggerMessage(EventId = 2, EventName = "FitFinished", Level = LogLevel.Debug,
        Message = "Fitted {Algorithm} in {ElapsedMilliseconds} ms, and the model stores {StoredBytes} bytes")]
    public static partial void FitFinished(ILogger logger, string algorithm, long elapsedMilliseconds, long storedBytes);

    [LoggerMessage(EventId = 3, EventName = "FitCanceled", Level = LogLevel.Debug,
        Message = "Fitting {Algorithm} was cancelled after {ElapsedMilliseconds} ms")]
    public static partial void FitCanceled(ILogger logger, string algorithm, long elapsedMilliseconds);

    [LoggerMessage(EventId = 4, EventName = "AllRatingsEqual", Level = LogLevel.Warning,
        Message = "All {EntryCount} ratings are {Rating}, so {Algorithm} predicts that value for every pair whatever the similarities. Check that the ratings were read from the right column.")]
    public static partial void AllRatingsEqual(ILogger logger, int entryCount, float rating, string algorithm);

    [LoggerMessage(EventId = 5, EventName = "NoNeighbors", Level = LogLevel.Warning,
        Message = "{Algorithm} found no pair of its {EntityCount} {Entities} with a non-zero similarity, so no prediction has a neighbour. Check for ratings that are all equal (nothing to correlate), a MinSupport above every pair's overlap, or data too sparse to overlap.")]
    public static partial void NoNeighbors(ILogger logger, string algorithm, int entityCount, string entities);

    [LoggerMessage(EventId = 6, EventName = "DivergedBiases", Level = LogLevel.Warning,
        Message = "{DivergedCount} of the {BiasCount} baseline biases are not finite or exceed {Limit} in magnitude after {Epochs} SGD epochs, so the fit diverged. Lower BaselineOptions.LearningRate.")]
    public static partial void DivergedBiases(ILogger logger, int divergedCount, int biasCount, double limit, int epochs);

    [LoggerMessage(EventId = 7, EventName = "NoStoredNeighbors", Level = LogLevel.Warning,
        Message = "{Algorithm} stored no neighbour for any of its {EntityCount} {Entities}, so its lists for training users come from popularity only.")]
    public static partial void NoStoredNeighbors(ILogger logger, string algorithm, int entityCount, string entities);

    [LoggerMessage(EventId = 20, EventName = "CrossValidationStarted", Level = LogLevel.Debug,
        Message = "Cross-validating {Algorithm} on {SplitCount} splits")]
    public static partial void CrossValidationStarted(ILogger logger, string algorithm, int splitCount);

    [LoggerMessage(EventId = 21, EventName = "FoldFinished", Level = LogLevel.Debug,
        Message = "Split {Fold}: {Algorithm} fitted on {TrainCount} ratings in {FitSeconds} s, tested on {TestCount} ratings in {TestSeconds} s, RMSE {Rmse}")]
    public static partial void FoldFinished(ILogger logger, int fold, string algorithm, int trainCount, double fitSeconds, int testCount, double testSeconds, double rmse);

    [LoggerMessage(EventId = 22, EventName = "CrossValidationFinished", Level = LogLevel.Debug,
        Message = "Cross-validated {Algorithm} on {SplitCount} splits: RMSE {RmseMean} ± {RmseStandardDeviation}, MAE {MaeMean} ± {MaeStandardDeviation}")]
    public static partial void CrossValidationFinished(
        ILogger logger, string algorithm, int splitCount, double rmseMean, double rmseStandardDeviation, double maeMean, double maeStandardDeviation);

    [LoggerMessage(EventId = 23, EventName = "AllPredictionsFellBack", Level = LogLevel.Warning,
        Message = "Split {Fold}: all {TestCount} predictions of {Algorithm} fell back ({UnknownIdCount} for an unknown id), so the split measures the fallback only.")]
    public static partial void AllPredictionsFellBack(ILogger logger, int fold, int testCount, string algorithm, int unknownIdCount);

    [LoggerMessage(EventId = 30, EventName = "RankingEvaluationStarted", Level = LogLevel.Debug,
        Message = "Evaluating {ModelCount} models on {UserCount} of {TestUserCount} test users at cut-offs {Cutoffs}")]
    public static partial void RankingEvaluationStarted(ILogger logger, int modelCount, int userCount, int testUserCount, IEnumerable<int> cutoffs);

    [LoggerMessage(EventId = 31, EventName = "RankingModelFinished", Level = LogLevel.Debug,
        Message = "Model {Model}: fitted in {FitSeconds} s, {ListCount} lists in {RecommendSeconds} s, {EmptyListCount} of them empty")]
    public static partial void RankingModelFinished(ILogger logger, string model, double fitSeconds, int listCount, double recommendSeconds, int emptyListCount);

    [LoggerMessage(EventId = 32, EventName = "AllListsEmpty", Level = LogLevel.Warning,
        Message = "Model {Model} returned an empty list for all {UserCount} evaluated users, so all its accuracy metrics are 0.")]
    public static partial void AllListsEmpty(ILogger logger, string model, int userCount);

    [LoggerMessage(EventId = 33, EventName = "RankingEvaluationFinished", Level = LogLevel.Debug,
        Message = "Evaluated {ModelCount} models on {UserCount} test users in {ElapsedSeconds} s")]
    public static partial void RankingEvaluationFinished(ILogger logger, int modelCount, int userCount, double elapsedSeconds);

    /// <summary>
    /// Logs a warning when SGD left a bias that is not finite or more than twice the spread of the ratings (max − min)
    /// in magnitude. Converged biases stay within the spread, because μ + b_u + b_i approximates ratings inside it.
    /// </summary>
    public static void CheckBiases(ILogger logger, BaselineBiases biases, BaselineOptions options, SparseRatings data)
    {
        if (options.Method != BaselineMethod.Sgd || !logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        foreach (float value in data.Values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        double limit = 2.0 * (max - min);
        int outside = biases.CountOutside(limit);
        if (outside > 0)
        {
            DivergedBiases(logger, outside, biases.UserBiases.Length + biases.ItemBiases.Length, limit, options.EffectiveEpochs);
        }
    }

    /// <summary>Returns <paramref name="logger"/>, for the <c>Logger</c> init accessors that reject null.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> is null.</exception>
    public static ILogger Required(ILogger logger, string propertyName)
        => logger ?? throw new ArgumentNullException(propertyName, "The logger is null. Set a logger, or leave the default NullLogger.Instance, which logs nothing.");

    /// <summary>Logs the start of a fit and returns its timer.</summary>
    public static FitTimer Start(ILogger logger, string algorithm, int userCount, int itemCount, int entryCount)
    {
        FitStarted(logger, algorithm, userCount, itemCount, entryCount);
        return new FitTimer(logger, algorithm, Stopwatch.GetTimestamp());
    }

    /// <summary>The start time of one fit, to log its end.</summary>
    internal readonly record struct FitTimer(ILogger Logger, string Algorithm, long StartTimestamp)
    {
        public void Finished(long storedBytes) => FitFinished(Logger, Algorithm, ElapsedMilliseconds, storedBytes);

        public void Canceled() => FitCanceled(Logger, Algorithm, ElapsedMilliseconds);

        private long ElapsedMilliseconds => (long)Stopwatch.GetElapsedTime(StartTimestamp).TotalMilliseconds;
    }
}

using Microsoft.Extensions.Logging;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF;

/// <summary>The fit shared by <see cref="UserKnn"/> and <see cref="ItemKnn"/>: checks, logging and the core fit.</summary>
internal static class KnnFitting
{
    public static NeighborhoodCore Fit<TUser, TItem>(
        RatingMatrix<TUser, TItem> ratings,
        KnnOptions options,
        bool userBased,
        string kind,
        ILogger logger,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        KnnNames.Check(ratings, options, userBased);
        cancellationToken.ThrowIfCancellationRequested();
        string algorithm = KnnNames.Describe(kind, options);

        var data = ratings.Core;
        var timer = FitLog.Start(logger, algorithm, data.UserCount, data.ItemCount, data.Count);
        if (logger.IsEnabled(LogLevel.Warning) && data.Count > 1 && AllEqual(data.Values))
        {
            FitLog.AllRatingsEqual(logger, data.Count, data.Values[0], algorithm);
        }

        NeighborhoodCore core;
        try
        {
            core = NeighborhoodCore.Fit(data, ratings.Scale, userBased, options, cancellationToken, progress);
        }
        catch (OperationCanceledException)
        {
            timer.Canceled();
            throw;
        }

        if (core.Biases is { } biases)
        {
            FitLog.CheckBiases(logger, biases, options.Baseline, data);
        }

        if (logger.IsEnabled(LogLevel.Warning) && !HasNeighbor(core))
        {
            FitLog.NoNeighbors(logger, algorithm, core.EntityCount, userBased ? "users" : "items");
        }

        timer.Finished(core.SimilarityBytes + core.RatingBytes);
        return core;
    }

    private static bool AllEqual(float[] values)
    {
        float first = values[0];
        foreach (float value in values)
        {
            if (value != first)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether any pair has a stored non-zero similarity. Scans the dense matrix, so call it only when warnings are enabled.</summary>
    private static bool HasNeighbor(NeighborhoodCore core)
    {
        if (core.Neighbors is { } lists)
        {
            return lists.Indices.Length > 0;
        }

        foreach (float similarity in core.DenseSimilarities!)
        {
            if (similarity != 0)
            {
                return true;
            }
        }

        return false;
    }
}

using System.Buffers;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Benchmarks.Baselines;

/// <summary>
/// The dense prediction before candidates became 64-bit keys: each usable neighbour is a
/// <see cref="NeighborhoodCore.Candidate"/> struct, the k best are picked by <see cref="NeighborhoodCore.SelectBest"/>,
/// and the weighted deviations are summed in its heap order.
/// </summary>
/// <remarks>
/// It covers the options the benchmarks fit with: a dense model, mean centring and the default fallbacks. Its
/// predictions are bit-identical to <see cref="KnnModel{TUser, TItem}.Predict"/>, because both pick the same heap in
/// the same order; <see cref="CheckAgainst"/> verifies that on given pairs.
/// </remarks>
public sealed class CandidateHeapPredictor
{
    private readonly KnnModel<int, int> _model;
    private readonly NeighborhoodCore _core;
    private readonly SparseView _view;

    /// <exception cref="NotSupportedException">The model stores neighbour lists, or its options are not the ones covered.</exception>
    public CandidateHeapPredictor(KnnModel<int, int> model)
    {
        _model = model;
        _core = model.Core;
        var options = model.Options;
        if (_core.DenseSimilarities is null
            || options.Centering != Centering.Mean
            || options.UnknownIdFallback != FallbackEstimate.TargetMean
            || options.TooFewNeighborsFallback != FallbackEstimate.TargetMean)
        {
            throw new NotSupportedException(
                "The candidate-struct baseline covers dense models with mean centring and the target-mean fallbacks only. Fit with the default options.");
        }

        _view = _core.Data.View(_core.UserBased);
    }

    /// <summary>Predicts (user, item) by their ids.</summary>
    public Prediction Predict(int user, int item)
    {
        _model.Ratings.Users.TryGetIndex(user, out int u);
        _model.Ratings.Items.TryGetIndex(item, out int i);
        return PredictIndices(u, i);
    }

    /// <summary>Throws when a prediction differs from the model's in any bit.</summary>
    /// <exception cref="InvalidOperationException">A prediction differs.</exception>
    public void CheckAgainst(IEnumerable<(int User, int Item)> pairs)
    {
        foreach (var (user, item) in pairs)
        {
            var expected = _model.Predict(user, item);
            var actual = Predict(user, item);
            if (actual != expected)
            {
                throw new InvalidOperationException(
                    $"The candidate-struct baseline predicts {actual} for ({user}, {item}) but the model predicts {expected}. The baseline no longer matches the library.");
            }
        }
    }

    private Prediction PredictIndices(int user, int item)
    {
        var options = _model.Options;
        if (user < 0 || item < 0)
        {
            var reason = user < 0 && item < 0 ? ImpossibleReason.UnknownUserAndItem
                : user < 0 ? ImpossibleReason.UnknownUser
                : ImpossibleReason.UnknownItem;
            int known = _core.UserBased ? user : item;
            return Fallback(known >= 0 ? _view.RowMeans[known] : _core.Data.GlobalMean, reason);
        }

        int x = _core.UserBased ? user : item;
        int y = _core.UserBased ? item : user;
        int start = _view.ColumnPointers[y];
        int length = _view.ColumnPointers[y + 1] - start;
        NeighborhoodCore.Candidate[]? rented = null;
        Span<NeighborhoodCore.Candidate> candidates = length <= 128
            ? stackalloc NeighborhoodCore.Candidate[128]
            : (rented = ArrayPool<NeighborhoodCore.Candidate>.Shared.Rent(length));
        try
        {
            int count = 0;
            bool positiveOnly = options.Weighting == NeighborWeighting.PositiveOnly;
            var row = _core.SimilarityRow(x);
            for (int p = start; p < start + length; p++)
            {
                int v = _view.RowIndices[p];
                float w = row[v];
                if (v == x || w == 0 || (positiveOnly && w < 0))
                {
                    continue;
                }

                candidates[count++] = new NeighborhoodCore.Candidate(v, w, _view.ColumnValues[p]);
            }

            var selected = candidates[..count];
            if (count > options.MaxNeighbors)
            {
                selected = NeighborhoodCore.SelectBest(selected, options.MaxNeighbors);
            }

            if (selected.Length < options.MinNeighbors)
            {
                return Fallback(_view.RowMeans[x], ImpossibleReason.TooFewNeighbors);
            }

            double numerator = 0;
            double denominator = 0;
            foreach (var c in selected)
            {
                double deviation = c.Rating - _view.RowMeans[c.Index];
                double divisor = 1;
                numerator += c.Weight * deviation / divisor;
                denominator += Math.Abs(c.Weight);
            }

            double estimate = _view.RowMeans[x] + (denominator > 0 ? numerator / denominator : 0);
            return new Prediction(_core.Scale.Clip(estimate), estimate, ImpossibleReason.None, selected.Length);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<NeighborhoodCore.Candidate>.Shared.Return(rented);
            }
        }
    }

    private Prediction Fallback(double estimate, ImpossibleReason reason) => new(_core.Scale.Clip(estimate), estimate, reason, 0);
}

using System.Buffers;

namespace NewRetail.CF.Internals;

/// <summary>
/// Index-level neighbourhood prediction, shared by the user-based and item-based models. "x" is the entity whose
/// neighbours are used (the user for user-based, the item for item-based) and "y" is the other side.
/// </summary>
internal sealed class NeighborhoodCore
{
    private readonly SparseView _view;
    private readonly float[] _similarities;
    private readonly int _n;
    private readonly KnnOptions _options;
    private readonly BaselineBiases? _biases;
    private readonly double[]? _sigmas;
    private readonly double _globalMean;

    public NeighborhoodCore(SparseRatings data, Data.RatingScale scale, bool userBased, KnnOptions options, CancellationToken cancellationToken)
    {
        Data = data;
        Scale = scale;
        UserBased = userBased;
        _options = options;
        _view = data.View(userBased);
        _n = _view.RowCount;
        _globalMean = data.GlobalMean;

        // 1. Baselines, when centring, similarity or a fallback reads them.
        if (options.NeedsBaselines)
        {
            _biases = BaselineBiases.Fit(data, options.Baseline, cancellationToken);
        }

        // 2. Standard deviations for z-score centring.
        if (options.Centering == Centering.ZScore)
        {
            _sigmas = StandardDeviations(_view, data);
        }

        // 3. All pairwise similarities.
        _similarities = SimilarityEngine.ComputeDense(
            _view,
            options.Similarity,
            options.EffectiveMinSupport,
            options.Shrinkage,
            _biases,
            userBased,
            options.MaxDegreeOfParallelism,
            cancellationToken);
    }

    public SparseRatings Data { get; }

    public bool UserBased { get; }

    public KnnOptions Options => _options;

    public int EntityCount => _n;

    public float Similarity(int a, int b) => a == b ? 0f : _similarities[((long)a * _n) + b];

    public ReadOnlySpan<float> SimilarityRow(int a) => _similarities.AsSpan((int)((long)a * _n), _n);

    /// <summary>Predicts (user, item); a negative index means the id is unknown.</summary>
    public Prediction Predict(int user, int item)
    {
        if (user < 0 || item < 0)
        {
            var reason = user < 0 && item < 0 ? ImpossibleReason.UnknownUserAndItem
                : user < 0 ? ImpossibleReason.UnknownUser
                : ImpossibleReason.UnknownItem;
            return Fallback(_options.UnknownIdFallback, user, item, reason);
        }

        int x = UserBased ? user : item;
        int y = UserBased ? item : user;
        int start = _view.ColumnPointers[y];
        int length = _view.ColumnPointers[y + 1] - start;
        int k = _options.MaxNeighbors;

        Candidate[]? rented = null;
        Span<Candidate> candidates = length <= 128
            ? stackalloc Candidate[128]
            : (rented = ArrayPool<Candidate>.Shared.Rent(length));
        try
        {
            // 1. Candidates: entities that rated y, other than x, with a usable similarity.
            int count = 0;
            bool positiveOnly = _options.Weighting == NeighborWeighting.PositiveOnly;
            var row = SimilarityRow(x);
            for (int p = start; p < start + length; p++)
            {
                int v = _view.RowIndices[p];
                float w = row[v];
                if (v == x || w == 0 || (positiveOnly && w < 0))
                {
                    continue;
                }

                candidates[count++] = new Candidate(v, w, _view.ColumnValues[p]);
            }

            // 2. Keep the k most similar: highest similarity first, ties by index, which follows id order.
            var selected = candidates[..count];
            if (count > k)
            {
                selected.Sort(static (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Index.CompareTo(b.Index));
                selected = selected[..k];
            }

            if (selected.Length < _options.MinNeighbors || (selected.Length == 0 && _options.Centering == Centering.None))
            {
                return Fallback(_options.TooFewNeighborsFallback, user, item, ImpossibleReason.TooFewNeighbors);
            }

            // 3. Aggregate.
            double numerator = 0;
            double denominator = 0;
            double estimate;
            switch (_options.Centering)
            {
                case Centering.None:
                    foreach (var c in selected)
                    {
                        numerator += c.Weight * (double)c.Rating;
                        denominator += Math.Abs(c.Weight);
                    }

                    estimate = numerator / denominator;
                    break;

                case Centering.Mean:
                    foreach (var c in selected)
                    {
                        numerator += c.Weight * (c.Rating - _view.RowMeans[c.Index]);
                        denominator += Math.Abs(c.Weight);
                    }

                    estimate = _view.RowMeans[x] + (denominator > 0 ? numerator / denominator : 0);
                    break;

                case Centering.ZScore:
                    foreach (var c in selected)
                    {
                        numerator += c.Weight * (c.Rating - _view.RowMeans[c.Index]) / _sigmas![c.Index];
                        denominator += Math.Abs(c.Weight);
                    }

                    estimate = _view.RowMeans[x] + (denominator > 0 ? _sigmas![x] * numerator / denominator : 0);
                    break;

                default:
                    var (rowBiases, columnBiases) = BiasesOfView();
                    foreach (var c in selected)
                    {
                        double neighborBaseline = _biases!.GlobalMean + rowBiases[c.Index] + columnBiases[y];
                        numerator += c.Weight * (c.Rating - neighborBaseline);
                        denominator += Math.Abs(c.Weight);
                    }

                    estimate = _biases!.GlobalMean + rowBiases[x] + columnBiases[y] + (denominator > 0 ? numerator / denominator : 0);
                    break;
            }

            return new Prediction(Scale.Clip(estimate), estimate, ImpossibleReason.None, selected.Length);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<Candidate>.Shared.Return(rented);
            }
        }
    }

    public Data.RatingScale Scale { get; }

    private (double[] Row, double[] Column) BiasesOfView()
        => UserBased ? (_biases!.UserBiases, _biases.ItemBiases) : (_biases!.ItemBiases, _biases.UserBiases);

    private Prediction Fallback(FallbackEstimate kind, int user, int item, ImpossibleReason reason)
    {
        int x = UserBased ? user : item;
        double estimate = kind switch
        {
            FallbackEstimate.GlobalMean => _globalMean,
            FallbackEstimate.UserMean => user >= 0 ? Data.UserMeans[user] : _globalMean,
            FallbackEstimate.ItemMean => item >= 0 ? Data.ItemMeans[item] : _globalMean,
            FallbackEstimate.Baseline => _biases!.GlobalMean
                + (user >= 0 ? _biases.UserBiases[user] : 0)
                + (item >= 0 ? _biases.ItemBiases[item] : 0),
            _ => x >= 0 ? _view.RowMeans[x] : _globalMean,
        };
        return new Prediction(Scale.Clip(estimate), estimate, reason, 0);
    }

    private static double[] StandardDeviations(SparseView view, SparseRatings data)
    {
        // Population standard deviation of all ratings, used for an entity whose own is 0.
        double sumSquares = 0;
        foreach (float value in data.Values)
        {
            double d = value - data.GlobalMean;
            sumSquares += d * d;
        }

        double overall = data.Count == 0 ? 1 : Math.Sqrt(sumSquares / data.Count);
        var sigmas = new double[view.RowCount];
        for (int r = 0; r < view.RowCount; r++)
        {
            double sum = 0;
            int count = view.RowPointers[r + 1] - view.RowPointers[r];
            for (int k = view.RowPointers[r]; k < view.RowPointers[r + 1]; k++)
            {
                double d = view.Values[k] - view.RowMeans[r];
                sum += d * d;
            }

            double sigma = count == 0 ? 0 : Math.Sqrt(sum / count);
            sigmas[r] = sigma > 0 ? sigma : (overall > 0 ? overall : 1);
        }

        return sigmas;
    }

    private readonly record struct Candidate(int Index, float Weight, float Rating);
}

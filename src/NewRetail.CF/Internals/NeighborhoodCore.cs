using System.Buffers;

namespace NewRetail.CF.Internals;

/// <summary>
/// Index-level neighbourhood prediction, shared by the user-based and item-based models. "x" is the entity whose
/// neighbours are used (the user for user-based, the item for item-based) and "y" is the other side.
/// </summary>
internal sealed class NeighborhoodCore
{
    private readonly SparseView _view;
    private readonly float[]? _similarities;
    private readonly NeighborLists? _neighbors;
    private readonly int _n;
    private readonly KnnOptions _options;
    private readonly BaselineBiases? _biases;
    private readonly double[]? _sigmas;
    private readonly double _globalMean;

    /// <summary>Assembles a core from fitted parts: exactly one of <paramref name="similarities"/> and <paramref name="neighbors"/> is set.</summary>
    /// <remarks>Standard deviations for z-score centring are derived from <paramref name="data"/>, as a fit does.</remarks>
    public NeighborhoodCore(
        SparseRatings data,
        Data.RatingScale scale,
        bool userBased,
        KnnOptions options,
        BaselineBiases? biases,
        float[]? similarities,
        NeighborLists? neighbors)
    {
        if ((similarities is null) == (neighbors is null))
        {
            throw new ArgumentException("Exactly one of the dense similarities and the neighbour lists must be given.");
        }

        Data = data;
        Scale = scale;
        UserBased = userBased;
        _options = options;
        _view = data.View(userBased);
        _n = _view.RowCount;
        _globalMean = data.GlobalMean;
        _biases = biases;
        _similarities = similarities;
        _neighbors = neighbors;
        if (options.Centering == Centering.ZScore)
        {
            _sigmas = StandardDeviations(_view, data);
        }
    }

    /// <summary>Fits a core: baselines when the options read them, then all similarities or the stored neighbour lists.</summary>
    public static NeighborhoodCore Fit(SparseRatings data, Data.RatingScale scale, bool userBased, KnnOptions options, CancellationToken cancellationToken)
    {
        var view = data.View(userBased);

        // 1. Baselines, when centring, similarity or a fallback reads them.
        var biases = options.NeedsBaselines ? BaselineBiases.Fit(data, options.Baseline, cancellationToken) : null;

        // 2. All pairwise similarities, or the most similar neighbours of each entity.
        if (options.MaxStoredNeighbors is int maxStored)
        {
            var neighbors = SimilarityEngine.ComputeTruncated(
                view,
                options.Similarity,
                options.EffectiveMinSupport,
                options.Shrinkage,
                biases,
                userBased,
                maxStored,
                SimilarityEngine.ParallelOptionsFor(options.MaxDegreeOfParallelism, cancellationToken),
                options.AllowPackedSums);
            return new NeighborhoodCore(data, scale, userBased, options, biases, similarities: null, neighbors);
        }

        var similarities = SimilarityEngine.ComputeDense(
            view,
            options.Similarity,
            options.EffectiveMinSupport,
            options.Shrinkage,
            biases,
            userBased,
            options.MaxDegreeOfParallelism,
            cancellationToken,
            options.AllowPackedSums,
            options.AllowVectorFinish);
        return new NeighborhoodCore(data, scale, userBased, options, biases, similarities, neighbors: null);
    }

    /// <summary>The baselines, or null when the options read none.</summary>
    public BaselineBiases? Biases => _biases;

    /// <summary>The dense similarity matrix, row-major, or null when the model stores neighbour lists.</summary>
    public float[]? DenseSimilarities => _similarities;

    public SparseRatings Data { get; }

    public bool UserBased { get; }

    public KnnOptions Options => _options;

    public int EntityCount => _n;

    /// <summary>The stored neighbour lists, or null when the model stores the dense matrix.</summary>
    public NeighborLists? Neighbors => _neighbors;

    /// <summary>The bytes of the stored similarities: the dense matrix, or the neighbour lists.</summary>
    public long SimilarityBytes => _similarities is not null ? (long)_similarities.Length * sizeof(float) : _neighbors!.Bytes;

    /// <summary>
    /// The bytes of the rating arrays: CSR and CSC with values, the position map (both directions for an item-based
    /// model), means, and baselines if any.
    /// </summary>
    public long RatingBytes
    {
        get
        {
            long entries = Data.Count;
            long bytes = (entries * ((sizeof(int) + sizeof(float)) * 2 + sizeof(int)))
                + ((Data.UserCount + Data.ItemCount + 2L) * sizeof(int))
                + ((Data.UserCount + Data.ItemCount) * (long)sizeof(double));
            bytes += UserBased ? 0 : entries * sizeof(int);
            return bytes + (_biases is null ? 0 : (Data.UserCount + Data.ItemCount) * (long)sizeof(double));
        }
    }

    public float Similarity(int a, int b)
    {
        if (a == b)
        {
            return 0f;
        }

        if (_similarities is not null)
        {
            return _similarities[((long)a * _n) + b];
        }

        int position = _neighbors!.IndicesOf(a).IndexOf(b);
        return position < 0 ? 0f : _neighbors.WeightsOf(a)[position];
    }

    /// <summary>Returns row <paramref name="a"/> of the dense matrix. Only for a model without <see cref="Neighbors"/>.</summary>
    public ReadOnlySpan<float> SimilarityRow(int a) => _similarities.AsSpan(a * _n, _n);

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
        if (_neighbors is not null)
        {
            return PredictFromLists(user, item, x, y);
        }

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
                selected = SelectBest(selected, k);
            }

            if (selected.Length < _options.MinNeighbors || (selected.Length == 0 && _options.Centering == Centering.None))
            {
                return Fallback(_options.TooFewNeighborsFallback, user, item, ImpossibleReason.TooFewNeighbors);
            }

            // 3. Aggregate, in candidate order, with the same arithmetic as the vectorised top-N path.
            double numerator = 0;
            double denominator = 0;
            foreach (var c in selected)
            {
                var (deviation, divisor) = Deviation(c.Index, y, c.Rating);
                numerator += c.Weight * deviation / divisor;
                denominator += Math.Abs(c.Weight);
            }

            double estimate = Estimate(x, y, numerator, denominator);
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

    /// <summary>
    /// Predicts from the stored neighbour lists: walks x's neighbours, most similar first, and uses the first k that
    /// rated y. The lists are sorted at fit time, so nothing is selected here.
    /// </summary>
    private Prediction PredictFromLists(int user, int item, int x, int y)
    {
        var neighbors = _neighbors!.IndicesOf(x);
        var weights = _neighbors.WeightsOf(x);
        bool positiveOnly = _options.Weighting == NeighborWeighting.PositiveOnly;
        int k = _options.MaxNeighbors;
        int used = 0;
        double numerator = 0;
        double denominator = 0;
        for (int t = 0; t < neighbors.Length && used < k; t++)
        {
            float w = weights[t];
            if (positiveOnly && w < 0)
            {
                // Sorted highest first, so every later weight is negative too.
                break;
            }

            int v = neighbors[t];
            int start = _view.RowPointers[v];
            int position = Array.BinarySearch(_view.ColumnIndices, start, _view.RowPointers[v + 1] - start, y);
            if (position < 0)
            {
                continue;
            }

            var (deviation, divisor) = Deviation(v, y, _view.Values[position]);
            numerator += w * deviation / divisor;
            denominator += Math.Abs(w);
            used++;
        }

        if (used < _options.MinNeighbors || (used == 0 && _options.Centering == Centering.None))
        {
            return Fallback(_options.TooFewNeighborsFallback, user, item, ImpossibleReason.TooFewNeighbors);
        }

        double estimate = Estimate(x, y, numerator, denominator);
        return new Prediction(Scale.Clip(estimate), estimate, ImpossibleReason.None, used);
    }

    /// <summary>
    /// The neighbour term of one rating r(v, y): its deviation from the centring base of v, and the divisor
    /// (σ(v) for z-scores, otherwise 1, which divides exactly).
    /// </summary>
    private (double Deviation, double Divisor) Deviation(int v, int y, float rating)
    {
        switch (_options.Centering)
        {
            case Centering.None:
                return (rating, 1);
            case Centering.Mean:
                return (rating - _view.RowMeans[v], 1);
            case Centering.ZScore:
                return (rating - _view.RowMeans[v], _sigmas![v]);
            default:
                var (rowBiases, columnBiases) = BiasesOfView();
                return (rating - (_biases!.GlobalMean + rowBiases[v] + columnBiases[y]), 1);
        }
    }

    /// <summary>Turns the weighted sums of x's neighbours into the estimate for (x, y).</summary>
    private double Estimate(int x, int y, double numerator, double denominator)
    {
        double share = denominator > 0 ? numerator / denominator : 0;
        switch (_options.Centering)
        {
            case Centering.None:
                return numerator / denominator;
            case Centering.Mean:
                return _view.RowMeans[x] + share;
            case Centering.ZScore:
                return _view.RowMeans[x] + (denominator > 0 ? _sigmas![x] * numerator / denominator : 0);
            default:
                var (rowBiases, columnBiases) = BiasesOfView();
                return _biases!.GlobalMean + rowBiases[x] + columnBiases[y] + share;
        }
    }

    /// <summary>
    /// Scores every item for one user of an item-based model and adds the possible ones to <paramref name="scores"/>.
    /// </summary>
    /// <remarks>
    /// <para>Each item the user rated adds its similarity row to per-item sums with a vector kernel. An item with at most
    /// k usable neighbours uses all of them, in the user's item order, exactly as <see cref="Predict"/> does, so its
    /// score is bit-identical. An item with more than k needs the top-k selection and goes through <see cref="Predict"/>.</para>
    /// </remarks>
    public void ScoreAllItems(int user, bool excludeRated, ref TopSelector scores)
    {
        if (UserBased)
        {
            throw new InvalidOperationException("Vectorised scoring of all items needs an item-based model.");
        }

        if (_neighbors is not null)
        {
            ScoreAllItemsFromLists(user, excludeRated, ref scores);
            return;
        }

        int itemCount = _n;
        var numerator = System.Buffers.ArrayPool<double>.Shared.Rent(itemCount);
        var denominator = System.Buffers.ArrayPool<double>.Shared.Rent(itemCount);
        var count = System.Buffers.ArrayPool<double>.Shared.Rent(itemCount);
        try
        {
            var num = numerator.AsSpan(0, itemCount);
            var den = denominator.AsSpan(0, itemCount);
            var cnt = count.AsSpan(0, itemCount);
            num.Clear();
            den.Clear();
            cnt.Clear();

            // 1. One vector pass per rated item j over row j of the symmetric similarity matrix.
            bool positiveOnly = _options.Weighting == NeighborWeighting.PositiveOnly;
            int start = Data.RowPointers[user];
            int end = Data.RowPointers[user + 1];
            for (int k = start; k < end; k++)
            {
                int j = Data.ColumnIndices[k];
                var (deviation, divisor) = Deviation(j, user, Data.Values[k]);
                Kernels.NeighborSumKernel.Accumulate(SimilarityRow(j), deviation, divisor, positiveOnly, num, den, cnt);
            }

            // 2. Finish each candidate item.
            int rated = start;
            for (int i = 0; i < itemCount; i++)
            {
                while (rated < end && Data.ColumnIndices[rated] < i)
                {
                    rated++;
                }

                if (excludeRated && rated < end && Data.ColumnIndices[rated] == i)
                {
                    continue;
                }

                int neighbors = (int)cnt[i];
                if (neighbors > _options.MaxNeighbors)
                {
                    var prediction = Predict(user, i);
                    if (!prediction.Impossible)
                    {
                        scores.Add(i, prediction.Raw);
                    }

                    continue;
                }

                if (neighbors < _options.MinNeighbors || (neighbors == 0 && _options.Centering == Centering.None))
                {
                    continue;
                }

                scores.Add(i, Estimate(i, user, num[i], den[i]));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(numerator);
            System.Buffers.ArrayPool<double>.Shared.Return(denominator);
            System.Buffers.ArrayPool<double>.Shared.Return(count);
        }
    }

    /// <summary>
    /// Scores every item from the stored neighbour lists, with the result of <see cref="PredictFromLists"/> bit for bit.
    /// </summary>
    /// <remarks>
    /// Walking every item's list would cost n·M per user. Instead each item j the user rated looks up, in the reverse
    /// index, the lists that contain it, which costs about |rated|·M. The hits of one item are then summed in list
    /// order, as the walk would meet them, and cut at k.
    /// </remarks>
    private void ScoreAllItemsFromLists(int user, bool excludeRated, ref TopSelector scores)
    {
        var lists = _neighbors!;
        int itemCount = _n;
        bool positiveOnly = _options.Weighting == NeighborWeighting.PositiveOnly;
        int start = Data.RowPointers[user];
        int end = Data.RowPointers[user + 1];

        // 1. Count the usable hits of every item.
        var hitStarts = ArrayPool<int>.Shared.Rent(itemCount + 1);
        var cursors = ArrayPool<int>.Shared.Rent(itemCount);
        int[]? positions = null;
        double[]? contributions = null;
        try
        {
            var starts = hitStarts.AsSpan(0, itemCount + 1);
            starts.Clear();
            for (int k = start; k < end; k++)
            {
                int j = Data.ColumnIndices[k];
                for (int r = lists.ReversePointers[j]; r < lists.ReversePointers[j + 1]; r++)
                {
                    if (!positiveOnly || lists.Weights[lists.ReversePositions[r]] > 0)
                    {
                        starts[lists.ReverseOwners[r] + 1]++;
                    }
                }
            }

            for (int i = 0; i < itemCount; i++)
            {
                starts[i + 1] += starts[i];
            }

            // 2. Place each hit: its list position, which orders it, and its term w·deviation / divisor.
            int total = starts[itemCount];
            positions = ArrayPool<int>.Shared.Rent(Math.Max(total, 1));
            contributions = ArrayPool<double>.Shared.Rent(Math.Max(total, 1));
            starts[..itemCount].CopyTo(cursors);
            for (int k = start; k < end; k++)
            {
                int j = Data.ColumnIndices[k];
                var (deviation, divisor) = Deviation(j, user, Data.Values[k]);
                for (int r = lists.ReversePointers[j]; r < lists.ReversePointers[j + 1]; r++)
                {
                    int p = lists.ReversePositions[r];
                    float w = lists.Weights[p];
                    if (positiveOnly && w <= 0)
                    {
                        continue;
                    }

                    int slot = cursors[lists.ReverseOwners[r]]++;
                    positions[slot] = p;
                    contributions[slot] = w * deviation / divisor;
                }
            }

            // 3. Each item: its first k hits in list order.
            int rated = start;
            for (int i = 0; i < itemCount; i++)
            {
                while (rated < end && Data.ColumnIndices[rated] < i)
                {
                    rated++;
                }

                if (excludeRated && rated < end && Data.ColumnIndices[rated] == i)
                {
                    continue;
                }

                var hitPositions = positions.AsSpan(starts[i], starts[i + 1] - starts[i]);
                var hitContributions = contributions.AsSpan(starts[i], hitPositions.Length);
                SortByPosition(hitPositions, hitContributions);
                int used = Math.Min(hitPositions.Length, _options.MaxNeighbors);
                double numerator = 0;
                double denominator = 0;
                for (int t = 0; t < used; t++)
                {
                    numerator += hitContributions[t];
                    denominator += Math.Abs(lists.Weights[hitPositions[t]]);
                }

                if (used < _options.MinNeighbors || (used == 0 && _options.Centering == Centering.None))
                {
                    continue;
                }

                scores.Add(i, Estimate(i, user, numerator, denominator));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(hitStarts);
            ArrayPool<int>.Shared.Return(cursors);
            if (positions is not null)
            {
                ArrayPool<int>.Shared.Return(positions);
            }

            if (contributions is not null)
            {
                ArrayPool<double>.Shared.Return(contributions);
            }
        }
    }

    /// <summary>Sorts hits by list position. An item has few hits, so insertion sort beats a general sort there.</summary>
    private static void SortByPosition(Span<int> positions, Span<double> contributions)
    {
        if (positions.Length > 16)
        {
            positions.Sort(contributions);
            return;
        }

        for (int t = 1; t < positions.Length; t++)
        {
            int position = positions[t];
            double contribution = contributions[t];
            int u = t - 1;
            while (u >= 0 && positions[u] > position)
            {
                positions[u + 1] = positions[u];
                contributions[u + 1] = contributions[u];
                u--;
            }

            positions[u + 1] = position;
            contributions[u + 1] = contribution;
        }
    }

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

    /// <summary>
    /// Moves the <paramref name="k"/> best candidates (highest weight, ties by lower index) to the front in O(n log k)
    /// with a bounded heap whose root is the worst candidate kept so far, and returns them in heap order.
    /// </summary>
    internal static Span<Candidate> SelectBest(Span<Candidate> candidates, int k)
    {
        var heap = candidates[..k];
        for (int start = (k / 2) - 1; start >= 0; start--)
        {
            SiftDown(heap, start);
        }

        for (int c = k; c < candidates.Length; c++)
        {
            if (IsBetter(candidates[c], heap[0]))
            {
                heap[0] = candidates[c];
                SiftDown(heap, 0);
            }
        }

        return heap;
    }

    private static void SiftDown(Span<Candidate> heap, int position)
    {
        var item = heap[position];
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= heap.Length)
            {
                break;
            }

            // Follow the worse child, so the root stays the worst candidate kept.
            if (child + 1 < heap.Length && IsBetter(heap[child], heap[child + 1]))
            {
                child++;
            }

            if (!IsBetter(item, heap[child]))
            {
                break;
            }

            heap[position] = heap[child];
            position = child;
        }

        heap[position] = item;
    }

    private static bool IsBetter(in Candidate a, in Candidate b) => a.Weight > b.Weight || (a.Weight == b.Weight && a.Index < b.Index);

    internal readonly record struct Candidate(int Index, float Weight, float Rating);
}

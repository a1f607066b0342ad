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
    /// <remarks><paramref name="progress"/> gets the <see cref="FitStage.Baselines"/> and <see cref="FitStage.Similarities"/> stages.</remarks>
    public static NeighborhoodCore Fit(SparseRatings data, Data.RatingScale scale, bool userBased, KnnOptions options, CancellationToken cancellationToken, IProgress<FitProgress>? progress = null)
    {
        var view = data.View(userBased);

        // 1. Baselines, when centring, similarity or a fallback reads them.
        var biases = options.NeedsBaselines ? BaselineBiases.Fit(data, options.Baseline, cancellationToken, progress) : null;

        // 2. All pairwise similarities, or the most similar neighbours of each entity.
        var rows = StageProgress.Start(progress, FitStage.Similarities, view.RowCount);
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
                options.AllowPackedSums,
                rows);
            rows?.Complete();
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
            rows,
            options.AllowVectorKernels);
        rows?.Complete();
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
        if (user < 0 || item < 0 || _neighbors is not null)
        {
            return PredictWithBuffer(user, item, []);
        }

        int y = UserBased ? item : user;
        int length = _view.ColumnPointers[y + 1] - _view.ColumnPointers[y];
        long[]? rented = null;
        Span<long> keys = length <= 128
            ? stackalloc long[128]
            : (rented = ArrayPool<long>.Shared.Rent(length));
        try
        {
            return PredictWithBuffer(user, item, keys);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<long>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Predicts every pair (users[p], items[p]) into position p of the result, each exactly as <see cref="Predict"/>
    /// does. A negative index means the id is unknown.
    /// </summary>
    /// <remarks>
    /// Pairs are visited grouped by x, so that consecutive predictions read the same similarity row, and the groups are
    /// shared among up to <see cref="KnnOptions.MaxDegreeOfParallelism"/> threads. Every prediction depends only on
    /// its own pair, so the results do not depend on the order or on the number of threads.
    /// </remarks>
    public Prediction[] PredictMany(ReadOnlySpan<int> users, ReadOnlySpan<int> items)
    {
        if (users.Length != items.Length)
        {
            throw new ArgumentException($"There are {users.Length} users for {items.Length} items. Pass one user per item.", nameof(items));
        }

        int count = users.Length;
        var results = new Prediction[count];
        if (count == 0)
        {
            return results;
        }

        // 1. Order the pairs by x with a counting sort. A pair with an unknown id goes first, in bucket 0.
        var buckets = new int[_n + 2];
        for (int p = 0; p < count; p++)
        {
            buckets[BucketOf(users[p], items[p]) + 1]++;
        }

        for (int b = 0; b <= _n; b++)
        {
            buckets[b + 1] += buckets[b];
        }

        var order = new int[count];
        for (int p = 0; p < count; p++)
        {
            order[buckets[BucketOf(users[p], items[p])]++] = p;
        }

        // 2. Predict in chunks of consecutive pairs, each worker with its own candidate buffer.
        int bufferLength = _neighbors is null ? LongestColumn() : 0;
        var userArray = users.ToArray();
        var itemArray = items.ToArray();
        int chunks = (count + PredictionChunk - 1) / PredictionChunk;
        Parallel.For(
            0,
            chunks,
            SimilarityEngine.ParallelOptionsFor(_options.MaxDegreeOfParallelism, CancellationToken.None),
            () => new long[bufferLength],
            (chunk, _, keys) =>
            {
                int end = Math.Min((chunk + 1) * PredictionChunk, count);
                for (int t = chunk * PredictionChunk; t < end; t++)
                {
                    int p = order[t];
                    results[p] = PredictWithBuffer(userArray[p], itemArray[p], keys);
                }

                return keys;
            },
            _ => { });
        return results;
    }

    /// <summary>The number of pairs one worker predicts at a time in <see cref="PredictMany"/>.</summary>
    private const int PredictionChunk = 256;

    /// <summary>Returns the counting-sort bucket of a pair: x + 1, or 0 when an id is unknown.</summary>
    private int BucketOf(int user, int item) => user < 0 || item < 0 ? 0 : (UserBased ? user : item) + 1;

    /// <summary>Returns the length of the longest column of the view, the most candidates one prediction can have.</summary>
    private int LongestColumn()
    {
        int longest = 0;
        for (int y = 0; y < _view.ColumnCount; y++)
        {
            longest = Math.Max(longest, _view.ColumnPointers[y + 1] - _view.ColumnPointers[y]);
        }

        return longest;
    }

    /// <summary>
    /// Predicts (user, item). <paramref name="keys"/> is scratch space for the candidates of the dense mode, at least
    /// as long as the column of y. Only the dense mode reads it.
    /// </summary>
    private Prediction PredictWithBuffer(int user, int item, Span<long> keys)
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
        int end = _view.ColumnPointers[y + 1];
        int k = _options.MaxNeighbors;

        // 1. Candidates: entities that rated y, other than x, with a usable similarity. Each is one key that orders
        //    it as IsBetter does and names its position in the column. Every key is written, but the count advances
        //    only past a usable one, because a branch on a similarity being 0 would often be mispredicted.
        int count = 0;
        float lowest = _options.Weighting == NeighborWeighting.PositiveOnly ? 0f : float.NegativeInfinity;
        var row = SimilarityRow(x);
        var rowIndices = _view.RowIndices;
        keys = keys[..(end - start)];
        for (int p = start; p < end; p++)
        {
            int v = rowIndices[p];
            float w = row[v];
            keys[count] = CandidateKey(w, p - start);
            count += (v != x) & (w != 0) & !(w < lowest) ? 1 : 0;
        }

        // 2. Keep the k most similar: highest similarity first, ties by index, which follows id order.
        var selected = keys[..count];
        if (count > k)
        {
            selected = SelectBestKeys(selected, k);
        }

        if (selected.Length < _options.MinNeighbors || (selected.Length == 0 && _options.Centering == Centering.None))
        {
            return Fallback(_options.TooFewNeighborsFallback, user, item, ImpossibleReason.TooFewNeighbors);
        }

        // 3. Aggregate with the same arithmetic as the vectorised top-N path: in column order when every candidate is
        //    kept, else in the heap order of the selection.
        double numerator = 0;
        double denominator = 0;
        foreach (long key in selected)
        {
            int p = start + PositionOfKey(key);
            float w = WeightOfKey(key);
            var (deviation, divisor) = Deviation(rowIndices[p], y, _view.ColumnValues[p]);
            numerator += w * deviation / divisor;
            denominator += Math.Abs(w);
        }

        double estimate = Estimate(x, y, numerator, denominator);
        return new Prediction(Scale.Clip(estimate), estimate, ImpossibleReason.None, selected.Length);
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

    /// <summary>
    /// Packs a candidate into one 64-bit key: the similarity's bits made order-preserving in the high half, and the
    /// complement of its position in the column in the low half. For two candidates of one column, key a &gt; key b
    /// exactly when <see cref="IsBetter"/>(a, b), because positions in a column follow the entity index.
    /// </summary>
    /// <remarks>
    /// Only keys of usable candidates are compared, and their weight is never 0 or NaN, because a fit maps every
    /// undefined similarity to 0. Flipping the magnitude bits of a negative float makes the signed integer order the
    /// float order.
    /// </remarks>
    internal static long CandidateKey(float weight, int position)
    {
        // The mask is all ones below the sign bit for a negative float and 0 otherwise, which avoids a branch on a
        // sign that is unpredictable.
        int bits = BitConverter.SingleToInt32Bits(weight);
        int ordered = bits ^ ((bits >> 31) & int.MaxValue);
        return ((long)ordered << 32) | (uint)~position;
    }

    /// <summary>Returns the similarity packed by <see cref="CandidateKey"/>.</summary>
    internal static float WeightOfKey(long key)
    {
        int ordered = (int)(key >> 32);
        return BitConverter.Int32BitsToSingle(ordered ^ ((ordered >> 31) & int.MaxValue));
    }

    /// <summary>Returns the position in the column packed by <see cref="CandidateKey"/>.</summary>
    internal static int PositionOfKey(long key) => ~(int)key;

    /// <summary>
    /// Moves the <paramref name="k"/> highest keys to the front and returns them in heap order. The steps are those of
    /// <see cref="SelectBest"/> with the key order in place of <see cref="IsBetter"/>, so the heap order, which the
    /// prediction sums in, is the same.
    /// </summary>
    /// <remarks>One integer comparison replaces the two float and integer comparisons of a candidate.</remarks>
    internal static Span<long> SelectBestKeys(Span<long> keys, int k)
    {
        var heap = keys[..k];
        for (int start = (k / 2) - 1; start >= 0; start--)
        {
            SiftDownKey(heap, start);
        }

        long worst = heap[0];
        for (int c = k; c < keys.Length; c++)
        {
            if (keys[c] > worst)
            {
                heap[0] = keys[c];
                SiftDownKey(heap, 0);
                worst = heap[0];
            }
        }

        return heap;
    }

    private static void SiftDownKey(Span<long> heap, int position)
    {
        long item = heap[position];
        int length = heap.Length;
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= length)
            {
                break;
            }

            // Follow the worse (lower) child, so the root stays the worst key kept. The choice is made without a
            // branch, because which child is lower is a coin toss. A missing right child counts as the highest key.
            long left = heap[child];
            long right = child + 1 < length ? heap[child + 1] : long.MaxValue;
            bool rightIsWorse = right < left;
            long worse = rightIsWorse ? right : left;
            child += rightIsWorse ? 1 : 0;
            if (item <= worse)
            {
                break;
            }

            heap[position] = worse;
            position = child;
        }

        heap[position] = item;
    }

    internal readonly record struct Candidate(int Index, float Weight, float Rating);
}

using NewRetail.CF.Implicit.Internals.Kernels;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// The entities being compared (items for an item-based model, users for a user-based one) described by their features
/// (the other side), with the weighted values, feature factors and per-entity sums that the similarity formulas need.
/// </summary>
/// <remarks>
/// <para>Every value is stored once by entity and once by feature, each computed by <see cref="Weigh"/> from the same
/// inputs, so both copies hold the same float.</para>
/// <para>Immutable after construction and safe to share between threads.</para>
/// </remarks>
internal sealed class SimilaritySpace
{
    private readonly ImplicitSimilarity _similarity;
    private readonly InteractionWeighting _weighting;
    private readonly double _k1;
    private readonly double _b;
    private readonly double _alpha;
    private readonly double[] _inverseDocumentFrequencies;
    private readonly double _averageLength;
    private readonly double[] _norms;
    private readonly double[] _sizes;
    private readonly double[] _dampedSizes;

    public SimilaritySpace(PositiveEntries entries, bool userBased, ImplicitKnnOptions options)
    {
        _similarity = options.Similarity;
        _weighting = options.UsesSets ? InteractionWeighting.None : options.Weighting;
        _k1 = options.K1;
        _b = options.B;
        _alpha = options.Alpha;
        CountsOnly = options.UsesSets;

        (EntityPointers, EntityFeatures, float[] entityRaw) = userBased
            ? (entries.UserPointers, entries.UserItems, entries.UserValues)
            : (entries.ItemPointers, entries.ItemUsers, entries.ItemValues);
        (FeaturePointers, FeatureEntities, float[] featureRaw) = userBased
            ? (entries.ItemPointers, entries.ItemUsers, entries.ItemValues)
            : (entries.UserPointers, entries.UserItems, entries.UserValues);
        int entityCount = EntityCount;
        int featureCount = FeaturePointers.Length - 1;

        // 1. Per feature: document frequency df (the number of entities it has), idf and the inverse-frequency factor.
        _inverseDocumentFrequencies = new double[featureCount];
        FeatureFactors = new double[featureCount];
        for (int f = 0; f < featureCount; f++)
        {
            int df = FeaturePointers[f + 1] - FeaturePointers[f];
            _inverseDocumentFrequencies[f] = Math.Log(entityCount) - Math.Log(1 + df);
            FeatureFactors[f] = options.InverseFrequency ? 0 : 1;
            if (df > 0)
            {
                ActiveFeatureCount++;
                if (options.InverseFrequency)
                {
                    FeatureFactors[f] = 1 / Math.Log(1 + df);
                }
            }
        }

        // 2. Per entity: the document length of BM25, and its mean over all entities.
        var lengths = new double[entityCount];
        double totalLength = 0;
        for (int e = 0; e < entityCount; e++)
        {
            double length = 0;
            for (int p = EntityPointers[e]; p < EntityPointers[e + 1]; p++)
            {
                length += entityRaw[p];
            }

            lengths[e] = length;
            totalLength += length;
        }

        _averageLength = totalLength / entityCount;

        // 3. Weighted values, by entity and by feature.
        EntityValues = new float[entityRaw.Length];
        for (int e = 0; e < entityCount; e++)
        {
            for (int p = EntityPointers[e]; p < EntityPointers[e + 1]; p++)
            {
                EntityValues[p] = Weigh(entityRaw[p], lengths[e], EntityFeatures[p]);
            }
        }

        FeatureValues = new float[featureRaw.Length];
        for (int f = 0; f < featureCount; f++)
        {
            for (int p = FeaturePointers[f]; p < FeaturePointers[f + 1]; p++)
            {
                FeatureValues[p] = Weigh(featureRaw[p], lengths[FeatureEntities[p]], f);
            }
        }

        // 4. Per entity: the norm of the cosine and the (damped) set size.
        _norms = new double[entityCount];
        _sizes = new double[entityCount];
        _dampedSizes = new double[entityCount];
        for (int e = 0; e < entityCount; e++)
        {
            var (norm, size) = Sums(EntityFeatures.AsSpan(EntityPointers[e], EntityPointers[e + 1] - EntityPointers[e]), EntityValues.AsSpan(EntityPointers[e], EntityPointers[e + 1] - EntityPointers[e]));
            _norms[e] = norm;
            _sizes[e] = size;
            _dampedSizes[e] = Math.Pow(size, _alpha);
        }
    }

    public int EntityCount => EntityPointers.Length - 1;

    /// <summary>The number of features with at least one entity: N of the log-likelihood table.</summary>
    public int ActiveFeatureCount { get; }

    /// <summary>Whether values are all 1 and only (weighted) counts matter.</summary>
    public bool CountsOnly { get; }

    public int[] EntityPointers { get; }

    public int[] EntityFeatures { get; }

    public float[] EntityValues { get; }

    public int[] FeaturePointers { get; }

    public int[] FeatureEntities { get; }

    public float[] FeatureValues { get; }

    /// <summary>The inverse-frequency factor g of each feature; 1 when the option is off.</summary>
    public double[] FeatureFactors { get; }

    public ReadOnlySpan<int> FeaturesOf(int entity) => EntityFeatures.AsSpan(EntityPointers[entity], EntityPointers[entity + 1] - EntityPointers[entity]);

    public ReadOnlySpan<float> ValuesOf(int entity) => EntityValues.AsSpan(EntityPointers[entity], EntityPointers[entity + 1] - EntityPointers[entity]);

    public double NormOf(int entity) => _norms[entity];

    public double SizeOf(int entity) => _sizes[entity];

    /// <summary>Returns whether <paramref name="feature"/> has at least one entity, so that it can link a query to them.</summary>
    public bool IsActive(int feature) => FeaturePointers[feature + 1] > FeaturePointers[feature];

    /// <summary>Weighs one raw value: 1 for set similarities, otherwise as <see cref="InteractionWeighting"/> defines.</summary>
    /// <param name="raw">The preference weight, or 1 under binary values.</param>
    /// <param name="entityLength">The sum of the raw values of the entity the value belongs to.</param>
    /// <param name="feature">The feature of the value.</param>
    public float Weigh(double raw, double entityLength, int feature)
    {
        if (CountsOnly)
        {
            return 1f;
        }

        return _weighting switch
        {
            InteractionWeighting.TfIdf => (float)(Math.Sqrt(raw) * _inverseDocumentFrequencies[feature]),
            InteractionWeighting.Bm25 => (float)(raw * (_k1 + 1) / ((_k1 * ((1 - _b) + (_b * entityLength / _averageLength))) + raw) * _inverseDocumentFrequencies[feature]),
            _ => (float)raw,
        };
    }

    /// <summary>Computes √(Σ g·v²) and Σ g over the features of one entity, or of a query built like one.</summary>
    public (double Norm, double Size) Sums(ReadOnlySpan<int> features, ReadOnlySpan<float> values)
    {
        double squares = 0;
        double size = 0;
        for (int t = 0; t < features.Length; t++)
        {
            double factor = FeatureFactors[features[t]];
            squares += factor * values[t] * values[t];
            size += factor;
        }

        return (Math.Sqrt(squares), size);
    }

    /// <summary>
    /// Puts into <paramref name="workspace"/>.Top the (at most k) entities most similar to a query entity, leaving out
    /// <paramref name="self"/>.
    /// </summary>
    /// <param name="self">The query's own index, or -1 for a query that is not an entity of the space (a basket).</param>
    /// <param name="features">The query's features, in a fixed order so that sums are reproducible.</param>
    /// <param name="values">The query's weighted values.</param>
    /// <param name="norm">The query's norm, from <see cref="Sums"/>.</param>
    /// <param name="size">The query's set size, from <see cref="Sums"/>.</param>
    /// <param name="workspace">The scratch space; its selector must be reset to k by the caller.</param>
    /// <remarks>
    /// <para>Accumulates Σ g(f)·v(query, f)·v(other, f) over the shared features, one feature's entity list at a time,
    /// then turns each positive sum into a similarity. Every similarity is ≤ 0 when its sum is, so only positive sums
    /// are visited.</para>
    /// <para>A query that reaches at least 1/<see cref="DenseWorkDivisor"/> as many entries as there are entities adds
    /// into the accumulator row without bookkeeping and scans the whole row with the vector kernel; a smaller one
    /// records which entries it touched. Both add the same terms in the same order, so they give the same result.</para>
    /// </remarks>
    public void FindNeighbors(int self, ReadOnlySpan<int> features, ReadOnlySpan<float> values, double norm, double size, RowWorkspace workspace)
    {
        if (IsDenseWork(features))
        {
            FindNeighborsDense(self, features, values, norm, size, workspace);
        }
        else
        {
            FindNeighborsSparse(self, features, values, norm, size, workspace);
        }
    }

    /// <summary>The work, relative to the number of entities, above which a row is accumulated densely.</summary>
    internal const int DenseWorkDivisor = 8;

    /// <summary>
    /// Finds every entity other than <paramref name="self"/> whose shared sum with the query is positive, and adds it
    /// and the sum to <paramref name="others"/> and <paramref name="sums"/>.
    /// </summary>
    /// <remarks>Chooses the dense or sparse accumulation as <see cref="FindNeighbors"/> does, so the sums are those it computes.</remarks>
    internal void SharedSums(int self, ReadOnlySpan<int> features, ReadOnlySpan<float> values, RowWorkspace workspace, List<int> others, List<double> sums)
    {
        if (IsDenseWork(features))
        {
            var shared = workspace.Shared.AsSpan(0, EntityCount);
            Scatter(features, values, shared);
            for (int next = 0; next < shared.Length;)
            {
                int offset = ThresholdScanKernel.IndexOfGreater(shared[next..], 0);
                if (offset < 0)
                {
                    break;
                }

                int other = next + offset;
                if (other != self)
                {
                    others.Add(other);
                    sums.Add(shared[other]);
                }

                next = other + 1;
            }

            shared.Clear();
            return;
        }

        Accumulate(features, values, workspace);
        foreach (int other in workspace.Touched.AsSpan(0, workspace.TouchedCount))
        {
            double sum = workspace.Shared[other];
            workspace.Shared[other] = 0;
            if (other != self && sum > 0)
            {
                others.Add(other);
                sums.Add(sum);
            }
        }
    }

    internal void FindNeighborsDense(int self, ReadOnlySpan<int> features, ReadOnlySpan<float> values, double norm, double size, RowWorkspace workspace)
    {
        var shared = workspace.Shared.AsSpan(0, EntityCount);
        Scatter(features, values, shared);
        var top = workspace.Top;
        for (int next = 0; next < shared.Length;)
        {
            int offset = ThresholdScanKernel.IndexOfGreater(shared[next..], 0);
            if (offset < 0)
            {
                break;
            }

            int other = next + offset;
            if (other != self)
            {
                double similarity = Similarity(shared[other], norm, size, other);
                if (similarity > 0)
                {
                    top.Add(similarity, other);
                }
            }

            next = other + 1;
        }

        // The accumulator row is all zeros between rows.
        shared.Clear();
    }

    internal void FindNeighborsSparse(int self, ReadOnlySpan<int> features, ReadOnlySpan<float> values, double norm, double size, RowWorkspace workspace)
    {
        Accumulate(features, values, workspace);
        var shared = workspace.Shared;
        var top = workspace.Top;
        foreach (int other in workspace.Touched.AsSpan(0, workspace.TouchedCount))
        {
            double sum = shared[other];
            shared[other] = 0;
            if (other == self || sum <= 0)
            {
                continue;
            }

            double similarity = Similarity(sum, norm, size, other);
            if (similarity > 0)
            {
                top.Add(similarity, other);
            }
        }
    }

    private bool IsDenseWork(ReadOnlySpan<int> features)
    {
        long work = 0;
        foreach (int f in features)
        {
            work += FeaturePointers[f + 1] - FeaturePointers[f];
        }

        return work * DenseWorkDivisor >= EntityCount;
    }

    /// <summary>Adds the query's shared sum with every entity into the dense row <paramref name="shared"/>.</summary>
    private void Scatter(ReadOnlySpan<int> features, ReadOnlySpan<float> values, Span<double> shared)
    {
        for (int t = 0; t < features.Length; t++)
        {
            int f = features[t];
            int start = FeaturePointers[f];
            int length = FeaturePointers[f + 1] - start;
            ScatterKernel.Add(FeatureEntities.AsSpan(start, length), FeatureValues.AsSpan(start, length), FeatureFactors[f] * values[t], shared);
        }
    }

    /// <summary>
    /// Starts a row in <paramref name="workspace"/> and adds the query's shared sum with every entity it reaches,
    /// recording the entities touched. The caller reads <see cref="RowWorkspace.Shared"/> for each of them and resets
    /// it to 0.
    /// </summary>
    /// <remarks>The terms and their order are those of <see cref="Scatter"/>, so the sums are the same.</remarks>
    private void Accumulate(ReadOnlySpan<int> features, ReadOnlySpan<float> values, RowWorkspace workspace)
    {
        workspace.BeginRow();
        for (int t = 0; t < features.Length; t++)
        {
            int f = features[t];
            double scale = FeatureFactors[f] * values[t];
            for (int p = FeaturePointers[f]; p < FeaturePointers[f + 1]; p++)
            {
                workspace.Add(FeatureEntities[p], scale * FeatureValues[p]);
            }
        }
    }

    /// <summary>Computes s(<paramref name="from"/>→<paramref name="to"/>) for one pair of entities, as a row of <see cref="FindNeighbors"/> would.</summary>
    /// <returns>The similarity, or 0 when the two share no feature with a positive sum.</returns>
    /// <remarks>
    /// The shared sum walks the two sorted feature lists together and adds g(f)·v(from, f)·v(to, f) in rising feature
    /// order, the terms and order of the accumulator row of <paramref name="from"/>, so the result is the same double.
    /// Cost: |features of from| + |features of to|.
    /// </remarks>
    public double PairSimilarity(int from, int to)
    {
        var fromFeatures = FeaturesOf(from);
        var fromValues = ValuesOf(from);
        var toFeatures = FeaturesOf(to);
        var toValues = ValuesOf(to);
        double shared = 0;
        int x = 0;
        int y = 0;
        while (x < fromFeatures.Length && y < toFeatures.Length)
        {
            int f = fromFeatures[x];
            int g = toFeatures[y];
            if (f < g)
            {
                x++;
            }
            else if (g < f)
            {
                y++;
            }
            else
            {
                shared += FeatureFactors[f] * fromValues[x] * toValues[y];
                x++;
                y++;
            }
        }

        return shared > 0 ? Similarity(shared, _norms[from], _sizes[from], to) : 0;
    }

    /// <summary>Computes the similarity from a query to <paramref name="other"/> given their shared sum.</summary>
    /// <returns>The similarity, or 0 when it is undefined.</returns>
    public double Similarity(double shared, double norm, double size, int other)
    {
        switch (_similarity)
        {
            case ImplicitSimilarity.DotProduct:
                return shared;

            case ImplicitSimilarity.Cosine:
                double normProduct = norm * _norms[other];
                return normProduct > 0 ? Math.Min(shared / normProduct, 1) : 0;

            case ImplicitSimilarity.Jaccard:
                double union = size + _sizes[other] - shared;
                return union > 0 ? shared / union : 0;

            case ImplicitSimilarity.ConditionalProbability:
                double denominator = size * _dampedSizes[other];
                return denominator > 0 ? shared / denominator : 0;

            default:
                return LogLikelihood.Ratio(shared, size, _sizes[other], ActiveFeatureCount);
        }
    }
}

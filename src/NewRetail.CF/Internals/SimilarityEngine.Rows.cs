using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>Receives one complete similarity row: the other entities with a non-zero sum and their similarities.</summary>
/// <param name="row">The entity whose row this is.</param>
/// <param name="touched">The entities that share at least one column with <paramref name="row"/>; their similarity may still be 0.</param>
/// <param name="values">A dense row of similarities indexed by entity; only the <paramref name="touched"/> positions are set.</param>
/// <param name="scratch">A per-thread candidate buffer of one entry per entity, free for the receiver to use.</param>
internal delegate void SimilarityRowSink(int row, ReadOnlySpan<int> touched, float[] values, NeighborhoodCore.Candidate[] scratch);

/// <summary>
/// Recomputes chosen rows of the similarity matrix, each one complete (every other entity), with the kernels and the
/// path choice of a full fit, so a recomputed row contains the values a fit on the same data gives.
/// </summary>
internal static partial class SimilarityEngine
{
    /// <summary>Returns the packed-path scale a fit of <paramref name="view"/> uses, or 0 for the double path.</summary>
    public static int PathScale(SparseView view, SimilarityMetric metric, bool allowPacked)
        => allowPacked && metric.Centering == EntryCentering.None ? PackedScale(view) : 0;

    /// <summary>
    /// Computes the complete rows <paramref name="rows"/> in parallel and hands each to <paramref name="sink"/>, which
    /// runs on the computing thread. The values are cleared after the sink returns.
    /// </summary>
    public static void ComputeRows(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        BaselineBiases? biases,
        bool userBased,
        int[] rows,
        bool allowPacked,
        ParallelOptions options,
        SimilarityRowSink sink)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var kernel = new FullRowKernel(view, metric, minSupport, shrinkage, biases, userBased, allowPacked);
        var workspaces = new WorkspacePool<TruncatedWorkspace>(kernel.CreateWorkspace);
        Parallel.For(
            0,
            rows.Length,
            options,
            workspaces.Rent,
            (t, _, w) =>
            {
                int a = rows[t];
                var touched = kernel.Compute(a, w);
                sink(a, touched, w.Row, w.Candidates);
                foreach (int b in touched)
                {
                    w.Row[b] = 0;
                }

                return w;
            },
            workspaces.Return);
    }

    /// <summary>
    /// Keeps the <paramref name="listLength"/> highest non-zero similarities of a complete row, sorted as a fit sorts
    /// them, in new arrays.
    /// </summary>
    public static (int[] Indices, float[] Weights) BestOfRow(ReadOnlySpan<int> touched, float[] values, NeighborhoodCore.Candidate[] scratch, int listLength)
    {
        var indices = new int[Math.Min(listLength, touched.Length)];
        var weights = new float[indices.Length];
        int count = KeepBest(touched, values, scratch, listLength, indices, weights);
        return count == indices.Length ? (indices, weights) : (indices[..count], weights[..count]);
    }

    /// <summary>
    /// Computes one complete similarity row at a time with the path a fit chooses: exact packed integer sums, the
    /// interleaved slots of the cosine-like and Pearson metrics, or the general accumulators.
    /// </summary>
    private sealed class FullRowKernel
    {
        private readonly SparseView _view;
        private readonly SimilarityMetric _metric;
        private readonly int _minSupport;
        private readonly double _shrinkage;
        private readonly int _scale;
        private readonly PackedMetric _kind;
        private readonly SimilarityStatistics _needed;
        private readonly int[]? _packedRowValues;
        private readonly int[]? _packedColumnValues;
        private readonly double[]? _rowValues;
        private readonly double[]? _columnValues;

        public FullRowKernel(SparseView view, SimilarityMetric metric, int minSupport, double shrinkage, BaselineBiases? biases, bool userBased, bool allowPacked)
        {
            _view = view;
            _metric = metric;
            _minSupport = minSupport;
            _shrinkage = shrinkage;
            _needed = metric.Statistics;
            _kind = KindOf(metric);

            // Entry values: scaled integers for the packed path, centred doubles otherwise.
            _scale = PathScale(view, metric, allowPacked);
            if (_scale > 0)
            {
                (_packedRowValues, _packedColumnValues) = ScaledValues(view, _scale);
            }
            else
            {
                (_rowValues, _columnValues) = CentredValues(view, metric.Centering, biases, userBased);
            }
        }

        private bool SlotMetric => _needed == SimilarityStatistics.Products || _needed == SimilarityStatistics.CentredProducts;

        public TruncatedWorkspace CreateWorkspace() => new(_view.RowCount, _scale > 0, SlotMetric, _needed);

        /// <summary>Fills <c>w.Row</c> with row <paramref name="a"/> and returns the entities it touched.</summary>
        public ReadOnlySpan<int> Compute(int a, TruncatedWorkspace w)
        {
            if (w.Packed is not null)
            {
                int count = AccumulatePackedFullRow(_view, _packedRowValues!, _packedColumnValues!, a, w.Packed);
                var touched = w.Packed.Touched.AsSpan(0, count);
                foreach (int b in touched)
                {
                    w.Row[b] = (float)PackedSimilarity(_view, _metric, _kind, _minSupport, _shrinkage, _scale, a, b, ref w.Packed.Slots[b]);
                }

                return touched;
            }

            if (w.Slots is not null)
            {
                bool centred = _needed == SimilarityStatistics.CentredProducts;
                AccumulateSlots(_view, _rowValues!, _columnValues!, a, w.Slots, centred, fullRow: true);
                var touched = w.Slots.Touched.AsSpan(0, w.Slots.TouchedCount);
                EmitSlots(_view, _metric, _minSupport, _shrinkage, a, w.Slots, centred, w.Row);
                return touched;
            }

            AccumulateRow(_view, _rowValues!, _columnValues!, a, w.General!, fullRow: true);
            var generalTouched = w.General!.Touched.AsSpan(0, w.General.TouchedCount);
            Emit(_view, _metric, _minSupport, _shrinkage, a, w.General, w.Row);
            return generalTouched;
        }
    }
}

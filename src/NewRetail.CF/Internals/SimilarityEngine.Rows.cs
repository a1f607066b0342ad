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
/// path choice of a full fit, so a recomputed row holds the values a fit on the same data gives.
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

        int n = view.RowCount;
        int scale = PathScale(view, metric, allowPacked);
        int[]? packedRowValues = null, packedColumnValues = null;
        double[]? rowValues = null, columnValues = null;
        if (scale > 0)
        {
            (packedRowValues, packedColumnValues) = ScaledValues(view, scale);
        }
        else
        {
            (rowValues, columnValues) = CentredValues(view, metric.Centering, biases, userBased);
        }

        var needed = metric.Statistics;
        bool slotMetric = needed == SimilarityStatistics.Products || needed == SimilarityStatistics.CentredProducts;
        var kind = KindOf(metric);
        Parallel.For(
            0,
            rows.Length,
            options,
            () => new TruncatedWorkspace(n, scale > 0, slotMetric, needed),
            (t, _, w) =>
            {
                int a = rows[t];
                ReadOnlySpan<int> touched;
                if (w.Packed is not null)
                {
                    int count = AccumulatePackedFullRow(view, packedRowValues!, packedColumnValues!, a, w.Packed);
                    touched = w.Packed.Touched.AsSpan(0, count);
                    foreach (int b in touched)
                    {
                        w.Row[b] = (float)PackedSimilarity(view, metric, kind, minSupport, shrinkage, scale, a, b, ref w.Packed.Slots[b]);
                    }
                }
                else if (w.Slots is not null)
                {
                    bool centred = needed == SimilarityStatistics.CentredProducts;
                    AccumulateSlots(view, rowValues!, columnValues!, a, w.Slots, centred, fullRow: true);
                    touched = w.Slots.Touched.AsSpan(0, w.Slots.TouchedCount);
                    EmitSlots(view, metric, minSupport, shrinkage, a, w.Slots, centred, w.Row);
                }
                else
                {
                    AccumulateRow(view, rowValues!, columnValues!, a, w.General!, fullRow: true);
                    touched = w.General!.Touched.AsSpan(0, w.General.TouchedCount);
                    Emit(view, metric, minSupport, shrinkage, a, w.General, w.Row);
                }

                sink(a, touched, w.Row, w.Candidates);
                foreach (int b in touched)
                {
                    w.Row[b] = 0;
                }

                return w;
            },
            _ => { });
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
}

using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>
/// Computes all pairwise similarities between the rows of a <see cref="SparseView"/> from sufficient statistics
/// accumulated over co-rated entries, without densifying the rating matrix.
/// </summary>
/// <remarks>
/// <para>For each row a, the engine walks a's entries; for each column c it visits the rows b &gt; a that also rated
/// c, found after a's own position in column c, and accumulates the pair's sums in dense per-thread arrays indexed by
/// b. The work is Σ over columns of n_c², halved by symmetry.</para>
/// <para>Rows are processed in parallel. Each pair's sums are accumulated in the order of a's columns by one thread,
/// so the result does not depend on the number of threads.</para>
/// </remarks>
internal static partial class SimilarityEngine
{
    /// <summary>
    /// Similarities smaller in magnitude than this are stored as exactly 0, so they are not neighbours. Centred sums
    /// whose exact value is 0 (deviations that cancel) leave residues near 1e-16 after rounding, and such a residue must
    /// not outrank a negative neighbour or take a slot in k.
    /// </summary>
    public const double ZeroTolerance = 1e-9;

    public static float[] ComputeDense(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        BaselineBiases? biases,
        bool userBased,
        int maxDegreeOfParallelism,
        CancellationToken cancellationToken,
        bool allowPacked = true,
        StageProgress? progress = null,
        bool allowVectorKernels = true)
    {
        var options = ParallelOptionsFor(maxDegreeOfParallelism, cancellationToken);

        // Raw ratings that are small multiples of 1, 1/2 or 1/4 take the exact integer path. Everything else takes the
        // double path.
        int scale = allowPacked && metric.Centering == EntryCentering.None ? PackedScale(view) : 0;
        return scale > 0
            ? ComputeDensePacked(view, metric, minSupport, shrinkage, scale, options, progress, allowVectorKernels)
            : ComputeDenseDouble(view, metric, minSupport, shrinkage, biases, userBased, options, progress, allowVectorKernels);
    }

    /// <summary>Returns parallel options for a thread limit, where 0 or less means all cores.</summary>
    public static ParallelOptions ParallelOptionsFor(int maxDegreeOfParallelism, CancellationToken cancellationToken) => new()
    {
        CancellationToken = cancellationToken,
        MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : -1,
    };

    /// <summary>
    /// Computes all similarities with per-pair sums in <see cref="double"/>, centring every entry as the metric
    /// requires. Works for any data and metric.
    /// </summary>
    internal static float[] ComputeDenseDouble(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        BaselineBiases? biases,
        bool userBased,
        ParallelOptions options,
        StageProgress? progress = null,
        bool allowVectorMirror = true)
    {
        int n = view.RowCount;
        var similarities = new float[(long)n * n];
        var (rowValues, columnValues) = CentredValues(view, metric.Centering, biases, userBased);
        var needed = metric.Statistics;

        // Cosine-like metrics need only Σx², Σy², Σxy, and Pearson only the centred sums. Those two run on interleaved
        // accumulators, one 48-byte slot per pair, so an update touches one cache line instead of one per sum.
        if (needed == SimilarityStatistics.Products || needed == SimilarityStatistics.CentredProducts)
        {
            bool centred = needed == SimilarityStatistics.CentredProducts;
            Parallel.For(
                0,
                n,
                options,
                () => new SlotAccumulators(n),
                (a, _, accumulators) =>
                {
                    AccumulateSlots(view, rowValues, columnValues, a, accumulators, centred);
                    EmitSlots(view, metric, minSupport, shrinkage, a, accumulators, centred, similarities.AsSpan(a * n, n));
                    progress?.Advance();
                    return accumulators;
                },
                _ => { });
            MirrorUpperTriangle(similarities, n, options, allowVectorMirror);
            return similarities;
        }

        Parallel.For(
            0,
            n,
            options,
            () => new Accumulators(n, needed),
            (a, _, accumulators) =>
            {
                AccumulateRow(view, rowValues, columnValues, a, accumulators);
                Emit(view, metric, minSupport, shrinkage, a, accumulators, similarities.AsSpan(a * n, n));
                progress?.Advance();
                return accumulators;
            },
            _ => { });

        MirrorUpperTriangle(similarities, n, options, allowVectorMirror);
        return similarities;
    }

    /// <summary>
    /// Returns where the walk down <paramref name="column"/> starts for entry <paramref name="k"/> of row a: the top
    /// for a full row, else just after a's own entry. Rows inside a column are sorted, so the entries after a's own are
    /// exactly the rows b &gt; a.
    /// </summary>
    private static int ColumnStart(SparseView view, int k, int column, bool fullRow)
        => fullRow ? view.ColumnPointers[column] : view.RowToColumnPosition[k] + 1;

    /// <summary>
    /// Copies the upper triangle, which the row passes fill, into the lower one. Tiles of 64 × 64 keep both the rows
    /// read and the columns written in cache, where writing S[b, a] next to S[a, b] would stride through memory.
    /// </summary>
    internal static void MirrorUpperTriangle(float[] similarities, int n, ParallelOptions options)
    {
        const int Tile = 64;
        int tiles = (n + Tile - 1) / Tile;
        Parallel.For(0, tiles, options, rowTile =>
        {
            int rowStart = rowTile * Tile;
            int rowEnd = Math.Min(rowStart + Tile, n);
            for (int columnTile = rowTile; columnTile < tiles; columnTile++)
            {
                int columnStart = columnTile * Tile;
                int columnEnd = Math.Min(columnStart + Tile, n);
                for (int a = rowStart; a < rowEnd; a++)
                {
                    for (int b = Math.Max(columnStart, a + 1); b < columnEnd; b++)
                    {
                        similarities[((long)b * n) + a] = similarities[((long)a * n) + b];
                    }
                }
            }
        });
    }

    private static void AccumulateSlots(SparseView view, double[] rowValues, double[] columnValues, int a, SlotAccumulators s, bool centred, bool fullRow = false)
    {
        var slots = s.Slots;
        var touched = s.Touched;
        int touchedCount = 0;
        int[] rowIndices = view.RowIndices;
        int start = view.RowPointers[a];
        int end = view.RowPointers[a + 1];
        for (int k = start; k < end; k++)
        {
            int column = view.ColumnIndices[k];
            int columnEnd = view.ColumnPointers[column + 1];
            double x = rowValues[k];
            for (int p = ColumnStart(view, k, column, fullRow); p < columnEnd; p++)
            {
                int b = rowIndices[p];
                if (b == a)
                {
                    continue;
                }

                double y = columnValues[p];
                ref Slot slot = ref slots[b];
                if (slot.Count++ == 0)
                {
                    touched[touchedCount++] = b;
                }

                if (centred)
                {
                    slot.SumX += x;
                    slot.SumY += y;
                }
                else
                {
                    slot.XX += x * x;
                    slot.YY += y * y;
                    slot.XY += x * y;
                }
            }
        }

        s.TouchedCount = touchedCount;
        if (!centred)
        {
            return;
        }

        // Second pass around the co-rated means, as in AccumulateRow; the sums become the means in place.
        for (int t = 0; t < touchedCount; t++)
        {
            ref Slot slot = ref slots[touched[t]];
            slot.SumX /= slot.Count;
            slot.SumY /= slot.Count;
        }

        for (int k = start; k < end; k++)
        {
            int column = view.ColumnIndices[k];
            int columnEnd = view.ColumnPointers[column + 1];
            double x = rowValues[k];
            for (int p = ColumnStart(view, k, column, fullRow); p < columnEnd; p++)
            {
                if (rowIndices[p] == a)
                {
                    continue;
                }

                ref Slot slot = ref slots[rowIndices[p]];
                double dx = x - slot.SumX;
                double dy = columnValues[p] - slot.SumY;
                slot.XX += dx * dx;
                slot.YY += dy * dy;
                slot.XY += dx * dy;
            }
        }
    }

    private static void EmitSlots(SparseView view, SimilarityMetric metric, int minSupport, double shrinkage, int a, SlotAccumulators s, bool centred, Span<float> row)
    {
        long countA = view.RowPointers[a + 1] - view.RowPointers[a];
        for (int t = 0; t < s.TouchedCount; t++)
        {
            int b = s.Touched[t];
            ref Slot slot = ref s.Slots[b];
            long count = slot.Count;
            double similarity = 0;
            if (count >= minSupport)
            {
                long countB = view.RowPointers[b + 1] - view.RowPointers[b];
                var statistics = centred
                    ? new PairStatistics(count, countA, countB, centredXX: slot.XX, centredYY: slot.YY, centredXY: slot.XY)
                    : new PairStatistics(count, countA, countB, sumXX: slot.XX, sumYY: slot.YY, sumXY: slot.XY);
                similarity = Finish(metric.Compute(statistics), count, shrinkage);
            }

            row[b] = (float)similarity;
            slot = default;
        }

        s.TouchedCount = 0;
    }

    /// <summary>Maps an undefined or residual similarity to 0 and applies shrinkage.</summary>
    internal static double Finish(double similarity, long count, double shrinkage)
    {
        if (!double.IsFinite(similarity) || Math.Abs(similarity) < ZeroTolerance)
        {
            return 0;
        }

        return shrinkage > 0 ? similarity * (count - 1) / (count - 1 + shrinkage) : similarity;
    }

    private struct Slot
    {
        public int Count;
        public double SumX;
        public double SumY;
        public double XX;
        public double YY;
        public double XY;
    }

    private sealed class SlotAccumulators(int n)
    {
        public Slot[] Slots { get; } = new Slot[n];

        public int[] Touched { get; } = new int[n];

        public int TouchedCount { get; set; }
    }

    private static (double[] RowValues, double[] ColumnValues) CentredValues(SparseView view, EntryCentering centering, BaselineBiases? biases, bool userBased)
    {
        var rowValues = new double[view.Values.Length];
        var columnValues = new double[view.Values.Length];
        double[]? rowBiases = null, columnBiases = null;
        if (centering == EntryCentering.Baseline)
        {
            if (biases is null)
            {
                throw new InvalidOperationException("The similarity needs baseline biases, but none were fitted.");
            }

            rowBiases = userBased ? biases.UserBiases : biases.ItemBiases;
            columnBiases = userBased ? biases.ItemBiases : biases.UserBiases;
        }

        for (int row = 0; row < view.RowCount; row++)
        {
            for (int k = view.RowPointers[row]; k < view.RowPointers[row + 1]; k++)
            {
                int column = view.ColumnIndices[k];
                double value = view.Values[k];
                double centred = centering switch
                {
                    EntryCentering.OwnMean => value - view.RowMeans[row],
                    EntryCentering.OtherMean => value - view.ColumnMeans[column],
                    EntryCentering.Baseline => value - (biases!.GlobalMean + rowBiases![row] + columnBiases![column]),
                    _ => value,
                };
                rowValues[k] = centred;
                columnValues[view.RowToColumnPosition[k]] = centred;
            }
        }

        return (rowValues, columnValues);
    }

    private static void AccumulateRow(SparseView view, double[] rowValues, double[] columnValues, int a, Accumulators s, bool fullRow = false)
    {
        bool sums = s.SumX is not null;
        bool products = s.SumXX is not null;
        bool differences = s.SquaredDifference is not null;
        for (int k = view.RowPointers[a]; k < view.RowPointers[a + 1]; k++)
        {
            int column = view.ColumnIndices[k];
            double x = rowValues[k];
            int end = view.ColumnPointers[column + 1];

            for (int p = ColumnStart(view, k, column, fullRow); p < end; p++)
            {
                int b = view.RowIndices[p];
                if (b == a)
                {
                    continue;
                }

                double y = columnValues[p];
                if (s.Count[b]++ == 0)
                {
                    s.Touched[s.TouchedCount++] = b;
                }

                if (sums)
                {
                    s.SumX![b] += x;
                    s.SumY![b] += y;
                }

                if (products)
                {
                    s.SumXX![b] += x * x;
                    s.SumYY![b] += y * y;
                    s.SumXY![b] += x * y;
                }

                if (differences)
                {
                    double d = x - y;
                    s.SquaredDifference![b] += d * d;
                }
            }
        }

        if (s.CentredXX is null)
        {
            return;
        }

        // Second pass: sums of products around the co-rated means, now that Σx, Σy and n are known. For float
        // ratings summed in double, the mean of equal values is exactly that value, so a constant side gives a
        // centred variance of exactly 0 and the correlation is undefined rather than a rounding residue.
        for (int t = 0; t < s.TouchedCount; t++)
        {
            int b = s.Touched[t];
            s.MeanX![b] = s.SumX![b] / s.Count[b];
            s.MeanY![b] = s.SumY![b] / s.Count[b];
        }

        for (int k = view.RowPointers[a]; k < view.RowPointers[a + 1]; k++)
        {
            int column = view.ColumnIndices[k];
            double x = rowValues[k];
            int end = view.ColumnPointers[column + 1];
            for (int p = ColumnStart(view, k, column, fullRow); p < end; p++)
            {
                int b = view.RowIndices[p];
                if (b == a)
                {
                    continue;
                }

                double dx = x - s.MeanX![b];
                double dy = columnValues[p] - s.MeanY![b];
                s.CentredXX[b] += dx * dx;
                s.CentredYY![b] += dy * dy;
                s.CentredXY![b] += dx * dy;
            }
        }
    }

    private static void Emit(SparseView view, SimilarityMetric metric, int minSupport, double shrinkage, int a, Accumulators s, Span<float> row)
    {
        long countA = view.RowPointers[a + 1] - view.RowPointers[a];
        for (int t = 0; t < s.TouchedCount; t++)
        {
            int b = s.Touched[t];
            long count = s.Count[b];
            double similarity = 0;
            if (count >= minSupport)
            {
                var statistics = new PairStatistics(
                    count,
                    countA,
                    view.RowPointers[b + 1] - view.RowPointers[b],
                    s.SumX?[b] ?? 0,
                    s.SumY?[b] ?? 0,
                    s.SumXX?[b] ?? 0,
                    s.SumYY?[b] ?? 0,
                    s.SumXY?[b] ?? 0,
                    s.SquaredDifference?[b] ?? 0,
                    s.CentredXX?[b] ?? 0,
                    s.CentredYY?[b] ?? 0,
                    s.CentredXY?[b] ?? 0);
                similarity = Finish(metric.Compute(statistics), count, shrinkage);
            }

            row[b] = (float)similarity;
            s.Reset(b);
        }

        s.TouchedCount = 0;
    }

    private sealed class Accumulators
    {
        public Accumulators(int n, SimilarityStatistics needed)
        {
            Count = new int[n];
            Touched = new int[n];
            bool centred = (needed & SimilarityStatistics.CentredProducts) != 0;
            if ((needed & SimilarityStatistics.Sums) != 0 || centred)
            {
                SumX = new double[n];
                SumY = new double[n];
            }

            if ((needed & SimilarityStatistics.Products) != 0)
            {
                SumXX = new double[n];
                SumYY = new double[n];
                SumXY = new double[n];
            }

            if ((needed & SimilarityStatistics.SquaredDifferences) != 0)
            {
                SquaredDifference = new double[n];
            }

            if (centred)
            {
                MeanX = new double[n];
                MeanY = new double[n];
                CentredXX = new double[n];
                CentredYY = new double[n];
                CentredXY = new double[n];
            }
        }

        public int[] Count { get; }

        public int[] Touched { get; }

        public int TouchedCount { get; set; }

        public double[]? SumX { get; }

        public double[]? SumY { get; }

        public double[]? SumXX { get; }

        public double[]? SumYY { get; }

        public double[]? SumXY { get; }

        public double[]? SquaredDifference { get; }

        public double[]? MeanX { get; }

        public double[]? MeanY { get; }

        public double[]? CentredXX { get; }

        public double[]? CentredYY { get; }

        public double[]? CentredXY { get; }

        public void Reset(int b)
        {
            Count[b] = 0;
            if (SumX is not null)
            {
                SumX[b] = 0;
                SumY![b] = 0;
            }

            if (SumXX is not null)
            {
                SumXX[b] = 0;
                SumYY![b] = 0;
                SumXY![b] = 0;
            }

            if (SquaredDifference is not null)
            {
                SquaredDifference[b] = 0;
            }

            if (CentredXX is not null)
            {
                CentredXX[b] = 0;
                CentredYY![b] = 0;
                CentredXY![b] = 0;
            }
        }
    }
}

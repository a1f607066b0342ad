using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>
/// The exact integer path. When every rating times a small scale is an integer, the six sums of a pair (n, Σx, Σx²,
/// Σy, Σy², Σxy) are integers too. They are accumulated exactly in two 64-bit words per pair, with three 21-bit fields
/// in each word.
/// </summary>
/// <remarks>
/// <para>Packing three sums into one word makes an update two integer additions on one 16-byte slot instead of five
/// or six floating-point additions, and one pass replaces the two passes that centred sums in floating point need.
/// The sums are exact, so the result does not depend on the order of the additions or on the number of threads, and
/// the centred sums n·Σx² − (Σx)² are exact integers: a constant side gives exactly 0.</para>
/// <para>A field contains a signed value below 2^20 in magnitude. Additions carry and borrow between fields, but the word
/// is always the exact sum f0 + f1·2^21 + f2·2^42, so <see cref="Unpack"/> recovers each field as long as every true
/// sum stays inside its field. <see cref="PackedScale"/> checks that bound before the path is chosen.</para>
/// <para>The updates scatter to the slots of the rows b that share a column with a, so they are not vectorised: AVX2
/// has no scatter store. A slot array of n × 16 bytes fits in the L2 cache for n up to about 30,000.</para>
/// </remarks>
internal static partial class SimilarityEngine
{
    private const int FieldBits = 21;

    /// <summary>The exclusive bound on the magnitude of every packed sum.</summary>
    private const long FieldLimit = 1L << (FieldBits - 1);

    /// <summary>
    /// Returns the scale (1, 2 or 4) that turns every value of <paramref name="view"/> into an integer whose packed sums
    /// cannot overflow a field, or 0 when there is none.
    /// </summary>
    /// <remarks>
    /// The support of a pair is at most the length of the longer row, so with |q| ≤ Q for every scaled value q and L the
    /// longest row, every sum is at most Q²·L (Σx², Σxy) or Q·L or L in magnitude. Powers of two keep the division
    /// by the scale exact.
    /// </remarks>
    internal static int PackedScale(SparseView view)
    {
        long longestRow = 0;
        for (int row = 0; row < view.RowCount; row++)
        {
            longestRow = Math.Max(longestRow, view.RowPointers[row + 1] - view.RowPointers[row]);
        }

        foreach (int scale in (ReadOnlySpan<int>)[1, 2, 4])
        {
            double largest = LargestScaledMagnitude(view.Values, scale);
            if (largest >= 0 && longestRow < FieldLimit && largest * largest * longestRow < FieldLimit)
            {
                return scale;
            }
        }

        return 0;
    }

    /// <summary>Returns max |v·scale| over <paramref name="values"/>, or −1 when some v·scale is not an integer.</summary>
    private static double LargestScaledMagnitude(float[] values, int scale)
    {
        double largest = 0;
        foreach (float value in values)
        {
            double scaled = (double)value * scale;
            if (scaled != Math.Round(scaled))
            {
                return -1;
            }

            largest = Math.Max(largest, Math.Abs(scaled));
        }

        return largest;
    }

    /// <summary>Computes all similarities from exact integer sums. The caller has checked <paramref name="scale"/> with <see cref="PackedScale"/>.</summary>
    /// <remarks>
    /// With <paramref name="allowVectorKernels"/>, the vector kernels accumulate values that span at most 16 integers,
    /// finish Pearson and cosine rows, and mirror the matrix. Both settings give the same matrix. False runs the scalar
    /// loops that benchmarks measure as the baseline.
    /// </remarks>
    internal static float[] ComputeDensePacked(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        int scale,
        ParallelOptions options,
        StageProgress? progress = null,
        bool allowVectorKernels = true)
    {
        int n = view.RowCount;
        var similarities = new float[(long)n * n];

        var (rowValues, columnValues) = ScaledValues(view, scale);
        var kind = KindOf(metric);
        bool vectorFinish = allowVectorKernels && kind != PackedMetric.Other;
        int lowest = 0;
        int[]? entries = allowVectorKernels ? TableEntries(view, columnValues, out lowest) : null;
        Parallel.For(
            0,
            n,
            options,
            () => new DenseWorkspace(n),
            (a, _, workspace) =>
            {
                if (entries is not null)
                {
                    AccumulatePackedTable(view, rowValues, entries, lowest, a, workspace.Packed, workspace.Increments);
                }
                else
                {
                    AccumulatePacked(view, rowValues, columnValues, a, workspace.Packed);
                }

                if (vectorFinish)
                {
                    EmitPackedBlocks(view, kind, minSupport, shrinkage, a, workspace, similarities);
                }
                else
                {
                    EmitPacked(view, metric, minSupport, shrinkage, scale, a, workspace.Packed, similarities);
                }

                progress?.Advance();
                return workspace;
            },
            _ => { });

        MirrorUpperTriangle(similarities, n, options, allowVectorKernels);
        return similarities;
    }

    /// <summary>Returns the scaled values, once in row order (x) and once in column order (y).</summary>
    private static (int[] RowValues, int[] ColumnValues) ScaledValues(SparseView view, int scale)
    {
        var rowValues = new int[view.Values.Length];
        var columnValues = new int[view.Values.Length];
        for (int k = 0; k < rowValues.Length; k++)
        {
            int q = (int)(view.Values[k] * scale);
            rowValues[k] = q;
            columnValues[view.RowToColumnPosition[k]] = q;
        }

        return (rowValues, columnValues);
    }

    /// <summary>Adds the sums of every pair (a, b &gt; a) that shares a column, in the slot of b.</summary>
    private static void AccumulatePacked(SparseView view, int[] rowValues, int[] columnValues, int a, PackedAccumulators s)
    {
        ref PackedSlot slots = ref MemoryMarshal.GetArrayDataReference(s.Slots);
        ref int rowIndices = ref MemoryMarshal.GetArrayDataReference(view.RowIndices);
        ref int values = ref MemoryMarshal.GetArrayDataReference(columnValues);
        for (int k = view.RowPointers[a]; k < view.RowPointers[a + 1]; k++)
        {
            int columnEnd = view.ColumnPointers[view.ColumnIndices[k] + 1];
            long x = rowValues[k];

            // The left word gains (1, x, x²) for every b in this column. The right word gains (y, y², x·y), which is
            // y times (1 + y·2^21 + x·2^42).
            long left = 1 + (x << FieldBits) + ((x * x) << (2 * FieldBits));
            long xyField = 1 + (x << (2 * FieldBits));

            // Row indices come from the index structure, so every b is a valid slot.
            for (int p = view.RowToColumnPosition[k] + 1; p < columnEnd; p++)
            {
                long y = Unsafe.Add(ref values, p);
                ref PackedSlot slot = ref Unsafe.Add(ref slots, Unsafe.Add(ref rowIndices, p));
                slot.Left += left;
                slot.Right += y * ((y << FieldBits) + xyField);
            }
        }
    }

    /// <summary>Turns the sums of every pair (a, b &gt; a) into row a of the upper triangle and clears the slots.</summary>
    private static void EmitPacked(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        int scale,
        int a,
        PackedAccumulators s,
        float[] similarities)
    {
        int n = view.RowCount;
        var slots = s.Slots;
        var row = similarities.AsSpan((int)((long)a * n), n);

        // Pearson and cosine are computed inline from the integer sums, in which the scale cancels. Other metrics get
        // PairStatistics and a virtual call per pair, which on dense data costs more than the accumulation.
        var kind = KindOf(metric);

        // Scanning every b > a costs n per row, the same order as writing the dense row.
        for (int b = a + 1; b < n; b++)
        {
            ref PackedSlot slot = ref slots[b];
            if (slot.Left != 0)
            {
                row[b] = (float)PackedSimilarity(view, metric, kind, minSupport, shrinkage, scale, a, b, ref slot);
            }
        }
    }

    /// <summary>Returns the finished similarity of pair (a, b) from its slot, and clears the slot.</summary>
    private static double PackedSimilarity(
        SparseView view,
        SimilarityMetric metric,
        PackedMetric kind,
        int minSupport,
        double shrinkage,
        int scale,
        int a,
        int b,
        ref PackedSlot slot)
    {
        var (count, sumX, sumXX) = Unpack(slot.Left);
        var (sumY, sumYY, sumXY) = Unpack(slot.Right);
        slot = default;
        if (count < minSupport)
        {
            return 0;
        }

        // Every numerator is an exact integer, so a constant side gives exactly 0 and the similarity is undefined.
        double similarity = kind switch
        {
            PackedMetric.Pearson => Correlation(
                (count * sumXY) - (sumX * sumY),
                (count * sumXX) - (sumX * sumX),
                (count * sumYY) - (sumY * sumY)),
            PackedMetric.Cosine => Correlation(sumXY, sumXX, sumYY),
            _ => metric.Compute(Statistics(view, scale, a, b, count, sumX, sumXX, sumY, sumYY, sumXY)),
        };
        return Finish(similarity, count, shrinkage);
    }

    private static PackedMetric KindOf(SimilarityMetric metric) => metric switch
    {
        Pearson { PearsonCentering: PearsonCentering.CoRatedMeans } => PackedMetric.Pearson,
        Cosine => PackedMetric.Cosine,
        _ => PackedMetric.Other,
    };

    /// <summary>Returns xy / √(xx·yy) clamped to [−1, 1], or NaN when the denominator is 0.</summary>
    private static double Correlation(long xy, long xx, long yy)
    {
        double denominator = Math.Sqrt((double)xx * yy);
        return denominator > 0 ? Math.Clamp(xy / denominator, -1, 1) : double.NaN;
    }

    /// <summary>Builds the statistics of pair (a, b) in rating units from the scaled integer sums.</summary>
    private static PairStatistics Statistics(SparseView view, int scale, int a, int b, long count, long sumX, long sumXX, long sumY, long sumYY, long sumXY)
    {
        // Each value is an exact integer divided once, so it is off by at most half a unit in the last place.
        double scaleSquared = (double)scale * scale;
        double centring = count * scaleSquared;
        return new PairStatistics(
            count,
            view.RowPointers[a + 1] - view.RowPointers[a],
            view.RowPointers[b + 1] - view.RowPointers[b],
            sumX: (double)sumX / scale,
            sumY: (double)sumY / scale,
            sumXX: sumXX / scaleSquared,
            sumYY: sumYY / scaleSquared,
            sumXY: sumXY / scaleSquared,
            sumSquaredDifference: (sumXX + sumYY - (2 * sumXY)) / scaleSquared,
            centredXX: ((count * sumXX) - (sumX * sumX)) / centring,
            centredYY: ((count * sumYY) - (sumY * sumY)) / centring,
            centredXY: ((count * sumXY) - (sumX * sumY)) / centring);
    }

    /// <summary>Splits a packed word into its three signed fields, lowest first.</summary>
    internal static (long Low, long Middle, long High) Unpack(long word)
    {
        const int Shift = 64 - FieldBits;

        // Sign-extend the low field, remove it, and shift the exact remainder down. Then do the same for the middle one.
        long low = (word << Shift) >> Shift;
        word = (word - low) >> FieldBits;
        long middle = (word << Shift) >> Shift;
        long high = (word - middle) >> FieldBits;
        return (low, middle, high);
    }

    /// <summary>Packs three signed fields, each below 2^20 in magnitude, as <see cref="AccumulatePacked"/> sums them.</summary>
    internal static long Pack(long low, long middle, long high) => low + (middle << FieldBits) + (high << (2 * FieldBits));

    /// <summary>Left: n, Σx, Σx². Right: Σy, Σy², Σxy.</summary>
    private struct PackedSlot
    {
        public long Left;
        public long Right;
    }

    private enum PackedMetric
    {
        Other,
        Pearson,
        Cosine,
    }

    private sealed class PackedAccumulators(int n)
    {
        public PackedSlot[] Slots { get; } = new PackedSlot[n];

        /// <summary>The slots in use, for the paths that do not scan every slot.</summary>
        public int[] Touched { get; } = new int[n];

    }
}

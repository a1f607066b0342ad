using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewRetail.CF.Internals;

/// <summary>
/// The packed accumulation of the dense path with one 16-byte vector addition per co-rated pair, for data whose scaled
/// values take at most 16 consecutive integers, such as 1 to 5 stars.
/// </summary>
/// <remarks>
/// <para><see cref="AccumulatePacked"/> loads the other row's index and value, computes the right word from the value,
/// and adds two words with two read-modify-writes. Here the index and the value share one 32-bit entry, and a table,
/// rebuilt for each entry of row a, contains the pair of words to add for every value the other row can have. An update
/// is then one load of the entry, one of the table, and one vector read-modify-write of the slot.</para>
/// <para>The sums are the same integers, and integer addition is exact in any order, so the slots end up bit-identical
/// to those of <see cref="AccumulatePacked"/>.</para>
/// </remarks>
internal static partial class SimilarityEngine
{
    /// <summary>The bits of an entry that hold the value's offset from the smallest value.</summary>
    private const int TableValueBits = 4;

    /// <summary>The most distinct values the table path takes: 2^4.</summary>
    private const int TableValueCount = 1 << TableValueBits;

    /// <summary>
    /// Returns the column-order entries as (row index × 16) + (value − <paramref name="lowest"/>), or null when the
    /// values span more than 16 integers, a row index does not fit in 28 bits, or vector additions are not accelerated.
    /// </summary>
    private static int[]? TableEntries(SparseView view, int[] columnValues, out int lowest)
    {
        lowest = 0;
        if (!Vector128.IsHardwareAccelerated || view.RowCount > (int.MaxValue >> TableValueBits) || columnValues.Length == 0)
        {
            return null;
        }

        int highest = int.MinValue;
        lowest = int.MaxValue;
        foreach (int value in columnValues)
        {
            lowest = Math.Min(lowest, value);
            highest = Math.Max(highest, value);
        }

        if ((long)highest - lowest >= TableValueCount)
        {
            return null;
        }

        var entries = new int[columnValues.Length];
        for (int p = 0; p < entries.Length; p++)
        {
            entries[p] = (view.RowIndices[p] << TableValueBits) | (columnValues[p] - lowest);
        }

        return entries;
    }

    /// <summary>Adds the sums of every pair (a, b &gt; a) that shares a column, in the slot of b, as <see cref="AccumulatePacked"/> does.</summary>
    private static void AccumulatePackedTable(
        SparseView view,
        int[] rowValues,
        int[] entries,
        int lowest,
        int a,
        PackedAccumulators s,
        Vector128<long>[] increments)
    {
        ref PackedSlot slots = ref MemoryMarshal.GetArrayDataReference(s.Slots);
        ref int entry = ref MemoryMarshal.GetArrayDataReference(entries);
        ref Vector128<long> increment = ref MemoryMarshal.GetArrayDataReference(increments);
        for (int k = view.RowPointers[a]; k < view.RowPointers[a + 1]; k++)
        {
            int columnEnd = view.ColumnPointers[view.ColumnIndices[k] + 1];
            long x = rowValues[k];
            long left = 1 + (x << FieldBits) + ((x * x) << (2 * FieldBits));
            long xyField = 1 + (x << (2 * FieldBits));

            // The two words that a rater with value y adds, for each y the table covers.
            for (int t = 0; t < TableValueCount; t++)
            {
                long y = lowest + t;
                Unsafe.Add(ref increment, t) = Vector128.Create(left, y * ((y << FieldBits) + xyField));
            }

            // Entries come from the index structure, so every slot index is valid and every offset is below 16.
            for (int p = view.RowToColumnPosition[k] + 1; p < columnEnd; p++)
            {
                int e = Unsafe.Add(ref entry, p);
                ref long words = ref Unsafe.As<PackedSlot, long>(ref Unsafe.Add(ref slots, e >> TableValueBits));
                (Vector128.LoadUnsafe(ref words) + Unsafe.Add(ref increment, e & (TableValueCount - 1))).StoreUnsafe(ref words);
            }
        }
    }
}

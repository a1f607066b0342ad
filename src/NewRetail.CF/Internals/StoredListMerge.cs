namespace NewRetail.CF.Internals;

/// <summary>
/// Brings the stored top-M neighbour list of an unchanged row up to date after an update recomputed other rows, and
/// decides when the list can only be recomputed.
/// </summary>
/// <remarks>
/// <para>A stored list contains the M best pairs of its row, ranked by value, then by lower index. Every pair it does not
/// store ranks at or below its last entry. After an update, the list of an unchanged row b keeps its entries between
/// unchanged rows (their values did not change) and gets the new values of the recomputed rows ("offers"). The kept
/// entries rank above every unstored pair, and so does an offer above the old last value ("proven"). An offer at or
/// below it may rank below a pair that was never stored.</para>
/// <para>Sorted best first, the merged entries form the new list up to the first unproven one. When that prefix has
/// fewer than M entries, an unstored pair could belong in the list, and the row has to be recomputed (repaired). A list
/// that had fewer than M entries, or every other row, stored every non-zero value, so all of its offers are proven.</para>
/// <para>Used by <see cref="NeighborhoodUpdate"/> for the explicit models and by the implicit models' update.</para>
/// </remarks>
internal static class StoredListMerge
{
    /// <summary>One candidate of a merged list.</summary>
    /// <param name="Index">The neighbour's row index in the new data.</param>
    /// <param name="Value">The similarity; a float similarity converts to this double exactly.</param>
    /// <param name="Proven">Whether the entry ranks above every pair the old list did not store.</param>
    internal readonly record struct Entry(int Index, double Value, bool Proven);

    /// <summary>Returns whether an old list of <paramref name="storedCount"/> entries stored every non-zero value of its row.</summary>
    /// <param name="storedCount">The length of the old list.</param>
    /// <param name="maxLength">M, the maximum list length.</param>
    /// <param name="oldRowCount">The number of rows of the old data.</param>
    public static bool StoredEveryValue(int storedCount, int maxLength, int oldRowCount)
        => storedCount < maxLength || maxLength >= oldRowCount - 1;

    /// <summary>
    /// Sorts <paramref name="merged"/> best first (higher value, then lower index) and returns how many of its entries
    /// form the new list, or −1 when the row must be recomputed.
    /// </summary>
    /// <param name="merged">The kept entries and the offers of one row.</param>
    /// <param name="maxLength">M, the maximum list length.</param>
    /// <param name="storedEveryValue">What <see cref="StoredEveryValue"/> returned for the old list.</param>
    public static int SortAndProve(List<Entry> merged, int maxLength, bool storedEveryValue)
    {
        SortBestFirst(merged);
        int proof = 0;
        while (proof < merged.Count && merged[proof].Proven)
        {
            proof++;
        }

        // Without every value known, a list shorter than M may be missing unstored pairs.
        int length = storedEveryValue ? Math.Min(maxLength, merged.Count) : maxLength;
        return proof < length ? -1 : length;
    }

    /// <summary>Sorts <paramref name="entries"/> best first: higher value, then lower index.</summary>
    public static void SortBestFirst(List<Entry> entries)
        => entries.Sort(static (x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : x.Index.CompareTo(y.Index));

    /// <summary>
    /// Groups the values that recomputed rows offer to unchanged rows by the receiving row, in compressed rows:
    /// the offers to row b are <c>From[Pointers[b]..Pointers[b + 1]]</c> with <c>Values</c> alongside.
    /// </summary>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="sources">The recomputed rows, in rising order.</param>
    /// <param name="offers">By source row: the receiving rows and the values offered to them; null for other rows.</param>
    /// <param name="recomputed">By row: whether it was recomputed, so that it receives no offers.</param>
    public static OfferTable GroupOffers(int rowCount, int[] sources, (int[] Receivers, double[] Values)[] offers, bool[] recomputed)
    {
        var pointers = new int[rowCount + 1];
        foreach (int a in sources)
        {
            foreach (int b in offers[a].Receivers)
            {
                if (!recomputed[b])
                {
                    pointers[b + 1]++;
                }
            }
        }

        for (int b = 0; b < rowCount; b++)
        {
            pointers[b + 1] += pointers[b];
        }

        var from = new int[pointers[rowCount]];
        var values = new double[pointers[rowCount]];
        var next = pointers.AsSpan(0, rowCount).ToArray();
        foreach (int a in sources)
        {
            var (receivers, offered) = offers[a];
            for (int t = 0; t < receivers.Length; t++)
            {
                int b = receivers[t];
                if (!recomputed[b])
                {
                    from[next[b]] = a;
                    values[next[b]++] = offered[t];
                }
            }
        }

        return new OfferTable(pointers, from, values);
    }

    /// <summary>Offers grouped by receiving row; see <see cref="GroupOffers"/>.</summary>
    /// <param name="Pointers">The start of each row's offers, and the total at the end.</param>
    /// <param name="From">The offering row of each offer.</param>
    /// <param name="Values">The offered value: the receiving row's similarity to the offering row.</param>
    internal sealed record OfferTable(int[] Pointers, int[] From, double[] Values)
    {
        public int CountFor(int row) => Pointers[row + 1] - Pointers[row];
    }
}

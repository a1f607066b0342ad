using System.Globalization;

namespace NewRetail.CF.Evaluation;

public static partial class RankingMetrics
{
    /// <summary>Computes catalogue coverage at k: the share of the catalogue that appears among the first k items of any list.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="lists">The ranked lists, one per user.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="catalog">The items that could be recommended, at least one.</param>
    /// <returns>
    /// |distinct items among the first k of every list, and in <paramref name="catalog"/>| / |<paramref name="catalog"/>|,
    /// in [0, 1]. Items outside the catalogue are not counted.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="lists"/>, a list or <paramref name="catalog"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="catalog"/> is empty, or an item among the first k of a list is null or repeats.</exception>
    public static double CatalogCoverage<TItem>(IEnumerable<IReadOnlyList<TItem>> lists, int k, IReadOnlySet<TItem> catalog)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(catalog);
        CheckCutoff(k);
        if (catalog.Count == 0)
        {
            throw new ArgumentException("The catalogue is empty, so coverage is undefined. Pass the items that could be recommended.", nameof(catalog));
        }

        var covered = new HashSet<TItem>();
        int position = 0;
        foreach (IReadOnlyList<TItem> ranked in lists)
        {
            if (ranked is null)
            {
                throw new ArgumentNullException(nameof(lists), $"The list at position {position} of lists is null. Pass an empty list instead.");
            }

            CheckDistinct(ranked, k);
            int length = Math.Min(k, ranked.Count);
            for (int r = 0; r < length; r++)
            {
                if (catalog.Contains(ranked[r]))
                {
                    covered.Add(ranked[r]);
                }
            }

            position++;
        }

        return (double)covered.Count / catalog.Count;
    }

    /// <summary>Computes the mean popularity rank of the first k items, a novelty measure where a higher rank means less popular items.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="popularity">The item popularity, usually <see cref="ItemPopularity.FromEvents{TUser, TItem}"/> of the training events.</param>
    /// <returns>
    /// The mean of <see cref="ItemPopularity{TItem}.Rank"/> over the first k items that have a count in
    /// <paramref name="popularity"/>, or <see langword="null"/> when none has. Items without a count are left out.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="popularity"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double? MeanPopularityRank<TItem>(IReadOnlyList<TItem> ranked, int k, ItemPopularity<TItem> popularity)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(popularity);
        CheckCutoff(k);
        CheckDistinct(ranked, k);
        return MeanOverKnown(ranked, k, popularity.Rank);
    }

    /// <summary>
    /// Computes the mean self-information −log2(popularity / users) of the first k items in bits, a novelty measure where
    /// a higher value means rarer items.
    /// </summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="popularity">The item popularity, usually <see cref="ItemPopularity.FromEvents{TUser, TItem}"/> of the training events.</param>
    /// <returns>
    /// The mean of <see cref="ItemPopularity{TItem}.SelfInformation"/> over the first k items that have a count in
    /// <paramref name="popularity"/>, or <see langword="null"/> when none has. Items without a count are left out,
    /// because their self-information is infinite.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="popularity"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double? MeanSelfInformation<TItem>(IReadOnlyList<TItem> ranked, int k, ItemPopularity<TItem> popularity)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(popularity);
        CheckCutoff(k);
        CheckDistinct(ranked, k);
        return MeanOverKnown(ranked, k, popularity.SelfInformation);
    }

    /// <summary>Computes the intra-list diversity of the first k items: the mean of 1 − similarity over all pairs of them.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="similarity">
    /// The similarity of two items, called as similarity(a, b) with a ranked above b. It must return a finite number,
    /// usually in [0, 1].
    /// </param>
    /// <returns>
    /// 2 / (n(n − 1)) · Σ_{a ranked above b} (1 − similarity(a, b)) over the n = min(k, |list|) first items, or
    /// <see langword="null"/> when n &lt; 2 because a list needs two items to have a pair.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="similarity"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats, or <paramref name="similarity"/> returned NaN or an infinity.</exception>
    public static double? IntraListDiversity<TItem>(IReadOnlyList<TItem> ranked, int k, Func<TItem, TItem, double> similarity)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(similarity);
        CheckCutoff(k);
        CheckDistinct(ranked, k);
        return IntraListDiversityCore(ranked, k, similarity);
    }

    /// <summary>Computes the mean of <paramref name="value"/> over the first k items, leaving out those it has no value for.</summary>
    internal static double? MeanOverKnown<TItem>(IReadOnlyList<TItem> ranked, int k, Func<TItem, double?> value)
        where TItem : notnull
    {
        double sum = 0;
        int known = 0;
        int length = Math.Min(k, ranked.Count);
        for (int r = 0; r < length; r++)
        {
            if (value(ranked[r]) is double v)
            {
                sum += v;
                known++;
            }
        }

        return known == 0 ? null : sum / known;
    }

    /// <summary>Computes intra-list diversity for a list whose first k items are known to be distinct and not null.</summary>
    internal static double? IntraListDiversityCore<TItem>(IReadOnlyList<TItem> ranked, int k, Func<TItem, TItem, double> similarity)
        where TItem : notnull
    {
        int n = Math.Min(k, ranked.Count);
        if (n < 2)
        {
            return null;
        }

        double sum = 0;
        for (int a = 0; a < n - 1; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                double s = similarity(ranked[a], ranked[b]);
                if (!double.IsFinite(s))
                {
                    throw new ArgumentException(
                        $"The similarity of items {ranked[a]} and {ranked[b]} is {s.ToString(CultureInfo.InvariantCulture)}. The similarity function must return a finite number.",
                        nameof(similarity));
                }

                sum += 1 - s;
            }
        }

        return sum * 2 / ((double)n * (n - 1));
    }
}

using System.Globalization;

namespace NewRetail.CF.Evaluation;

/// <summary>How NDCG turns the truth value of an item into a gain.</summary>
public enum NdcgGain
{
    /// <summary>The gain is the truth value itself, such as the held-out rating. The default.</summary>
    Linear = 0,

    /// <summary>The gain is 2^g − 1, which rewards the highest-rated items more strongly.</summary>
    Exponential,
}

/// <summary>Macro averages of ranking metrics over users, from <see cref="RankingMetrics.Average{TItem}"/>.</summary>
/// <param name="Ndcg">The mean NDCG@k.</param>
/// <param name="Precision">The mean precision@k, hits / k.</param>
/// <param name="Recall">The mean recall@k, hits / |relevant|.</param>
/// <param name="HitsOverLength">The mean of hits / min(k, list length), or 0 for an empty list.</param>
/// <param name="UserCount">The number of users in the averages.</param>
/// <param name="UsersWithoutTruth">The number of users left out because they have no held-out items.</param>
public sealed record RankingSummary(
    double Ndcg,
    double Precision,
    double Recall,
    double HitsOverLength,
    int UserCount,
    int UsersWithoutTruth);

/// <summary>
/// Ranking metrics at a cut-off k: NDCG, precision, recall, hit rate, average precision and reciprocal rank of one ranked
/// list against the held-out items of one user, and coverage, novelty and diversity of recommended lists.
/// </summary>
/// <remarks>
/// <para>The ranked list is read from rank 1. Only its first k items count, and k may exceed the list length. A repeated
/// item among the first k is rejected, because it would be counted twice.</para>
/// <para>The truth map gives each held-out item its gain, such as the held-out rating. Every key of the map counts
/// as relevant for precision and recall, so filter it first to apply a relevance threshold such as "rating ≥ 4".</para>
/// <para>The overloads that take a set of relevant items, as implicit feedback gives, use binary relevance: an item is
/// relevant with gain 1 or irrelevant with gain 0.</para>
/// <para>An empty relevant set scores 0 on every metric of one list, so average only over users with held-out items,
/// as <see cref="Average{TItem}"/> and <see cref="RankingEvaluator"/> do.</para>
/// </remarks>
public static partial class RankingMetrics
{
    /// <summary>Computes NDCG@k: the discounted cumulative gain of the first k items over that of the best possible k items.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="truth">The gain of each held-out item. Gains must be finite and ≥ 0. Items not in the map have gain 0.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="gain">How a truth value becomes a gain. Default: <see cref="NdcgGain.Linear"/>.</param>
    /// <returns>
    /// NDCG@k in [0, 1]. An empty list gives 0, and so does a truth map with no positive gain, because its ideal DCG is 0.
    /// </returns>
    /// <remarks>
    /// DCG@k = Σ_{r=1}^{min(k, |list|)} gain(item at rank r) / log2(r + 1). The ideal DCG applies the same formula to the
    /// truth gains sorted from highest to lowest, also cut at k, so the ratio never exceeds 1.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="truth"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="gain"/> is not defined.</exception>
    /// <exception cref="ArgumentException">
    /// A gain is negative or not finite, an exponential gain overflows, or an item among the first k is null or repeats.
    /// </exception>
    public static double Ndcg<TItem>(IReadOnlyList<TItem> ranked, IReadOnlyDictionary<TItem, double> truth, int k, NdcgGain gain = NdcgGain.Linear)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(truth);
        CheckCutoff(k);
        if (!Enum.IsDefined(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "Unknown NDCG gain. Use NdcgGain.Linear or NdcgGain.Exponential.");
        }

        CheckGains(truth, gain);
        CheckDistinct(ranked, k);
        return NdcgCore(ranked, truth, k, gain);
    }

    /// <summary>Counts the relevant items among the first k of <paramref name="ranked"/>.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>The number of hits, at most min(k, list length).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static int Hits<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        CheckCutoff(k);
        CheckDistinct(ranked, k);
        return CountHits(ranked, relevant.Contains, k);
    }

    /// <summary>Computes precision@k = hits / k, where hits counts the relevant items among the first k.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>
    /// The precision in [0, 1]. The divisor is k even when the list is shorter, so a short list cannot score 1; see
    /// <see cref="HitsOverLength{TItem}"/> for the variant that divides by the list length.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double Precision<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
        => (double)Hits(ranked, relevant, k) / k;

    /// <summary>Computes recall@k = hits / |relevant|, where hits counts the relevant items among the first k.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>The recall in [0, 1], or 0 when <paramref name="relevant"/> is empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double Recall<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
    {
        int hits = Hits(ranked, relevant, k);
        return relevant.Count == 0 ? 0 : (double)hits / relevant.Count;
    }

    /// <summary>
    /// Computes hits / min(k, list length), the precision that LensKit reports for a list shorter than k.
    /// </summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>The fraction in [0, 1], or 0 for an empty list. Equals <see cref="Precision{TItem}"/> when the list has at least k items.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double HitsOverLength<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
    {
        int hits = Hits(ranked, relevant, k);
        int length = Math.Min(k, ranked.Count);
        return length == 0 ? 0 : (double)hits / length;
    }

    /// <summary>Averages NDCG@k, precision@k, recall@k and hits over length over users, each user weighing the same (macro average).</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="users">One ranked list and one truth map per user. Every key of a truth map counts as relevant.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <param name="gain">How NDCG turns a truth value into a gain. Default: <see cref="NdcgGain.Linear"/>.</param>
    /// <returns>
    /// The averages over the users with at least one held-out item. Users with an empty truth map are left out and
    /// counted in <see cref="RankingSummary.UsersWithoutTruth"/>. A user with an empty list but held-out items scores 0.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="users"/>, a list or a truth map is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1, or <paramref name="gain"/> is not defined.</exception>
    /// <exception cref="ArgumentException">
    /// No user has a held-out item, a gain is negative or not finite, an exponential gain overflows, or an item among
    /// the first k of a list is null or repeats.
    /// </exception>
    public static RankingSummary Average<TItem>(
        IEnumerable<(IReadOnlyList<TItem> Ranked, IReadOnlyDictionary<TItem, double> Truth)> users,
        int k,
        NdcgGain gain = NdcgGain.Linear)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(users);
        CheckCutoff(k);
        if (!Enum.IsDefined(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "Unknown NDCG gain. Use NdcgGain.Linear or NdcgGain.Exponential.");
        }

        double ndcgSum = 0;
        double precisionSum = 0;
        double recallSum = 0;
        double hitsOverLengthSum = 0;
        int included = 0;
        int withoutTruth = 0;
        int position = 0;
        foreach (var (ranked, truth) in users)
        {
            if (ranked is null || truth is null)
            {
                throw new ArgumentNullException(
                    nameof(users), $"The list or the truth map at position {position} of users is null. Pass an empty collection instead.");
            }

            position++;
            if (truth.Count == 0)
            {
                withoutTruth++;
                continue;
            }

            CheckGains(truth, gain);
            CheckDistinct(ranked, k);
            int hits = CountHits(ranked, truth.ContainsKey, k);
            int length = Math.Min(k, ranked.Count);
            ndcgSum += NdcgCore(ranked, truth, k, gain);
            precisionSum += (double)hits / k;
            recallSum += (double)hits / truth.Count;
            hitsOverLengthSum += length == 0 ? 0 : (double)hits / length;
            included++;
        }

        if (included == 0)
        {
            throw new ArgumentException(
                $"None of the {withoutTruth} users has a held-out item, so there is nothing to average. Pass at least one user with a non-empty truth map.",
                nameof(users));
        }

        return new RankingSummary(
            ndcgSum / included,
            precisionSum / included,
            recallSum / included,
            hitsOverLengthSum / included,
            included,
            withoutTruth);
    }

    private static double NdcgCore<TItem>(IReadOnlyList<TItem> ranked, IReadOnlyDictionary<TItem, double> truth, int k, NdcgGain gain)
        where TItem : notnull
    {
        // 1. DCG of the list, cut at k.
        double dcg = 0;
        int length = Math.Min(k, ranked.Count);
        for (int r = 0; r < length; r++)
        {
            if (truth.TryGetValue(ranked[r], out double value))
            {
                dcg += Gain(value, gain) / Discount(r);
            }
        }

        // 2. Ideal DCG: the truth gains from highest to lowest, also cut at k.
        var gains = new double[truth.Count];
        int g = 0;
        foreach (double value in truth.Values)
        {
            gains[g++] = Gain(value, gain);
        }

        Array.Sort(gains);
        double ideal = 0;
        int idealLength = Math.Min(k, gains.Length);
        for (int r = 0; r < idealLength; r++)
        {
            ideal += gains[gains.Length - 1 - r] / Discount(r);
        }

        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>Returns log2(rank + 1) for the 0-based position <paramref name="position"/>, whose 1-based rank is position + 1.</summary>
    private static double Discount(int position) => Math.Log2(position + 2);

    private static double Gain(double value, NdcgGain gain) => gain == NdcgGain.Exponential ? Math.Pow(2, value) - 1 : value;

    private static int CountHits<TItem>(IReadOnlyList<TItem> ranked, Func<TItem, bool> isRelevant, int k)
    {
        int hits = 0;
        int length = Math.Min(k, ranked.Count);
        for (int r = 0; r < length; r++)
        {
            if (isRelevant(ranked[r]))
            {
                hits++;
            }
        }

        return hits;
    }

    private static void CheckCutoff(int k)
    {
        if (k < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "The cut-off k must be ≥ 1. It may exceed the list length.");
        }
    }

    private static void CheckGains<TItem>(IReadOnlyDictionary<TItem, double> truth, NdcgGain gain)
        where TItem : notnull
    {
        foreach (var (item, value) in truth)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(
                    $"The truth value {value.ToString(CultureInfo.InvariantCulture)} of item {item} is invalid. Gains must be finite and ≥ 0, so shift or filter the ratings first.",
                    nameof(truth));
            }

            if (!double.IsFinite(Gain(value, gain)))
            {
                throw new ArgumentException(
                    $"The truth value {value.ToString(CultureInfo.InvariantCulture)} of item {item} overflows the exponential gain 2^g − 1. Use NdcgGain.Linear or smaller values.",
                    nameof(truth));
            }
        }
    }

    private static void CheckDistinct<TItem>(IReadOnlyList<TItem> ranked, int k)
        where TItem : notnull
    {
        int length = Math.Min(k, ranked.Count);
        var seen = new HashSet<TItem>(length);
        for (int r = 0; r < length; r++)
        {
            if (ranked[r] is null)
            {
                throw new ArgumentException($"The item at rank {r + 1} of the ranked list is null. Remove it from the list.", nameof(ranked));
            }

            if (!seen.Add(ranked[r]))
            {
                throw new ArgumentException(
                    $"Item {ranked[r]} appears more than once in the first {length} items of the ranked list (again at rank {r + 1}). A ranked list must not repeat items.",
                    nameof(ranked));
            }
        }
    }
}

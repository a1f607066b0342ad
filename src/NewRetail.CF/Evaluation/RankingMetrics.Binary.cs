namespace NewRetail.CF.Evaluation;

/// <summary>The binary-relevance metrics of one list at one cut-off, computed in one pass.</summary>
/// <param name="Hits">The number of relevant items among the first k.</param>
/// <param name="Ndcg">NDCG@k with gain 1 for a relevant item.</param>
/// <param name="AveragePrecision">AP@k, normalised by min(|relevant|, k).</param>
/// <param name="ReciprocalRank">1 / rank of the first relevant item within k, or 0.</param>
internal readonly record struct BinaryScores(int Hits, double Ndcg, double AveragePrecision, double ReciprocalRank);

public static partial class RankingMetrics
{
    /// <summary>Computes NDCG@k with binary relevance: gain 1 for a relevant item and 0 for any other.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>NDCG@k in [0, 1], or 0 when <paramref name="relevant"/> is empty.</returns>
    /// <remarks>
    /// DCG@k = Σ 1 / log2(r + 1) over the ranks r ≤ min(k, |list|) that hold a relevant item. The ideal DCG puts a
    /// relevant item at each of the ranks 1..min(|relevant|, k), so a list that starts with min(|relevant|, k) relevant
    /// items scores 1. This equals <see cref="Ndcg{TItem}(IReadOnlyList{TItem}, IReadOnlyDictionary{TItem, double}, int, NdcgGain)"/>
    /// with every truth value 1.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double Ndcg<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
        => ScoreChecked(ranked, relevant, k).Ndcg;

    /// <summary>Computes the hit rate at k: 1 when any of the first k items is relevant, otherwise 0.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>1 or 0. Averaged over users, it is the fraction of users with at least one hit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double HitRate<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
        => ScoreChecked(ranked, relevant, k).Hits > 0 ? 1 : 0;

    /// <summary>Computes the average precision AP@k, normalised by min(|relevant|, k).</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>AP@k in [0, 1], or 0 when <paramref name="relevant"/> is empty. Averaged over users, it is MAP@k.</returns>
    /// <remarks>
    /// AP@k = Σ precision@r / min(|relevant|, k), summed over the ranks r ≤ min(k, |list|) that hold a relevant item,
    /// where precision@r is the number of relevant items among the first r divided by r. Dividing by min(|relevant|, k)
    /// rather than |relevant| lets a list that starts with k relevant items score 1 when more than k items are relevant.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double AveragePrecision<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
        => ScoreChecked(ranked, relevant, k).AveragePrecision;

    /// <summary>Computes the reciprocal rank at k: 1 / r for the rank r of the first relevant item within the first k, or 0 when there is none.</summary>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ranked">The ranked list, best first.</param>
    /// <param name="relevant">The relevant held-out items.</param>
    /// <param name="k">The cut-off, ≥ 1.</param>
    /// <returns>The reciprocal rank in [0, 1]. Averaged over users, it is MRR@k.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ranked"/> or <paramref name="relevant"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An item among the first k is null or repeats.</exception>
    public static double ReciprocalRank<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
        => ScoreChecked(ranked, relevant, k).ReciprocalRank;

    private static BinaryScores ScoreChecked<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        CheckCutoff(k);
        CheckDistinct(ranked, k);
        return ScoreBinary(ranked, relevant, k);
    }

    /// <summary>Computes every binary-relevance metric of a list whose first k items are known to be distinct and not null.</summary>
    internal static BinaryScores ScoreBinary<TItem>(IReadOnlyList<TItem> ranked, IReadOnlySet<TItem> relevant, int k)
        where TItem : notnull
    {
        if (relevant.Count == 0)
        {
            return default;
        }

        // 1. One pass over the list: hits, DCG, the precision at each hit, and the first hit.
        int hits = 0;
        double dcg = 0;
        double precisionSum = 0;
        double reciprocalRank = 0;
        int length = Math.Min(k, ranked.Count);
        for (int r = 0; r < length; r++)
        {
            if (!relevant.Contains(ranked[r]))
            {
                continue;
            }

            hits++;
            dcg += 1 / Discount(r);
            precisionSum += (double)hits / (r + 1);
            if (hits == 1)
            {
                reciprocalRank = 1.0 / (r + 1);
            }
        }

        // 2. The ideal list has a relevant item at each of the first min(|relevant|, k) ranks.
        int idealLength = Math.Min(relevant.Count, k);
        double ideal = 0;
        for (int r = 0; r < idealLength; r++)
        {
            ideal += 1 / Discount(r);
        }

        return new BinaryScores(hits, dcg / ideal, precisionSum / idealLength, reciprocalRank);
    }
}

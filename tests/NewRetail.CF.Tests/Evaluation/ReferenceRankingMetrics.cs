namespace NewRetail.CF.Tests.Evaluation;

/// <summary>
/// Binary-relevance ranking metrics written straight from their definitions, with no shared code and no attention to
/// speed, as an oracle for <see cref="NewRetail.CF.Evaluation.RankingMetrics"/>.
/// </summary>
internal static class ReferenceRankingMetrics
{
    public static double Precision(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
        => (double)ranked.Take(k).Count(relevant.Contains) / k;

    public static double Recall(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
        => relevant.Count == 0 ? 0 : (double)ranked.Take(k).Count(relevant.Contains) / relevant.Count;

    public static double HitRate(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
        => ranked.Take(k).Any(relevant.Contains) ? 1 : 0;

    /// <summary>DCG of the list over DCG of an explicit ideal list: every relevant item first, then filler.</summary>
    public static double Ndcg(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        var ideal = relevant.Concat(Enumerable.Repeat("not relevant", k)).ToList();
        return Dcg(ranked, relevant, k) / Dcg(ideal, relevant, k);
    }

    /// <summary>The mean, over the min(|relevant|, k) ranks an ideal list fills, of precision at each rank with a relevant item.</summary>
    public static double AveragePrecision(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
    {
        if (relevant.Count == 0)
        {
            return 0;
        }

        double sum = 0;
        for (int rank = 1; rank <= Math.Min(k, ranked.Count); rank++)
        {
            if (relevant.Contains(ranked[rank - 1]))
            {
                sum += Precision(ranked, relevant, rank);
            }
        }

        return sum / Math.Min(relevant.Count, k);
    }

    public static double ReciprocalRank(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
    {
        for (int rank = 1; rank <= Math.Min(k, ranked.Count); rank++)
        {
            if (relevant.Contains(ranked[rank - 1]))
            {
                return 1.0 / rank;
            }
        }

        return 0;
    }

    private static double Dcg(IReadOnlyList<string> ranked, ISet<string> relevant, int k)
    {
        double dcg = 0;
        for (int rank = 1; rank <= Math.Min(k, ranked.Count); rank++)
        {
            if (relevant.Contains(ranked[rank - 1]))
            {
                dcg += Math.Log(2) / Math.Log(rank + 1);
            }
        }

        return dcg;
    }
}

namespace NewRetail.CF.Evaluation;

/// <summary>A metric that <see cref="RankingEvaluator"/> reports at each cut-off.</summary>
public enum RankingMetric
{
    /// <summary>Mean precision@k, hits / k. Column <c>P@k</c>.</summary>
    Precision = 0,

    /// <summary>Mean recall@k, hits / |relevant|. Column <c>R@k</c>.</summary>
    Recall,

    /// <summary>The fraction of users with at least one hit in the first k. Column <c>HR@k</c>.</summary>
    HitRate,

    /// <summary>Mean binary NDCG@k. Column <c>NDCG@k</c>.</summary>
    Ndcg,

    /// <summary>Mean AP@k normalised by min(|relevant|, k). Column <c>MAP@k</c>.</summary>
    Map,

    /// <summary>Mean reciprocal rank of the first hit within k. Column <c>MRR@k</c>.</summary>
    Mrr,

    /// <summary>Catalogue coverage of all lists at k. Column <c>Cov@k</c>.</summary>
    Coverage,

    /// <summary>Mean popularity rank of the recommended items; higher is more novel. Column <c>PopRank@k</c>.</summary>
    PopularityRank,

    /// <summary>Mean self-information of the recommended items in bits; higher is more novel. Column <c>SelfInfo@k</c>.</summary>
    SelfInformation,

    /// <summary>Mean intra-list diversity. Column <c>ILD@k</c>.</summary>
    Diversity,
}

/// <summary>The ranking metrics of one model at one cut-off, averaged over the evaluated users.</summary>
/// <remarks>
/// <para>Each per-user metric is a macro average: every evaluated user weighs the same, and a user whose list is empty
/// or shorter than k scores on the items it has.</para>
/// <para>The novelty and diversity means leave out the users they are undefined for and report how many users they cover:
/// novelty needs an item known to the training data among the first k, and diversity needs two items.</para>
/// </remarks>
public sealed record RankingScores
{
    /// <summary>The cut-off k.</summary>
    public required int K { get; init; }

    /// <summary>The number of users in the per-user averages.</summary>
    public required int UserCount { get; init; }

    /// <summary>Mean precision@k = hits / k, with divisor k even for shorter lists.</summary>
    public required double Precision { get; init; }

    /// <summary>Mean recall@k = hits / |relevant|. A user with more than k relevant items cannot reach 1.</summary>
    public required double Recall { get; init; }

    /// <summary>The fraction of users with at least one relevant item among the first k.</summary>
    public required double HitRate { get; init; }

    /// <summary>Mean binary NDCG@k with the ideal DCG over min(|relevant|, k) ranks.</summary>
    public required double Ndcg { get; init; }

    /// <summary>MAP@k: mean AP@k, each normalised by min(|relevant|, k).</summary>
    public required double Map { get; init; }

    /// <summary>MRR@k: mean reciprocal rank of the first relevant item within k, 0 for a user without a hit.</summary>
    public required double Mrr { get; init; }

    /// <summary>The distinct catalogue items among the first k of all evaluated users' lists, divided by the catalogue size.</summary>
    public required double Coverage { get; init; }

    /// <summary>The number of distinct items among the first k of all lists that are not in the catalogue.</summary>
    public required int OutOfCatalogItemCount { get; init; }

    /// <summary>
    /// The mean over users of the mean popularity rank of their first k items, from training popularity (1 = most
    /// popular), or <see langword="null"/> when no user has a known item.
    /// </summary>
    public required double? MeanPopularityRank { get; init; }

    /// <summary>
    /// The mean over users of the mean self-information −log2(pop(i) / training users) of their first k items in bits,
    /// or <see langword="null"/> when no user has a known item.
    /// </summary>
    public required double? MeanSelfInformation { get; init; }

    /// <summary>The number of users in the two novelty means: those with at least one item known to training among the first k.</summary>
    public required int NoveltyUserCount { get; init; }

    /// <summary>The mean intra-list diversity of the first k items, or <see langword="null"/> when no list has two items.</summary>
    public required double? IntraListDiversity { get; init; }

    /// <summary>The number of users in the diversity mean: those whose list has at least two items.</summary>
    public required int DiversityUserCount { get; init; }

    /// <summary>Returns the value of <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The value, or <see langword="null"/> for a novelty or diversity mean that no user defines.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is not a defined value.</exception>
    public double? Get(RankingMetric metric) => metric switch
    {
        RankingMetric.Precision => Precision,
        RankingMetric.Recall => Recall,
        RankingMetric.HitRate => HitRate,
        RankingMetric.Ndcg => Ndcg,
        RankingMetric.Map => Map,
        RankingMetric.Mrr => Mrr,
        RankingMetric.Coverage => Coverage,
        RankingMetric.PopularityRank => MeanPopularityRank,
        RankingMetric.SelfInformation => MeanSelfInformation,
        RankingMetric.Diversity => IntraListDiversity,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, $"{metric} is not a valid RankingMetric value. Use a named value of the enum."),
    };
}

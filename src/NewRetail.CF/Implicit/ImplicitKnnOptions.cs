using System.Globalization;
using System.Text;

namespace NewRetail.CF.Implicit;

/// <summary>Options of the implicit-feedback neighbourhood models <see cref="ImplicitItemKnn"/> and <see cref="ImplicitUserKnn"/>.</summary>
/// <remarks>
/// <para>The input is a matrix of preference weights ≥ 0, such as the output of an event aggregation. A stored 0 is an
/// interaction with no weight: it counts as interacted for the filters of a top-N request, and as absent everywhere
/// else (similarities, scores, popularity by users).</para>
/// <para>Options that only one similarity or weighting reads (<see cref="Alpha"/>, <see cref="K1"/>, <see cref="B"/>)
/// are ignored by the others. Combinations that have no meaning fail when the model is fitted.</para>
/// </remarks>
public sealed record ImplicitKnnOptions
{
    /// <summary>
    /// The number k of neighbours kept per item (item-based) or per user (user-based): the k most similar ones with a
    /// similarity above 0, ties broken by id order. Must be ≥ 1. Default: 50.
    /// </summary>
    /// <remarks>
    /// Scores sum over these lists only, so k is the neighbourhood size of scoring. The stored lists take 8 bytes per
    /// neighbour: about 34 MB for 84,793 items at k = 50. Fifty is long enough that one item in a short history yields
    /// several candidates for a top-10 list. The Python <c>implicit</c> library (benfred/implicit,
    /// <c>implicit/nearest_neighbours.py</c>) uses 20.
    /// </remarks>
    public int MaxNeighbors { get; init; } = 50;

    /// <summary>The similarity. Default: <see cref="ImplicitSimilarity.Cosine"/>, which is bounded by 1 and needs no parameter.</summary>
    public ImplicitSimilarity Similarity { get; init; } = ImplicitSimilarity.Cosine;

    /// <summary>
    /// The weighting applied to the values before a cosine or dot-product similarity. Default:
    /// <see cref="InteractionWeighting.None"/>, so that the preference weights are used as given.
    /// </summary>
    public InteractionWeighting Weighting { get; init; } = InteractionWeighting.None;

    /// <summary>
    /// Whether every positive value counts as 1, in similarities and in scores. Default: <see langword="false"/>,
    /// because the weights of an event aggregation already measure how strong each interaction is.
    /// </summary>
    /// <remarks>Jaccard, conditional probability and log-likelihood count interactions whatever this option is, so for them it only changes scores.</remarks>
    public bool BinaryValues { get; init; }

    /// <summary>
    /// The damping exponent α ≥ 0 of <see cref="ImplicitSimilarity.ConditionalProbability"/>. Default: 0.5, halfway
    /// between plain P(j | i) (α = 0, dominated by the best sellers) and dividing by the whole popularity of j (α = 1).
    /// </summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>
    /// The term-frequency saturation K1 ≥ 0 of <see cref="InteractionWeighting.Bm25"/>. Default: 1.2, the default of
    /// the BM25Recommender in the Python <c>implicit</c> library (benfred/implicit, <c>implicit/nearest_neighbours.py</c>).
    /// </summary>
    /// <remarks>The <c>bm25_weight</c> function of the same library defaults to K1 = 100, B = 0.8 instead.</remarks>
    public double K1 { get; init; } = 1.2;

    /// <summary>
    /// The length normalisation B in [0, 1] of <see cref="InteractionWeighting.Bm25"/>. Default: 0.75, the default of
    /// the BM25Recommender in the Python <c>implicit</c> library (benfred/implicit, <c>implicit/nearest_neighbours.py</c>).
    /// </summary>
    public double B { get; init; } = 0.75;

    /// <summary>
    /// Whether to damp the influence of heavy users (item-based) or of popular items (user-based). Default: <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// <para>Item-based, inverse user frequency: every co-occurrence through user u is weighted by g(u) = 1/ln(1 + |N(u)|),
    /// |N(u)| being the number of items u has a positive value for. User-based, inverse item frequency: every shared
    /// item i is weighted by 1/ln(1 + |N(i)|), |N(i)| being the number of users of i.</para>
    /// <para>The factor weights every sum of a similarity alike: the dot product, the norms of a cosine and the set sizes
    /// of Jaccard and conditional probability. It cannot be combined with <see cref="ImplicitSimilarity.LogLikelihood"/>.</para>
    /// <para>Off by default, so that the plain similarities match other libraries; turn it on when a few wholesale
    /// customers or best sellers link unrelated items.</para>
    /// </remarks>
    public bool InverseFrequency { get; init; }

    /// <summary>
    /// Whether to divide every stored neighbour list by its largest similarity, so that each list's best neighbour
    /// has 1. Default: <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// Item-based scores sum over the lists of several history items; normalising stops items whose similarities are
    /// large overall (for example under <see cref="ImplicitSimilarity.LogLikelihood"/> or a dot product) from
    /// dominating the sum. User-based models normalise each user's list the same way.
    /// </remarks>
    public bool NormalizeByRowMax { get; init; }

    /// <summary>
    /// How the model's own popularity ranking, used to fill short lists and for unknown users, counts popularity.
    /// Default: <see cref="PopularityMeasure.Users"/>, so that a few customers who buy one item again and again do not
    /// make it a best seller.
    /// </summary>
    public PopularityMeasure PopularityMeasure { get; init; } = PopularityMeasure.Users;

    /// <summary>
    /// The maximum number of threads a fit uses; 0 or less means all cores. Changes speed only: results do not depend on it.
    /// Default: 0.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }

    internal bool UsesSets => Similarity is ImplicitSimilarity.Jaccard or ImplicitSimilarity.ConditionalProbability or ImplicitSimilarity.LogLikelihood;

    internal void Validate()
    {
        if (MaxNeighbors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNeighbors), MaxNeighbors, "MaxNeighbors (k) must be ≥ 1.");
        }

        if (!Enum.IsDefined(Similarity))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Similarity), Similarity, "Invalid similarity. Use Cosine, DotProduct, Jaccard, ConditionalProbability or LogLikelihood.");
        }

        if (!Enum.IsDefined(Weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(Weighting), Weighting, "Invalid weighting. Use None, TfIdf or Bm25.");
        }

        if (!Enum.IsDefined(PopularityMeasure))
        {
            throw new ArgumentOutOfRangeException(nameof(PopularityMeasure), PopularityMeasure, "Invalid popularity measure. Use Users or Weight.");
        }

        if (!double.IsFinite(Alpha) || Alpha < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be a finite number ≥ 0, for example 0.5.");
        }

        if (!double.IsFinite(K1) || K1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(K1), K1, "K1 must be a finite number ≥ 0, for example 1.2.");
        }

        if (!double.IsFinite(B) || B < 0 || B > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(B), B, "B must be a number in [0, 1], for example 0.75.");
        }

        if (Weighting != InteractionWeighting.None && UsesSets)
        {
            throw new ArgumentException(
                $"{Weighting} weighting changes the values that Cosine and DotProduct use, but {Similarity} only counts interactions. " +
                "Set Weighting to None, or choose Cosine or DotProduct.",
                nameof(Weighting));
        }

        if (InverseFrequency && Similarity == ImplicitSimilarity.LogLikelihood)
        {
            throw new ArgumentException(
                "LogLikelihood is a test on whole counts, and InverseFrequency would make them fractional. Turn InverseFrequency off or choose another similarity.",
                nameof(InverseFrequency));
        }
    }

    internal string Describe(string kind)
    {
        var text = new StringBuilder(kind).Append('(').Append(SimilarityName(Similarity))
            .Append(CultureInfo.InvariantCulture, $", k={MaxNeighbors}");
        if (Similarity == ImplicitSimilarity.ConditionalProbability)
        {
            text.Append(CultureInfo.InvariantCulture, $", alpha={Alpha}");
        }

        if (Weighting == InteractionWeighting.TfIdf)
        {
            text.Append(", tfidf");
        }
        else if (Weighting == InteractionWeighting.Bm25)
        {
            text.Append(CultureInfo.InvariantCulture, $", bm25(k1={K1}, b={B})");
        }

        if (BinaryValues)
        {
            text.Append(", binary");
        }

        if (InverseFrequency)
        {
            text.Append(", inverse-frequency");
        }

        if (NormalizeByRowMax)
        {
            text.Append(", row-max");
        }

        if (PopularityMeasure != PopularityMeasure.Users)
        {
            text.Append(", popularity=weight");
        }

        return text.Append(')').ToString();
    }

    private static string SimilarityName(ImplicitSimilarity similarity) => similarity switch
    {
        ImplicitSimilarity.Cosine => "cosine",
        ImplicitSimilarity.DotProduct => "dot",
        ImplicitSimilarity.Jaccard => "jaccard",
        ImplicitSimilarity.ConditionalProbability => "conditional-probability",
        _ => "log-likelihood",
    };
}

namespace NewRetail.CF.Similarities;

/// <summary>
/// A similarity between two users (or two items) computed from statistics accumulated over their co-rated entries.
/// </summary>
/// <remarks>
/// <para>To add a metric, derive from this class: declare which <see cref="Statistics"/> you need, which
/// <see cref="Centering"/> the entries get before accumulation, and turn a <see cref="PairStatistics"/> into a
/// similarity in <see cref="Compute(in PairStatistics)"/>. The engine accumulates only the requested sums, directly
/// from the sparse matrix.</para>
/// <para>Return NaN (or any non-finite value) when the similarity is undefined, for example when a denominator is 0.
/// The engine stores an undefined similarity as 0, and a similarity of 0 never makes a neighbour. A result smaller in
/// magnitude than 1e-9 is taken as rounding residue of an exact 0 and stored as 0 too.</para>
/// <para>Implementations must be thread-safe: the engine calls <see cref="Compute(in PairStatistics)"/> from several threads.</para>
/// </remarks>
public abstract class SimilarityMetric
{
    /// <summary>A short, stable name, such as <c>pearson</c>, used in reports.</summary>
    public abstract string Name { get; }

    /// <summary>The sums this metric reads from <see cref="PairStatistics"/>. Others are left at 0.</summary>
    public abstract SimilarityStatistics Statistics { get; }

    /// <summary>What is subtracted from each rating before the statistics are accumulated. Default: nothing.</summary>
    public virtual EntryCentering Centering => EntryCentering.None;

    /// <summary>
    /// The minimum support used when a model's options give none. 1 unless the metric is meaningless on fewer
    /// co-rated entries (Pearson: 2, because one point has no variance).
    /// </summary>
    public virtual int DefaultMinSupport => 1;

    /// <summary>Computes the similarity from accumulated statistics.</summary>
    /// <param name="statistics">Sums over the co-rated entries of one pair.</param>
    /// <returns>The similarity, or NaN when it is undefined for this pair.</returns>
    public abstract double Compute(in PairStatistics statistics);

    /// <summary>
    /// Computes the similarity of two dense vectors of co-rated values, already centred as <see cref="Centering"/>
    /// requires.
    /// </summary>
    /// <param name="x">The first entity's values on the co-rated entries.</param>
    /// <param name="y">The second entity's values on the same entries, in the same order.</param>
    /// <param name="countX">The first entity's total number of ratings (only set metrics such as Jaccard read it); default: the length of <paramref name="x"/>.</param>
    /// <param name="countY">The second entity's total number of ratings; default: the length of <paramref name="y"/>.</param>
    /// <returns>The similarity, or 0 when it is undefined or smaller in magnitude than 1e-9.</returns>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> differ in length.</exception>
    /// <remarks>
    /// Sums are taken in <see cref="double"/>; centred sums use two passes, and a side whose values are all equal
    /// (detected as maximum == minimum) yields zero centred variance exactly.
    /// </remarks>
    public double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int countX = -1, int countY = -1)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"The vectors must have the same length, but x has {x.Length} values and y has {y.Length}.", nameof(y));
        }

        var statistics = PairStatistics.FromVectors(x, y, countX < 0 ? x.Length : countX, countY < 0 ? y.Length : countY, Statistics);
        double similarity = x.Length == 0 ? double.NaN : Compute(statistics);
        return double.IsFinite(similarity) && Math.Abs(similarity) >= Internals.SimilarityEngine.ZeroTolerance ? similarity : 0;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The sums a <see cref="SimilarityMetric"/> needs, accumulated over co-rated entries.</summary>
[Flags]
public enum SimilarityStatistics
{
    /// <summary>Only the co-rated count (always present).</summary>
    Count = 0,

    /// <summary>Σx and Σy.</summary>
    Sums = 1,

    /// <summary>Σx², Σy² and Σxy.</summary>
    Products = 2,

    /// <summary>Σ(x − y)².</summary>
    SquaredDifferences = 4,

    /// <summary>
    /// Σ(x − x̄)², Σ(y − ȳ)² and Σ(x − x̄)(y − ȳ), where x̄ and ȳ are means over the co-rated entries.
    /// Accumulated in a second pass after the means are known, so no cancellation occurs.
    /// </summary>
    CentredProducts = 8,
}

/// <summary>What is subtracted from each rating before a similarity's statistics are accumulated.</summary>
public enum EntryCentering
{
    /// <summary>Nothing: raw ratings.</summary>
    None = 0,

    /// <summary>
    /// The mean over all ratings of the entity being compared: the user's mean for user-user similarity,
    /// the item's mean for item-item similarity.
    /// </summary>
    OwnMean,

    /// <summary>
    /// The mean of the other side of each rating: the user's mean for item-item similarity (adjusted cosine),
    /// the item's mean for user-user similarity.
    /// </summary>
    OtherMean,

    /// <summary>The baseline estimate μ + b_u + b_i of each rating.</summary>
    Baseline,
}

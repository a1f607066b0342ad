namespace NewRetail.CF.Similarities;

/// <summary>Cosine similarity over co-rated entries: Σxy / √(Σx²·Σy²).</summary>
/// <remarks>
/// <para>With one co-rated entry the cosine of two positive ratings is always 1, whatever their values. Raise the
/// minimum support to avoid such neighbours.</para>
/// <para>Undefined (stored as 0) when either side is all zeros.</para>
/// </remarks>
public sealed class Cosine : SimilarityMetric
{
    /// <inheritdoc/>
    public override string Name => "cosine";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => SimilarityStatistics.Products;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
    {
        double denominator = Math.Sqrt(statistics.SumXX * statistics.SumYY);
        return denominator > 0 ? Math.Clamp(statistics.SumXY / denominator, -1, 1) : double.NaN;
    }
}

/// <summary>Which means a <see cref="Pearson"/> correlation subtracts.</summary>
public enum PearsonCentering
{
    /// <summary>
    /// The means over the co-rated entries only: the sample correlation of the paired values, as Surprise and
    /// LensKit's Java user-user compute it. The default.
    /// </summary>
    CoRatedMeans = 0,

    /// <summary>
    /// Each entity's mean over all of its ratings (the textbook form in Aggarwal's "Recommender Systems", 2016):
    /// Σ(x − μx)(y − μy) / √(Σ(x − μx)²·Σ(y − μy)²) over co-rated entries.
    /// </summary>
    OverallMeans,
}

/// <summary>Pearson correlation over co-rated entries.</summary>
/// <remarks>
/// <para>Default minimum support is 2: with one co-rated entry the correlation is 0/0, and with two it can only be
/// +1, −1 or undefined.</para>
/// <para>Undefined (stored as 0) when either side has zero variance on the co-rated entries.</para>
/// <para>When every rating times 1, 2 or 4 is a small integer (such as stars and half stars), a model fit computes
/// n·Σxy − Σx·Σy and the other centred sums exactly in 64-bit integers, so nothing cancels. For other values the
/// co-rated means are subtracted in a second pass over the entries in double, not with the one-pass formula, which
/// cancels catastrophically in floating point for large values.</para>
/// </remarks>
public sealed class Pearson : SimilarityMetric
{
    /// <summary>Creates a Pearson correlation with the given centring.</summary>
    /// <param name="centering">Which means to subtract. Default: <see cref="PearsonCentering.CoRatedMeans"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="centering"/> is not a defined value.</exception>
    public Pearson(PearsonCentering centering = PearsonCentering.CoRatedMeans)
    {
        if (!Enum.IsDefined(centering))
        {
            throw new ArgumentOutOfRangeException(nameof(centering), centering, "Invalid Pearson centring. Use CoRatedMeans or OverallMeans.");
        }

        PearsonCentering = centering;
    }

    /// <summary>Which means this correlation subtracts.</summary>
    public PearsonCentering PearsonCentering { get; }

    /// <inheritdoc/>
    public override string Name => PearsonCentering == PearsonCentering.CoRatedMeans ? "pearson" : "pearson-overall-means";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => PearsonCentering == PearsonCentering.CoRatedMeans
        ? SimilarityStatistics.CentredProducts
        : SimilarityStatistics.Products;

    /// <inheritdoc/>
    public override EntryCentering Centering => PearsonCentering == PearsonCentering.CoRatedMeans ? EntryCentering.None : EntryCentering.OwnMean;

    /// <inheritdoc/>
    public override int DefaultMinSupport => 2;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
    {
        double xx = PearsonCentering == PearsonCentering.CoRatedMeans ? statistics.CentredXX : statistics.SumXX;
        double yy = PearsonCentering == PearsonCentering.CoRatedMeans ? statistics.CentredYY : statistics.SumYY;
        double xy = PearsonCentering == PearsonCentering.CoRatedMeans ? statistics.CentredXY : statistics.SumXY;
        double denominator = Math.Sqrt(xx * yy);
        return denominator > 0 ? Math.Clamp(xy / denominator, -1, 1) : double.NaN;
    }
}

/// <summary>Mean squared difference similarity: 1 / (1 + Σ(x − y)² / n).</summary>
/// <remarks>In (0, 1]; 1 when the co-rated ratings are equal. Defined whenever there is a co-rated entry.</remarks>
public sealed class MeanSquaredDifference : SimilarityMetric
{
    /// <inheritdoc/>
    public override string Name => "msd";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => SimilarityStatistics.SquaredDifferences;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
        => statistics.Count > 0 ? 1.0 / (1.0 + (statistics.SumSquaredDifference / statistics.Count)) : double.NaN;
}

/// <summary>Jaccard similarity of the sets of rated entries: |X ∩ Y| / |X ∪ Y|. Rating values are ignored.</summary>
/// <remarks>Two entities with no ratings have an empty union; their similarity is 0, not 1, because they share no evidence.</remarks>
public sealed class Jaccard : SimilarityMetric
{
    /// <inheritdoc/>
    public override string Name => "jaccard";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => SimilarityStatistics.Count;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
    {
        long union = statistics.CountX + statistics.CountY - statistics.Count;
        return union > 0 ? (double)statistics.Count / union : double.NaN;
    }
}

/// <summary>
/// Adjusted cosine for item-item similarity: the cosine of co-rated ratings after subtracting each rating's user mean
/// (Sarwar et al., "Item-based collaborative filtering recommendation algorithms", WWW 2001).
/// </summary>
/// <remarks>
/// For user-user similarity the same metric subtracts each rating's item mean. Undefined (stored as 0) when either
/// side is all zeros after centring.
/// </remarks>
public sealed class AdjustedCosine : SimilarityMetric
{
    /// <inheritdoc/>
    public override string Name => "adjusted-cosine";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => SimilarityStatistics.Products;

    /// <inheritdoc/>
    public override EntryCentering Centering => EntryCentering.OtherMean;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
    {
        double denominator = Math.Sqrt(statistics.SumXX * statistics.SumYY);
        return denominator > 0 ? Math.Clamp(statistics.SumXY / denominator, -1, 1) : double.NaN;
    }
}

/// <summary>
/// Shrunk Pearson-baseline similarity: the correlation of baseline residuals r − (μ + b_u + b_i) over co-rated entries,
/// not re-centred, multiplied by (n − 1) / (n − 1 + <see cref="Shrinkage"/>), where n is the support
/// (Koren, "Factor in the neighbors", ACM TKDD 4(1), 2010).
/// </summary>
/// <remarks>Undefined (stored as 0) when the residuals of either side are all zero.</remarks>
public sealed class PearsonBaseline : SimilarityMetric
{
    /// <summary>Creates the metric with the given shrinkage.</summary>
    /// <param name="shrinkage">The shrinkage λ ≥ 0. Default: 100.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shrinkage"/> is negative or not finite.</exception>
    public PearsonBaseline(double shrinkage = 100)
    {
        if (!double.IsFinite(shrinkage) || shrinkage < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "The shrinkage must be a finite number ≥ 0.");
        }

        Shrinkage = shrinkage;
    }

    /// <summary>The shrinkage λ applied as (n − 1) / (n − 1 + λ).</summary>
    public double Shrinkage { get; }

    /// <inheritdoc/>
    public override string Name => "pearson-baseline";

    /// <inheritdoc/>
    public override SimilarityStatistics Statistics => SimilarityStatistics.Products;

    /// <inheritdoc/>
    public override EntryCentering Centering => EntryCentering.Baseline;

    /// <inheritdoc/>
    public override double Compute(in PairStatistics statistics)
    {
        double denominator = Math.Sqrt(statistics.SumXX * statistics.SumYY);
        if (!(denominator > 0))
        {
            return double.NaN;
        }

        double correlation = Math.Clamp(statistics.SumXY / denominator, -1, 1);
        double n = statistics.Count;
        double factor = n - 1 + Shrinkage;
        return factor > 0 ? correlation * (n - 1) / factor : double.NaN;
    }
}

/// <summary>The built-in similarity metrics.</summary>
public static class Similarity
{
    /// <summary>Cosine over co-rated entries.</summary>
    public static SimilarityMetric Cosine { get; } = new Cosine();

    /// <summary>Pearson correlation centred on co-rated means.</summary>
    public static SimilarityMetric Pearson { get; } = new Pearson();

    /// <summary>Pearson correlation centred on each entity's mean over all its ratings.</summary>
    public static SimilarityMetric PearsonOverallMeans { get; } = new Pearson(PearsonCentering.OverallMeans);

    /// <summary>Mean squared difference, 1 / (1 + MSD).</summary>
    public static SimilarityMetric MeanSquaredDifference { get; } = new MeanSquaredDifference();

    /// <summary>Jaccard over the sets of rated entries.</summary>
    public static SimilarityMetric Jaccard { get; } = new Jaccard();

    /// <summary>Adjusted cosine (ratings centred on the other side's means).</summary>
    public static SimilarityMetric AdjustedCosine { get; } = new AdjustedCosine();

    /// <summary>Pearson-baseline with shrinkage 100.</summary>
    public static SimilarityMetric PearsonBaseline { get; } = new PearsonBaseline();
}

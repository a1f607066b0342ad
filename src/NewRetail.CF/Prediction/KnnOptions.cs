using NewRetail.CF.Similarities;

namespace NewRetail.CF;

/// <summary>What a neighbourhood prediction is centred on.</summary>
public enum Centering
{
    /// <summary>A plain weighted average of the neighbours' ratings: Σ w·r / Σ|w|.</summary>
    None = 0,

    /// <summary>
    /// The target's mean plus the weighted mean deviation of the neighbours:
    /// r̂(u,i) = r̄(u) + Σ w(u,v)·(r(v,i) − r̄(v)) / Σ|w(u,v)|. The default.
    /// </summary>
    Mean,

    /// <summary>
    /// Z-scores: r̂(u,i) = r̄(u) + σ(u)·Σ w·(r(v,i) − r̄(v))/σ(v) / Σ|w|, with population standard deviations.
    /// An entity whose ratings are all equal uses the standard deviation of all ratings instead of 0.
    /// </summary>
    ZScore,

    /// <summary>
    /// Baseline estimates: r̂(u,i) = b(u,i) + Σ w·(r(v,i) − b(v,i)) / Σ|w|, with b(u,i) = μ + b_u + b_i.
    /// </summary>
    Baseline,
}

/// <summary>How neighbour similarities weight the sum.</summary>
public enum NeighborWeighting
{
    /// <summary>
    /// Keep negative similarities and divide by Σ|w|, so a negatively correlated neighbour pushes the estimate the
    /// other way. The default.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Signed is the standard term for weights that keep their sign.")]
    Signed = 0,

    /// <summary>Discard neighbours with similarity ≤ 0 before choosing the top k, as Surprise does.</summary>
    PositiveOnly,
}

/// <summary>The estimate used when a neighbourhood prediction is impossible.</summary>
public enum FallbackEstimate
{
    /// <summary>
    /// The mean of the target entity: the user's mean for user-based models, the item's mean for item-based models,
    /// or the global mean when that entity is unknown. The default.
    /// </summary>
    TargetMean = 0,

    /// <summary>The mean of all training ratings.</summary>
    GlobalMean,

    /// <summary>The user's mean, or the global mean when the user is unknown.</summary>
    UserMean,

    /// <summary>The item's mean, or the global mean when the item is unknown.</summary>
    ItemMean,

    /// <summary>The baseline estimate μ + b_u + b_i, keeping the bias of whichever id is known.</summary>
    Baseline,
}

/// <summary>Options of the user-based and item-based neighbourhood models.</summary>
/// <remarks>
/// <para>Neighbours for r̂(u,i) are the users who rated i (item-based: the items u rated), with a non-zero similarity
/// (positive under <see cref="NeighborWeighting.PositiveOnly"/>), sorted by similarity, highest first, ties by id
/// order; the first <see cref="MaxNeighbors"/> are kept. The target is never its own neighbour.</para>
/// <para>When fewer than <see cref="MinNeighbors"/> remain, or an id is unknown, the prediction is marked impossible
/// and takes the fallback estimate.</para>
/// </remarks>
public sealed record KnnOptions
{
    /// <summary>The maximum number of neighbours k. Default: 40.</summary>
    public int MaxNeighbors { get; init; } = 40;

    /// <summary>The minimum number of usable neighbours; fewer makes the prediction impossible. Default: 1.</summary>
    public int MinNeighbors { get; init; } = 1;

    /// <summary>The similarity metric. Default: <see cref="Similarity.Pearson"/>.</summary>
    public SimilarityMetric Similarity { get; init; } = Similarities.Similarity.Pearson;

    /// <summary>
    /// The minimum number of co-rated entries for a similarity to be defined; below it the similarity is 0 and the
    /// pair is not a neighbour. Default: <see langword="null"/>, meaning the metric's
    /// <see cref="SimilarityMetric.DefaultMinSupport"/> (2 for Pearson, 1 otherwise).
    /// </summary>
    public int? MinSupport { get; init; }

    /// <summary>
    /// Shrinkage λ ≥ 0 applied to every similarity as sim·(n − 1)/(n − 1 + λ), n being the support. Default: 0 (none).
    /// </summary>
    public double Shrinkage { get; init; }

    /// <summary>What predictions are centred on. Default: <see cref="Centering.Mean"/>.</summary>
    public Centering Centering { get; init; } = Centering.Mean;

    /// <summary>How similarities weight the sum. Default: <see cref="NeighborWeighting.Signed"/>.</summary>
    public NeighborWeighting Weighting { get; init; } = NeighborWeighting.Signed;

    /// <summary>The estimate for an unknown user or item. Default: <see cref="FallbackEstimate.TargetMean"/>.</summary>
    public FallbackEstimate UnknownIdFallback { get; init; } = FallbackEstimate.TargetMean;

    /// <summary>The estimate when too few neighbours are usable. Default: <see cref="FallbackEstimate.TargetMean"/>.</summary>
    public FallbackEstimate TooFewNeighborsFallback { get; init; } = FallbackEstimate.TargetMean;

    /// <summary>How baseline biases are fitted, when centring, similarity or a fallback needs them.</summary>
    public BaselineOptions Baseline { get; init; } = new();

    /// <summary>
    /// The number of neighbours stored per entity (user for <see cref="UserKnn"/>, item for <see cref="ItemKnn"/>), or
    /// <see langword="null"/> to store every similarity in a dense n × n matrix. Default: <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// <para>With a value M, the fit keeps for each entity the M other entities with the highest similarity, sorted
    /// highest first with ties by id order, and only non-zero similarities. No n × n array is allocated: the lists take
    /// n·M·8 bytes at most, and the fit needs O(n) more per thread. Negative similarities are therefore stored only for
    /// an entity with fewer than M positive ones.</para>
    /// <para>A prediction for (u, i) then uses the first <see cref="MaxNeighbors"/> of x's stored neighbours that rated
    /// the other side (user-based: x = u, neighbours who rated i; item-based: x = i, neighbours that u rated). A
    /// neighbour outside the stored M is never used, so a prediction differs from the dense mode when one of its k
    /// best candidates is not among x's M most similar. With M ≥ n − 1 every non-zero similarity is stored and the
    /// predictions are those of the dense mode, up to the order of summation.</para>
    /// <para><c>Similarity(a, b)</c> returns the similarity stored in a's list, or 0 when b is not in it, so it can
    /// differ from <c>Similarity(b, a)</c>. <c>SimilarItems</c> reads the stored list, so it returns at most M items.</para>
    /// <para>The default is the dense matrix because it is exact for every k and, on catalogues of a few thousand
    /// entities, the faster of the two to fit. Set M for catalogues whose n² · 4 bytes do not fit in memory (the dense
    /// matrix also has a hard limit of about 46,000 entities) or when top-N lists for many users must be fast.</para>
    /// </remarks>
    public int? MaxStoredNeighbors { get; init; }

    /// <summary>
    /// The maximum number of threads that a fit and <see cref="KnnModel{TUser, TItem}.PredictMany"/> use. 0 or less means
    /// all cores. Results do not depend on it. Default: 0.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Returns these options with the fallbacks of Surprise 1.1.4's KNN algorithms for the current
    /// <see cref="Centering"/>: an unknown id gives the global mean (baseline centring: the baseline with the known
    /// bias terms); too few neighbours give the global mean for <see cref="Centering.None"/>, the target's mean for
    /// <see cref="Centering.Mean"/> and <see cref="Centering.ZScore"/>, and the baseline for
    /// <see cref="Centering.Baseline"/>.
    /// </summary>
    /// <returns>A copy with <see cref="UnknownIdFallback"/> and <see cref="TooFewNeighborsFallback"/> set.</returns>
    /// <remarks>Surprise also discards neighbours with similarity ≤ 0; combine with <see cref="NeighborWeighting.PositiveOnly"/> to match it.</remarks>
    public KnnOptions WithSurpriseFallbacks() => this with
    {
        UnknownIdFallback = Centering == Centering.Baseline ? FallbackEstimate.Baseline : FallbackEstimate.GlobalMean,
        TooFewNeighborsFallback = Centering switch
        {
            Centering.None => FallbackEstimate.GlobalMean,
            Centering.Baseline => FallbackEstimate.Baseline,
            _ => FallbackEstimate.TargetMean,
        },
    };

    /// <summary>
    /// Whether integer-valued ratings take the exact packed-integer similarity path. Results agree with the double
    /// path to float rounding; benchmarks turn it off to measure the double path as their baseline.
    /// </summary>
    internal bool AllowPackedSums { get; init; } = true;

    /// <summary>
    /// Whether a dense fit accumulates packed sums, finishes Pearson and cosine rows and mirrors the matrix with vector
    /// kernels where they apply. The matrix is the same either way. Benchmarks turn it off to measure the scalar loops
    /// as their baseline.
    /// </summary>
    internal bool AllowVectorKernels { get; init; } = true;

    internal int EffectiveMinSupport => MinSupport ?? Similarity.DefaultMinSupport;

    internal bool NeedsBaselines =>
        Centering == Centering.Baseline
        || Similarity.Centering == EntryCentering.Baseline
        || UnknownIdFallback == FallbackEstimate.Baseline
        || TooFewNeighborsFallback == FallbackEstimate.Baseline;

    internal void Validate()
    {
        if (MaxNeighbors < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNeighbors), MaxNeighbors, "MaxNeighbors (k) must be ≥ 1.");
        }

        if (MinNeighbors < 0 || MinNeighbors > MaxNeighbors)
        {
            throw new ArgumentOutOfRangeException(nameof(MinNeighbors), MinNeighbors, $"MinNeighbors must be in 0..MaxNeighbors ({MaxNeighbors}).");
        }

        if (Similarity is null)
        {
            throw new ArgumentNullException(nameof(Similarity), "Choose a similarity metric, for example Similarity.Pearson.");
        }

        if (MinSupport is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSupport), MinSupport, "MinSupport must be ≥ 1, or null for the metric's default.");
        }

        if (MaxStoredNeighbors is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStoredNeighbors), MaxStoredNeighbors, "MaxStoredNeighbors must be ≥ 1, or null for the dense similarity matrix.");
        }

        if (!double.IsFinite(Shrinkage) || Shrinkage < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Shrinkage), Shrinkage, "Shrinkage must be a finite number ≥ 0.");
        }

        if (!Enum.IsDefined(Centering))
        {
            throw new ArgumentOutOfRangeException(nameof(Centering), Centering, "Invalid centring. Use None, Mean, ZScore or Baseline.");
        }

        if (!Enum.IsDefined(Weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(Weighting), Weighting, "Invalid neighbour weighting. Use Signed or PositiveOnly.");
        }

        if (!Enum.IsDefined(UnknownIdFallback))
        {
            throw new ArgumentOutOfRangeException(nameof(UnknownIdFallback), UnknownIdFallback, "Invalid fallback. Use TargetMean, GlobalMean, UserMean, ItemMean or Baseline.");
        }

        if (!Enum.IsDefined(TooFewNeighborsFallback))
        {
            throw new ArgumentOutOfRangeException(nameof(TooFewNeighborsFallback), TooFewNeighborsFallback, "Invalid fallback. Use TargetMean, GlobalMean, UserMean, ItemMean or Baseline.");
        }

        ArgumentNullException.ThrowIfNull(Baseline);
        Baseline.Validate();
    }
}

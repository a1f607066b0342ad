using NewRetail.CF.Data;
using NewRetail.CF.Implicit.Internals;

namespace NewRetail.CF.Implicit;

/// <summary>
/// Item-based top-N recommendation from implicit feedback: scores an item by its similarity to the items a user
/// interacted with.
/// </summary>
/// <remarks>
/// <para>Fitting keeps, for every item j, its k most similar items i with s(j→i) &gt; 0. A user u with history H(u)
/// and preference weights w(u,j) gets score(i) = Σ_{j∈H(u)} s(j→i)·w(u,j), summed over the stored lists only, so an
/// item outside every list of the history scores 0 and is not a model item. Deshpande and Karypis, "Item-based top-N
/// recommendation algorithms", ACM TOIS 22(1), 2004.</para>
/// <para>Fitting costs Σ_u |N(u)|² for the co-occurrences, with one dense accumulator row per thread, and stores at
/// most k neighbours per item; no item × item matrix is built.</para>
/// <para><see cref="ImplicitKnnOptions"/> documents every option and its default.</para>
/// </remarks>
public sealed class ImplicitItemKnn : ITopNAlgorithm
{
    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}"/>.</param>
    public ImplicitItemKnn(ImplicitKnnOptions? options = null) => Options = options ?? new ImplicitKnnOptions();

    /// <summary>The options.</summary>
    public ImplicitKnnOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Describe("ImplicitItemKnn");

    /// <summary>Fits the model: computes the top-k neighbour list of every item.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0, for example from an event aggregation.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Two options cannot be combined.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImplicitItemKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        Options.Validate();
        var entries = PositiveEntries.From(ratings, Options.BinaryValues);
        var space = new SimilaritySpace(entries, userBased: false, Options);
        var neighbors = NeighborLists.Build(space, Options.MaxNeighbors, Options.NormalizeByRowMax, Options.MaxDegreeOfParallelism, cancellationToken);
        var context = new TopNContext<TUser, TItem>(ratings, PopularityRanking.FromMatrix(ratings, Options.PopularityMeasure));
        return new ImplicitItemKnnModel<TUser, TItem>(Options, entries, neighbors, context);
    }

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, cancellationToken);
}

/// <summary>
/// User-based top-N recommendation from implicit feedback: scores an item by what the most similar users interacted with.
/// </summary>
/// <remarks>
/// <para>Fitting keeps, for every user u, the k most similar users v with s(u→v) &gt; 0. The score of item i is
/// score(i) = Σ_{v∈top-k(u)} s(u→v)·w(v,i), w(v,i) being v's preference weight (0 when v has none for i).</para>
/// <para>A basket or session without a user id is compared with every training user in the same way, with the
/// training data's statistics (document frequencies, inverse frequencies, mean length), and scored from its own k
/// most similar users. Items of the basket that no training user has do not take part.</para>
/// <para>Fitting costs Σ_i |N(i)|² for the co-occurrences, with one dense accumulator row per thread, and stores at
/// most k neighbours per user; no user × user matrix is built. <see cref="ImplicitKnnOptions"/> documents every option.</para>
/// </remarks>
public sealed class ImplicitUserKnn : ITopNAlgorithm
{
    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}"/>.</param>
    public ImplicitUserKnn(ImplicitKnnOptions? options = null) => Options = options ?? new ImplicitKnnOptions();

    /// <summary>The options.</summary>
    public ImplicitKnnOptions Options { get; }

    /// <inheritdoc/>
    public string Name => Options.Describe("ImplicitUserKnn");

    /// <summary>Fits the model: computes the top-k neighbour list of every user.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0, for example from an event aggregation.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Two options cannot be combined.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImplicitUserKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        Options.Validate();
        var entries = PositiveEntries.From(ratings, Options.BinaryValues);
        var space = new SimilaritySpace(entries, userBased: true, Options);
        var neighbors = NeighborLists.Build(space, Options.MaxNeighbors, Options.NormalizeByRowMax, Options.MaxDegreeOfParallelism, cancellationToken);
        var context = new TopNContext<TUser, TItem>(ratings, PopularityRanking.FromMatrix(ratings, Options.PopularityMeasure));
        return new ImplicitUserKnnModel<TUser, TItem>(Options, entries, space, neighbors, context);
    }

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, cancellationToken);
}

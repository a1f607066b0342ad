using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit.Internals;
using NewRetail.CF.Internals;
using NeighborLists = NewRetail.CF.Implicit.Internals.NeighborLists;

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
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    public ImplicitItemKnn(ImplicitKnnOptions? options = null) => Options = options ?? new ImplicitKnnOptions();

    /// <summary>The options.</summary>
    public ImplicitKnnOptions Options { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes, elapsed time and stored
    /// bytes, and a fit that stored no neighbour at <see cref="LogLevel.Warning"/>. Default:
    /// <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

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
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the model and reports its progress: computes the top-k neighbour list of every item.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0, for example from an event aggregation.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Similarities"/> stage, one unit per item. <see cref="FitProgress"/> describes
    /// the thread it runs on. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the fit. It is checked before the work starts and before each item's list.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Two options cannot be combined.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImplicitItemKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        var fit = ImplicitFitting.Fit(ratings, Options, userBased: false, "ImplicitItemKnn", _logger, progress, cancellationToken);
        return new ImplicitItemKnnModel<TUser, TItem>(Options, fit.Entries, fit.Neighbors, fit.Context);
    }

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
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
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    public ImplicitUserKnn(ImplicitKnnOptions? options = null) => Options = options ?? new ImplicitKnnOptions();

    /// <summary>The options.</summary>
    public ImplicitKnnOptions Options { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes, elapsed time and stored
    /// bytes, and a fit that stored no neighbour at <see cref="LogLevel.Warning"/>. Default:
    /// <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

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
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the model and reports its progress: computes the top-k neighbour list of every user.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0, for example from an event aggregation.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Similarities"/> stage, one unit per user. <see cref="FitProgress"/> describes
    /// the thread it runs on. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the fit. It is checked before the work starts and before each user's list.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Two options cannot be combined.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ImplicitUserKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        var fit = ImplicitFitting.Fit(ratings, Options, userBased: true, "ImplicitUserKnn", _logger, progress, cancellationToken);
        return new ImplicitUserKnnModel<TUser, TItem>(Options, fit.Entries, fit.Space, fit.Neighbors, fit.Context);
    }

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
}

/// <summary>The fit shared by <see cref="ImplicitItemKnn"/> and <see cref="ImplicitUserKnn"/>: checks, logging and the neighbour lists.</summary>
internal static class ImplicitFitting
{
    public static Result<TUser, TItem> Fit<TUser, TItem>(
        RatingMatrix<TUser, TItem> ratings,
        ImplicitKnnOptions options,
        bool userBased,
        string kind,
        ILogger logger,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        string algorithm = options.Describe(kind);

        var entries = PositiveEntries.From(ratings, options.BinaryValues);
        var timer = FitLog.Start(logger, algorithm, ratings.Users.Count, ratings.Items.Count, ratings.Count);
        SimilaritySpace space;
        NeighborLists neighbors;
        try
        {
            space = new SimilaritySpace(entries, userBased, options);
            var rows = StageProgress.Start(progress, FitStage.Similarities, space.EntityCount);
            neighbors = NeighborLists.Build(space, options.MaxNeighbors, options.NormalizeByRowMax, options.MaxDegreeOfParallelism, cancellationToken, rows);
            rows?.Complete();
        }
        catch (OperationCanceledException)
        {
            timer.Canceled();
            throw;
        }

        var context = new TopNContext<TUser, TItem>(ratings, PopularityRanking.FromMatrix(ratings, options.PopularityMeasure));
        if (neighbors.Count == 0)
        {
            FitLog.NoStoredNeighbors(logger, algorithm, space.EntityCount, userBased ? "users" : "items");
        }

        timer.Finished(entries.Bytes + neighbors.Bytes);
        return new Result<TUser, TItem>(entries, space, neighbors, context);
    }

    public readonly record struct Result<TUser, TItem>(PositiveEntries Entries, SimilaritySpace Space, NeighborLists Neighbors, TopNContext<TUser, TItem> Context)
        where TUser : notnull
        where TItem : notnull;
}

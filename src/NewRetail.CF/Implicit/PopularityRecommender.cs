using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit.Internals;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Implicit;

/// <summary>The popularity baseline: recommends the most popular eligible items to everyone.</summary>
/// <remarks>Every list comes from the popularity ranking and is marked <see cref="RecommendationSource.Popularity"/>.</remarks>
public sealed class MostPopular : ITopNAlgorithm
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm.</summary>
    /// <param name="measure">How popularity is counted. Default: <see cref="PopularityMeasure.Users"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="measure"/> is not a defined value.</exception>
    public MostPopular(PopularityMeasure measure = PopularityMeasure.Users)
    {
        if (!Enum.IsDefined(measure))
        {
            throw new ArgumentOutOfRangeException(nameof(measure), measure, "Invalid popularity measure. Use Users or Weight.");
        }

        Measure = measure;
    }

    /// <summary>How popularity is counted.</summary>
    public PopularityMeasure Measure { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes and elapsed time.
    /// Default: <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

    /// <inheritdoc/>
    public string Name => Measure == PopularityMeasure.Users ? "MostPopular(users)" : "MostPopular(weight)";

    /// <summary>Fits the model: ranks the items of <paramref name="ratings"/> by popularity.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0.</param>
    /// <param name="cancellationToken">Checked before the ranking, which takes one pass over the data and is not interrupted.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public PopularityRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the model and reports its progress: ranks the items of <paramref name="ratings"/> by popularity.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Popularity"/> stage, which has one unit: 0 before the ranking and 1 after it.
    /// Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">
    /// Checked before the work starts and again after the first progress report, but not during the ranking, which
    /// takes one pass over the data.
    /// </param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty, has a negative value or has no positive value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public PopularityRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        cancellationToken.ThrowIfCancellationRequested();

        // The same checks as the neighbourhood models, so that every model accepts the same data.
        PositiveEntries.From(ratings, binary: false);
        var stage = StageProgress.Start(progress, FitStage.Popularity, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var timer = FitLog.Start(_logger, Name, ratings.Users.Count, ratings.Items.Count, ratings.Count);
        var ranking = PopularityRanking.FromMatrix(ratings, Measure);
        stage?.Complete();

        // Counts the popularity values and matrix indices, not the item ids or the rank lookup.
        timer.Finished((long)ranking.Count * (sizeof(double) + sizeof(int)));
        return new PopularityRecommender<TUser, TItem>(new TopNContext<TUser, TItem>(ratings, ranking));
    }

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    ITopNRecommender<TUser, TItem> ITopNAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
}

/// <summary>A fitted popularity baseline. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// It applies the filters of <see cref="TopNRequest{TItem}"/> like the other models, so a comparison measures the
/// scores only. <see cref="TopNRequest{TItem}.FillWithPopularity"/> off gives empty lists, because this model scores
/// nothing itself.
/// </remarks>
public sealed class PopularityRecommender<TUser, TItem> : ITopNRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly TopNContext<TUser, TItem> _context;

    internal PopularityRecommender(TopNContext<TUser, TItem> context) => _context = context;

    /// <summary>The training data.</summary>
    public RatingMatrix<TUser, TItem> Ratings => _context.Ratings;

    /// <summary>The popularity ranking of the training items.</summary>
    public PopularityRanking<TItem> Popularity => _context.Popularity;

    /// <summary>The history that defines interacted items by behaviour, or <see langword="null"/> when none is attached.</summary>
    public InteractionHistory<TUser, TItem>? History => _context.History;

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> Recommend(TUser user, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        Ratings.Users.TryGetIndex(user, out int u);
        return Select(_context.FilterForUser(user, u, request), request);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> RecommendFromItems(IEnumerable<WeightedItem<TItem>> items, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(request);
        var basket = WeightedBasket<TItem>.Collect(items, Ratings.Items, binary: false);
        return Select(RequestFilter<TItem>.ForItems(request, basket.Ids), request);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> SimilarItems(TItem item, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(request);
        return Select(RequestFilter<TItem>.ForItem(request, item), request);
    }

    /// <summary>Returns a copy of this model that excludes interacted items by behaviour, using <paramref name="history"/>.</summary>
    /// <param name="history">The users' events, usually the training events the matrix was aggregated from.</param>
    /// <returns>A model that shares this one's ranking; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public PopularityRecommender<TUser, TItem> WithHistory(InteractionHistory<TUser, TItem> history)
        => new(_context.WithHistory(history)) { LastUpdate = LastUpdate };

    /// <summary>What the update that produced this model did, or null for a model that was fitted or loaded.</summary>
    public ModelUpdateSummary? LastUpdate { get; private init; }

    /// <summary>
    /// Applies <paramref name="changes"/> to the preference weights and returns a new model with the ranking of the
    /// changed matrix, equal to a fit on it. This model is not changed.
    /// </summary>
    /// <param name="changes">The batch of changes.</param>
    /// <param name="cancellationToken">Checked once before the update starts.</param>
    /// <returns>The new model; <see cref="LastUpdate"/> describes what the update did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    /// <exception cref="ArgumentException">A change names an unknown id, or two changes conflict.</exception>
    /// <exception cref="RatingDataException">
    /// A weight is not finite or outside the matrix's scale, or the changed matrix would be empty or have no positive weight.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// The ranking is computed again from the changed matrix, one pass over its entries, so
    /// <see cref="ModelUpdateSummary.RowsRecomputed"/> is 0. An attached <see cref="History"/> stays attached without
    /// the events of forgotten users and items; other changes do not alter it.
    /// </remarks>
    public PopularityRecommender<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, CancellationToken cancellationToken = default)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var (applied, _) = ImplicitModelUpdate.ApplyChanges(Ratings, changes, binary: false, cancellationToken);
        var context = ImplicitModelUpdate.NewContext(_context, applied, Popularity.Measure);
        var summary = applied.Summarize(changes.Count, rowsRecomputed: 0, listsRepaired: 0, fullRefitReason: null, start);
        return new PopularityRecommender<TUser, TItem>(context) { LastUpdate = summary };
    }

    /// <summary>Returns a new model without <paramref name="user"/>: equal to a fit on the matrix without the user.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="cancellationToken">Checked once before the update starts.</param>
    /// <returns>The new model; an attached history no longer contains the user.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is null.</exception>
    /// <exception cref="ArgumentException">The user is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the user, the matrix would be empty or have no positive weight.</exception>
    public PopularityRecommender<TUser, TItem> ForgetUser(TUser user, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.User<TUser, TItem>(Ratings.Users, user), cancellationToken);

    /// <summary>Returns a new model without <paramref name="item"/>: equal to a fit on the matrix without the item.</summary>
    /// <param name="item">An item id of the model.</param>
    /// <param name="cancellationToken">Checked once before the update starts.</param>
    /// <returns>The new model; an attached history no longer contains the item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException">The item is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the item, the matrix would be empty or have no positive weight.</exception>
    public PopularityRecommender<TUser, TItem> ForgetItem(TItem item, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.Item<TUser, TItem>(Ratings.Items, item), cancellationToken);

    ITopNRecommender<TUser, TItem> ITopNRecommender<TUser, TItem>.WithHistory(InteractionHistory<TUser, TItem> history) => WithHistory(history);

    private Recommendation<TItem>[] Select(RequestFilter<TItem> filter, TopNRequest<TItem> request)
    {
        if (request.Count == 0)
        {
            return [];
        }

        var workspace = _context.Rent();
        try
        {
            return _context.Select(workspace, filter, request);
        }
        finally
        {
            _context.Return(workspace);
        }
    }
}

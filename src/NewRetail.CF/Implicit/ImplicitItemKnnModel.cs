using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit.Internals;

namespace NewRetail.CF.Implicit;

/// <summary>A fitted item-based implicit neighbourhood model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para><see cref="ImplicitItemKnn"/> gives the scoring formula. <see cref="RecommendFromItems"/> uses it with the
/// given items and weights as the history, and <see cref="SimilarItems"/> returns the stored list of the item.</para>
/// </remarks>
public sealed class ImplicitItemKnnModel<TUser, TItem> : ITopNRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly PositiveEntries _entries;
    private readonly NeighborLists _neighbors;
    private readonly TopNContext<TUser, TItem> _context;

    internal ImplicitItemKnnModel(ImplicitKnnOptions options, PositiveEntries entries, NeighborLists neighbors, TopNContext<TUser, TItem> context)
    {
        Options = options;
        _entries = entries;
        _neighbors = neighbors;
        _context = context;
    }

    /// <summary>The options the model was fitted with.</summary>
    public ImplicitKnnOptions Options { get; }

    /// <summary>The training data.</summary>
    public RatingMatrix<TUser, TItem> Ratings => _context.Ratings;

    /// <summary>The model's popularity ranking of the training items, used to fill lists.</summary>
    public PopularityRanking<TItem> Popularity => _context.Popularity;

    /// <summary>The history that defines interacted items by behaviour, or <see langword="null"/> when none is attached.</summary>
    public InteractionHistory<TUser, TItem>? History => _context.History;

    /// <summary>The number of stored entries with value 0, which count as interacted but take no part in similarities and scores.</summary>
    public int ZeroEntryCount => _entries.ZeroCount;

    /// <summary>The total number of stored neighbours over all items.</summary>
    public int NeighborCount => _neighbors.Count;

    /// <summary>What the update that produced this model did, or null for a model that was fitted or loaded.</summary>
    public ModelUpdateSummary? LastUpdate { get; private init; }

    /// <summary>Returns the stored neighbour list of <paramref name="item"/>, without any filter.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>Up to k items with s(item→neighbour) &gt; 0, highest first, ties by id order; empty for an unknown item.</returns>
    public IReadOnlyList<Neighbor<TItem>> Neighbors(TItem item)
    {
        if (!Ratings.Items.TryGetIndex(item, out int index))
        {
            return [];
        }

        var indices = _neighbors.NeighborsOf(index);
        var similarities = _neighbors.SimilaritiesOf(index);
        var list = new Neighbor<TItem>[indices.Length];
        for (int t = 0; t < list.Length; t++)
        {
            list[t] = new Neighbor<TItem>(Ratings.Items.IdArray[indices[t]], similarities[t]);
        }

        return list;
    }

    /// <summary>Returns the stored similarity s(<paramref name="from"/>→<paramref name="to"/>).</summary>
    /// <param name="from">The item whose list is searched.</param>
    /// <param name="to">The neighbour.</param>
    /// <returns>The similarity, or 0 when <paramref name="to"/> is not in the list of <paramref name="from"/> or an id is unknown.</returns>
    public double Similarity(TItem from, TItem to)
        => Ratings.Items.TryGetIndex(from, out int a) && Ratings.Items.TryGetIndex(to, out int b) ? _neighbors.Find(a, b) : 0;

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> Recommend(TUser user, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        bool known = Ratings.Users.TryGetIndex(user, out int u);
        var filter = _context.FilterForUser(user, u, request);
        if (request.Count == 0)
        {
            return [];
        }

        if (!known)
        {
            return ScoreAndSelect([], [], filter, request);
        }

        var history = _entries.UserRowItems(u);
        var values = _entries.UserRowValues(u);
        var weights = new double[history.Length];
        for (int t = 0; t < weights.Length; t++)
        {
            weights[t] = values[t];
        }

        return ScoreAndSelect(history, weights, filter, request);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> RecommendFromItems(IEnumerable<WeightedItem<TItem>> items, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(request);
        var basket = WeightedBasket<TItem>.Collect(items, Ratings.Items, Options.BinaryValues);
        var filter = RequestFilter<TItem>.ForItems(request, basket.Ids);
        return request.Count == 0 ? [] : ScoreAndSelect(basket.Indices, basket.Weights, filter, request);
    }

    /// <inheritdoc/>
    /// <remarks>The model items are the stored neighbour list of <paramref name="item"/> with its similarities as scores.</remarks>
    public IReadOnlyList<Recommendation<TItem>> SimilarItems(TItem item, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(request);
        var filter = RequestFilter<TItem>.ForItem(request, item);
        if (request.Count == 0)
        {
            return [];
        }

        return Ratings.Items.TryGetIndex(item, out int index)
            ? ScoreAndSelect([index], [1.0], filter, request)
            : ScoreAndSelect([], [], filter, request);
    }

    /// <summary>Returns a copy of this model that excludes interacted items by behaviour, using <paramref name="history"/>.</summary>
    /// <param name="history">The users' events, usually the training events the matrix was aggregated from.</param>
    /// <returns>A model that shares this one's fitted data; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public ImplicitItemKnnModel<TUser, TItem> WithHistory(InteractionHistory<TUser, TItem> history)
        => new(Options, _entries, _neighbors, _context.WithHistory(history)) { LastUpdate = LastUpdate };

    /// <summary>
    /// Applies <paramref name="changes"/> to the preference weights and returns a new model equal to a fit on the
    /// changed matrix with the same options. This model is not changed, so readers of it are never disturbed.
    /// </summary>
    /// <param name="changes">
    /// The batch of changes. To bring a user up to date with new events, aggregate all of the user's events again and
    /// replace the user's row, for example with <see cref="RatingChanges{TUser, TItem}.ReplaceUsers(RatingMatrix{TUser, TItem}, IEnumerable{TUser})"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; <see cref="LastUpdate"/> describes what the update did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    /// <exception cref="ArgumentException">A change names an unknown id, or two changes conflict.</exception>
    /// <exception cref="RatingDataException">
    /// A weight is not finite or outside the matrix's scale, or the changed matrix would be empty or have no positive weight.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// <para>Without a weighting and without <see cref="ImplicitKnnOptions.InverseFrequency"/>, only the lists of items
    /// whose users changed are recomputed, and the lists of other items are merged with the new values; TF-IDF,
    /// BM25, inverse frequency, and log-likelihood when the number of active users changes, refit every list.
    /// docs/updates.md gives the details and the cost.</para>
    /// <para>The popularity ranking is computed from the changed matrix. An attached <see cref="History"/> stays
    /// attached without the events of forgotten users and items; other changes do not alter it.</para>
    /// </remarks>
    public ImplicitItemKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, CancellationToken cancellationToken = default)
        => Update(changes, KnnModel<TUser, TItem>.DefaultRefitFraction, cancellationToken);

    /// <summary>Returns a new model without <paramref name="user"/>: equal to a fit on the matrix without the user.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; an attached history no longer contains the user.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is null.</exception>
    /// <exception cref="ArgumentException">The user is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the user, the matrix would be empty or have no positive weight.</exception>
    public ImplicitItemKnnModel<TUser, TItem> ForgetUser(TUser user, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.User<TUser, TItem>(Ratings.Users, user), cancellationToken);

    /// <summary>Returns a new model without <paramref name="item"/>: equal to a fit on the matrix without the item.</summary>
    /// <param name="item">An item id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; an attached history no longer contains the item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException">The item is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the item, the matrix would be empty or have no positive weight.</exception>
    public ImplicitItemKnnModel<TUser, TItem> ForgetItem(TItem item, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.Item<TUser, TItem>(Ratings.Items, item), cancellationToken);

    internal ImplicitItemKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, double refitFraction, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var (applied, entries) = ImplicitModelUpdate.ApplyChanges(Ratings, changes, Options.BinaryValues, cancellationToken);
        var outcome = NeighborListUpdate.Apply(
            _entries, null, _neighbors, entries, userBased: false, Options, applied.ItemNewToOld, applied.ChangedItems, refitFraction, cancellationToken);
        var context = ImplicitModelUpdate.NewContext(_context, applied, Options.PopularityMeasure);
        var summary = applied.Summarize(changes.Count, outcome.Recomputed, outcome.Repaired, outcome.RefitReason, start);
        return new ImplicitItemKnnModel<TUser, TItem>(Options, entries, outcome.Lists, context) { LastUpdate = summary };
    }

    ITopNRecommender<TUser, TItem> ITopNRecommender<TUser, TItem>.WithHistory(InteractionHistory<TUser, TItem> history) => WithHistory(history);

    internal NeighborLists NeighborLists => _neighbors;

    private Recommendation<TItem>[] ScoreAndSelect(ReadOnlySpan<int> items, ReadOnlySpan<double> weights, RequestFilter<TItem> filter, TopNRequest<TItem> request)
    {
        var workspace = _context.Rent();
        try
        {
            long work = 0;
            foreach (int item in items)
            {
                work += _neighbors.NeighborsOf(item).Length;
            }

            workspace.Begin(work);
            for (int t = 0; t < items.Length && work > 0; t++)
            {
                workspace.Add(_neighbors.NeighborsOf(items[t]), _neighbors.SimilaritiesOf(items[t]), weights[t]);
            }

            var list = _context.Select(workspace, filter, request);
            workspace.End();
            return list;
        }
        finally
        {
            _context.Return(workspace);
        }
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit.Internals;

namespace NewRetail.CF.Implicit;

/// <summary>A fitted user-based implicit neighbourhood model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para><see cref="ImplicitUserKnn"/> gives the scoring formula. <see cref="RecommendFromItems"/> and
/// <see cref="SimilarItems"/> compare the given items (or the one item) with every training user, as a new user would
/// be compared, and score from the k most similar users: "customers who bought this also bought".</para>
/// </remarks>
public sealed class ImplicitUserKnnModel<TUser, TItem> : ITopNRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly PositiveEntries _entries;
    private readonly SimilaritySpace _space;
    private readonly NeighborLists _neighbors;
    private readonly TopNContext<TUser, TItem> _context;

    internal ImplicitUserKnnModel(
        ImplicitKnnOptions options, PositiveEntries entries, SimilaritySpace space, NeighborLists neighbors, TopNContext<TUser, TItem> context)
    {
        Options = options;
        _entries = entries;
        _space = space;
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

    /// <summary>The total number of stored neighbours over all users.</summary>
    public int NeighborCount => _neighbors.Count;

    /// <summary>What the update that produced this model did, or null for a model that was fitted or loaded.</summary>
    public ModelUpdateSummary? LastUpdate { get; private init; }

    /// <summary>Returns the stored neighbour list of <paramref name="user"/>.</summary>
    /// <param name="user">The user id.</param>
    /// <returns>Up to k users with s(user→neighbour) &gt; 0, highest first, ties by id order; empty for an unknown user.</returns>
    public IReadOnlyList<Neighbor<TUser>> Neighbors(TUser user)
    {
        if (!Ratings.Users.TryGetIndex(user, out int index))
        {
            return [];
        }

        var indices = _neighbors.NeighborsOf(index);
        var similarities = _neighbors.SimilaritiesOf(index);
        var list = new Neighbor<TUser>[indices.Length];
        for (int t = 0; t < list.Length; t++)
        {
            list[t] = new Neighbor<TUser>(Ratings.Users.IdArray[indices[t]], similarities[t]);
        }

        return list;
    }

    /// <summary>Returns the stored similarity s(<paramref name="from"/>→<paramref name="to"/>).</summary>
    /// <param name="from">The user whose list is searched.</param>
    /// <param name="to">The neighbour.</param>
    /// <returns>The similarity, or 0 when <paramref name="to"/> is not in the list of <paramref name="from"/> or an id is unknown.</returns>
    public double Similarity(TUser from, TUser to)
        => Ratings.Users.TryGetIndex(from, out int a) && Ratings.Users.TryGetIndex(to, out int b) ? _neighbors.Find(a, b) : 0;

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

        var workspace = _context.Rent();
        try
        {
            var users = known ? _neighbors.NeighborsOf(u) : default;
            var similarities = known ? _neighbors.SimilaritiesOf(u) : default;
            var weights = new double[similarities.Length];
            for (int t = 0; t < weights.Length; t++)
            {
                weights[t] = similarities[t];
            }

            return ScoreAndSelect(users, weights, filter, request, workspace);
        }
        finally
        {
            _context.Return(workspace);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Recommendation<TItem>> RecommendFromItems(IEnumerable<WeightedItem<TItem>> items, TopNRequest<TItem> request)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(request);
        var basket = WeightedBasket<TItem>.Collect(items, Ratings.Items, Options.BinaryValues);
        var filter = RequestFilter<TItem>.ForItems(request, basket.Ids);
        return request.Count == 0 ? [] : FoldInAndSelect(basket.Indices, basket.Weights, filter, request);
    }

    /// <inheritdoc/>
    /// <remarks>The model items are those scored for a basket that contains <paramref name="item"/> alone.</remarks>
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
            ? FoldInAndSelect([index], [1.0], filter, request)
            : FoldInAndSelect([], [], filter, request);
    }

    /// <summary>Returns a copy of this model that excludes interacted items by behaviour, using <paramref name="history"/>.</summary>
    /// <param name="history">The users' events, usually the training events the matrix was aggregated from.</param>
    /// <returns>A model that shares this one's fitted data; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public ImplicitUserKnnModel<TUser, TItem> WithHistory(InteractionHistory<TUser, TItem> history)
        => new(Options, _entries, _space, _neighbors, _context.WithHistory(history)) { LastUpdate = LastUpdate };

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
    /// <para>Without a weighting and without <see cref="ImplicitKnnOptions.InverseFrequency"/>, only the lists of users
    /// whose items changed are recomputed, and the lists of other users are merged with the new values; TF-IDF,
    /// BM25, inverse frequency, and log-likelihood when the number of active items changes, refit every list.
    /// docs/updates.md gives the details and the cost.</para>
    /// <para>The popularity ranking is computed from the changed matrix. An attached <see cref="History"/> stays
    /// attached without the events of forgotten users and items; other changes do not alter it.</para>
    /// </remarks>
    public ImplicitUserKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, CancellationToken cancellationToken = default)
        => Update(changes, KnnModel<TUser, TItem>.DefaultRefitFraction, cancellationToken);

    /// <summary>Returns a new model without <paramref name="user"/>: equal to a fit on the matrix without the user.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; an attached history no longer contains the user.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is null.</exception>
    /// <exception cref="ArgumentException">The user is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the user, the matrix would be empty or have no positive weight.</exception>
    public ImplicitUserKnnModel<TUser, TItem> ForgetUser(TUser user, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.User<TUser, TItem>(Ratings.Users, user), cancellationToken);

    /// <summary>Returns a new model without <paramref name="item"/>: equal to a fit on the matrix without the item.</summary>
    /// <param name="item">An item id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; an attached history no longer contains the item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    /// <exception cref="ArgumentException">The item is not in the model.</exception>
    /// <exception cref="RatingDataException">Without the item, the matrix would be empty or have no positive weight.</exception>
    public ImplicitUserKnnModel<TUser, TItem> ForgetItem(TItem item, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.Item<TUser, TItem>(Ratings.Items, item), cancellationToken);

    internal ImplicitUserKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, double refitFraction, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var (applied, entries) = ImplicitModelUpdate.ApplyChanges(Ratings, changes, Options.BinaryValues, cancellationToken);
        var outcome = NeighborListUpdate.Apply(
            _entries, _space, _neighbors, entries, userBased: true, Options, applied.UserNewToOld, applied.ChangedUsers, refitFraction, cancellationToken);
        var context = ImplicitModelUpdate.NewContext(_context, applied, Options.PopularityMeasure);
        var summary = applied.Summarize(changes.Count, outcome.Recomputed, outcome.Repaired, outcome.RefitReason, start);
        return new ImplicitUserKnnModel<TUser, TItem>(Options, entries, outcome.Space, outcome.Lists, context) { LastUpdate = summary };
    }

    ITopNRecommender<TUser, TItem> ITopNRecommender<TUser, TItem>.WithHistory(InteractionHistory<TUser, TItem> history) => WithHistory(history);

    internal NeighborLists NeighborLists => _neighbors;

    internal SimilaritySpace Space => _space;

    /// <summary>Finds the k training users most similar to a basket, then scores from them.</summary>
    private Recommendation<TItem>[] FoldInAndSelect(ReadOnlySpan<int> items, ReadOnlySpan<double> weights, RequestFilter<TItem> filter, TopNRequest<TItem> request)
    {
        var workspace = _context.Rent();
        try
        {
            // 1. Weigh the basket like a training user: items no training user has cannot link it to anyone.
            var features = new List<int>(items.Length);
            var raw = new List<double>(items.Length);
            double length = 0;
            for (int t = 0; t < items.Length; t++)
            {
                if (_space.IsActive(items[t]))
                {
                    features.Add(items[t]);
                    raw.Add(weights[t]);
                    length += weights[t];
                }
            }

            var values = new float[features.Count];
            for (int t = 0; t < values.Length; t++)
            {
                values[t] = _space.Weigh(raw[t], length, features[t]);
            }

            // 2. Its k most similar users, best first, normalised like the stored lists.
            var featureSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(features);
            var (norm, size) = _space.Sums(featureSpan, values);
            var search = workspace.Neighbors ??= new RowWorkspace(_space.EntityCount, Options.MaxNeighbors);
            search.Top.Reset(Math.Min(Options.MaxNeighbors, _space.EntityCount));
            _space.FindNeighbors(-1, featureSpan, values, norm, size, search);
            var similarities = new double[search.Top.Count];
            var users = new int[search.Top.Count];
            search.Top.DrainBestFirst(similarities, users);
            var stored = NeighborLists.ToStored(similarities, Options.NormalizeByRowMax);
            for (int t = 0; t < similarities.Length; t++)
            {
                similarities[t] = stored[t];
            }

            // 3. Scores from their rows.
            return ScoreAndSelect(users, similarities, filter, request, workspace);
        }
        finally
        {
            _context.Return(workspace);
        }
    }

    /// <summary>Computes score(i) = Σ_v s(v)·w(v,i) over the given neighbours, then selects the list.</summary>
    private Recommendation<TItem>[] ScoreAndSelect(
        ReadOnlySpan<int> users, ReadOnlySpan<double> similarities, RequestFilter<TItem> filter, TopNRequest<TItem> request, ScoringWorkspace workspace)
    {
        long work = 0;
        foreach (int user in users)
        {
            work += _entries.UserRowItems(user).Length;
        }

        workspace.Begin(work);
        for (int t = 0; t < users.Length && work > 0; t++)
        {
            workspace.Add(_entries.UserRowItems(users[t]), _entries.UserRowValues(users[t]), similarities[t]);
        }

        var list = _context.Select(workspace, filter, request);
        workspace.End();
        return list;
    }
}

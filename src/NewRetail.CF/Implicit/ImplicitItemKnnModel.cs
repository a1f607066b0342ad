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
        => new(Options, _entries, _neighbors, _context.WithHistory(history));

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

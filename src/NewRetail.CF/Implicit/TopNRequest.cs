using NewRetail.CF.Events;

namespace NewRetail.CF.Implicit;

/// <summary>What a top-N list may contain and how long it is.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para><b>Eligible items.</b> An item can be returned when it is a training item of the model or the request's
/// <see cref="Popularity"/> ranks it, it is in <see cref="Candidates"/> (when given), it is not in
/// <see cref="Exclude"/>, it is not an interacted item (see <see cref="ExcludeInteracted"/>) unless
/// <see cref="CanRepeat"/> allows it, and <see cref="Filter"/> (when given) accepts it.</para>
/// <para><b>Length.</b> The list has min(<see cref="Count"/>, number of eligible items) entries when
/// <see cref="FillWithPopularity"/> is on: first the items the model scores above 0, best first, then the most popular
/// of the remaining eligible items, marked <see cref="RecommendationSource.Popularity"/>. With it off, only model items
/// are returned, so the list can be shorter.</para>
/// <para><b>Order.</b> Model items by score, highest first; popularity items by the ranking of <see cref="Popularity"/>,
/// then by the model's own popularity ranking for items that one lacks. Ties go to the lower item index, which is
/// the item id order.</para>
/// <para>Requests are plain data and can be shared between threads, provided the collections and delegates in them can.</para>
/// </remarks>
public sealed record TopNRequest<TItem>
    where TItem : notnull
{
    /// <summary>Creates a request for <paramref name="count"/> items.</summary>
    /// <param name="count">The requested list length N, ≥ 0. Larger than the catalogue is allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public TopNRequest(int count)
    {
        Count = count;
    }

    /// <summary>The requested list length N, ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Count
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(Count));
            field = value;
        }
    }

    /// <summary>
    /// Whether to leave out items the user already interacted with. Default: <see langword="true"/>, because a
    /// recommendation should show something new, and held-out evaluation expects it.
    /// </summary>
    /// <remarks>
    /// <para>For <see cref="ITopNRecommender{TUser, TItem}.Recommend"/>, the interacted items are, without an attached
    /// history, the items with a stored entry (0 included) in the user's row of the training matrix; with a history
    /// attached by <see cref="ITopNRecommender{TUser, TItem}.WithHistory"/>, the items the history has an event for
    /// with one of <see cref="ExcludedBehaviors"/>.</para>
    /// <para>For <see cref="ITopNRecommender{TUser, TItem}.RecommendFromItems"/> they are the given items.
    /// <see cref="ITopNRecommender{TUser, TItem}.SimilarItems"/> never returns its own item, whatever this option is.</para>
    /// </remarks>
    public bool ExcludeInteracted { get; init; } = true;

    /// <summary>
    /// The behaviours that make an item interacted, such as only <see cref="Behavior.Purchase"/> so that viewed items
    /// can be shown again. Default: <see langword="null"/>, meaning every behaviour.
    /// </summary>
    /// <remarks>
    /// Needs a history attached with <see cref="ITopNRecommender{TUser, TItem}.WithHistory"/>;
    /// <see cref="ITopNRecommender{TUser, TItem}.Recommend"/> throws without one. Requests without a user
    /// (<see cref="ITopNRecommender{TUser, TItem}.RecommendFromItems"/>, <see cref="ITopNRecommender{TUser, TItem}.SimilarItems"/>)
    /// do not read it.
    /// </remarks>
    public IReadOnlyCollection<Behavior>? ExcludedBehaviors { get; init; }

    /// <summary>
    /// Returns whether an interacted item may be recommended again, such as a consumable that customers buy every week.
    /// Default: <see langword="null"/>, meaning none may.
    /// </summary>
    public Func<TItem, bool>? CanRepeat { get; init; }

    /// <summary>
    /// The only items to rank, for example the products of one category or of a campaign. Default:
    /// <see langword="null"/>, meaning every item. An empty collection gives an empty list.
    /// </summary>
    /// <remarks>Repeated ids count once. An id that is neither a training item nor ranked by <see cref="Popularity"/> is never returned.</remarks>
    public IReadOnlyCollection<TItem>? Candidates { get; init; }

    /// <summary>Items never to return, for example those already on the page. Default: <see langword="null"/> (none).</summary>
    public IReadOnlyCollection<TItem>? Exclude { get; init; }

    /// <summary>
    /// A business rule that returns <see langword="true"/> for items that may be shown, such as "in stock" or "sold in
    /// this store". Default: <see langword="null"/>, meaning every item may.
    /// </summary>
    /// <remarks>Called only for items that could enter the list, and possibly from several threads when the request is shared.</remarks>
    public Func<TItem, bool>? Filter { get; init; }

    /// <summary>
    /// Whether to fill the list from popularity when the model scores fewer than <see cref="Count"/> eligible items.
    /// Default: <see langword="true"/>, so that a list has N entries whenever N eligible items exist.
    /// </summary>
    public bool FillWithPopularity { get; init; } = true;

    /// <summary>
    /// The ranking to fill from first, for example per channel or over the last week (see
    /// <see cref="PopularityRanking.FromEvents"/>). Default: <see langword="null"/>, meaning the model's own ranking,
    /// which is also used after this one for items it lacks.
    /// </summary>
    public PopularityRanking<TItem>? Popularity { get; init; }
}

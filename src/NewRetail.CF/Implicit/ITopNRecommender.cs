using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Implicit;

/// <summary>A fitted model that produces top-N lists for a user, for a set of items, and for one item.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para><see cref="TopNRequest{TItem}"/> states which items are eligible, how the list is filled from popularity and in
/// which order entries come. Every entry records whether the model or popularity supplied it.</para>
/// <para>Fitted models are immutable; every member is safe to call from many threads at once.</para>
/// </remarks>
public interface ITopNRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    /// <summary>Recommends items for <paramref name="user"/> from the user's training history.</summary>
    /// <param name="user">The user id. A user unknown to the model, or without history, gets the popularity ranking.</param>
    /// <param name="request">The list length and filters.</param>
    /// <returns>The list, as <see cref="TopNRequest{TItem}"/> describes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The request sets <see cref="TopNRequest{TItem}.ExcludedBehaviors"/> but no history is attached, or a collection in it contains a null id.
    /// </exception>
    IReadOnlyList<Recommendation<TItem>> Recommend(TUser user, TopNRequest<TItem> request);

    /// <summary>Recommends items for a basket or session, without a user id.</summary>
    /// <param name="items">
    /// The items with their weights. Weights of a repeated item add up. Items the model does not know add nothing to the
    /// scores but are still interacted items.
    /// </param>
    /// <param name="request">The list length and filters. The given items are the interacted items.</param>
    /// <returns>The list; the popularity ranking when no given item is known.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">An item id is null, a weight is negative, NaN or infinite, or a collection in the request contains a null id.</exception>
    IReadOnlyList<Recommendation<TItem>> RecommendFromItems(IEnumerable<WeightedItem<TItem>> items, TopNRequest<TItem> request);

    /// <summary>Lists the items most related to <paramref name="item"/>: "bought together" or "similar products".</summary>
    /// <param name="item">The item id. It never appears in its own list. An unknown item gets the popularity ranking.</param>
    /// <param name="request">The list length and filters.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">A collection in the request contains a null id.</exception>
    IReadOnlyList<Recommendation<TItem>> SimilarItems(TItem item, TopNRequest<TItem> request);

    /// <summary>Returns a copy of this model that excludes interacted items by behaviour, using <paramref name="history"/>.</summary>
    /// <param name="history">The users' events, usually the training events the matrix was aggregated from.</param>
    /// <returns>A model that shares this one's fitted data; this one is unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    ITopNRecommender<TUser, TItem> WithHistory(InteractionHistory<TUser, TItem> history);
}

/// <summary>An algorithm that fits an <see cref="ITopNRecommender{TUser, TItem}"/> on a preference matrix.</summary>
/// <remarks>Algorithms hold options and, in this library, a logger. Fitting never changes them, so one instance can fit many matrices.</remarks>
public interface ITopNAlgorithm
{
    /// <summary>A short description for reports, such as <c>ImplicitItemKnn(cosine, k=50)</c>.</summary>
    string Name { get; }

    /// <summary>Fits a model on <paramref name="ratings"/>.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0.</param>
    /// <param name="cancellationToken">Cancels a long fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> has no positive value, or has a negative one.</exception>
    ITopNRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull;

    /// <summary>Fits a model on <paramref name="ratings"/> and reports its progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data: preference weights ≥ 0.</param>
    /// <param name="progress">Receives the stages of the fit, as <see cref="FitProgress"/> describes. Null reports nothing.</param>
    /// <param name="cancellationToken">Cancels a long fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> has no positive value, or has a negative one.</exception>
    /// <remarks>
    /// The default implementation calls <see cref="Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, CancellationToken)"/>
    /// and reports nothing, so an algorithm written before this overload existed keeps working. The algorithms of this
    /// library implement it.
    /// </remarks>
    ITopNRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, cancellationToken);
}

/// <summary>Shorter calls for common <see cref="ITopNRecommender{TUser, TItem}"/> requests.</summary>
public static class TopNRecommenderExtensions
{
    /// <summary>Recommends <paramref name="count"/> items for <paramref name="user"/> with the default request.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="recommender">The model.</param>
    /// <param name="user">The user id.</param>
    /// <param name="count">The list length N, ≥ 0.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommender"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<Recommendation<TItem>> Recommend<TUser, TItem>(this ITopNRecommender<TUser, TItem> recommender, TUser user, int count)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(recommender);
        return recommender.Recommend(user, new TopNRequest<TItem>(count));
    }

    /// <summary>Recommends items for a basket or session in which every item has weight 1.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="recommender">The model.</param>
    /// <param name="items">The items.</param>
    /// <param name="request">The list length and filters.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommender"/>, <paramref name="items"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">An item id is null.</exception>
    public static IReadOnlyList<Recommendation<TItem>> RecommendFromItems<TUser, TItem>(
        this ITopNRecommender<TUser, TItem> recommender, IEnumerable<TItem> items, TopNRequest<TItem> request)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(items);
        return recommender.RecommendFromItems(items.Select(item => new WeightedItem<TItem>(item, 1)), request);
    }

    /// <summary>Lists the <paramref name="count"/> items most related to <paramref name="item"/> with the default request.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="recommender">The model.</param>
    /// <param name="item">The item id.</param>
    /// <param name="count">The list length N, ≥ 0.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommender"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<Recommendation<TItem>> SimilarItems<TUser, TItem>(this ITopNRecommender<TUser, TItem> recommender, TItem item, int count)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(recommender);
        return recommender.SimilarItems(item, new TopNRequest<TItem>(count));
    }
}

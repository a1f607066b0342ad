namespace NewRetail.CF;

/// <summary>A fitted model that predicts ratings and recommends items.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>Fitted models are immutable; every member is safe to call from many threads at once.</remarks>
public interface IRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    /// <summary>Predicts the rating of <paramref name="user"/> for <paramref name="item"/>.</summary>
    /// <param name="user">The user id. An unknown id gives a fallback estimate, never an exception.</param>
    /// <param name="item">The item id. An unknown id gives a fallback estimate, never an exception.</param>
    /// <returns>The prediction, with its reason when it fell back.</returns>
    Prediction Predict(TUser user, TItem item);

    /// <summary>Predicts many ratings.</summary>
    /// <param name="pairs">The (user, item) pairs.</param>
    /// <returns>One prediction per pair, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pairs"/> is null.</exception>
    Prediction[] PredictMany(IEnumerable<(TUser User, TItem Item)> pairs);

    /// <summary>Recommends up to <paramref name="count"/> items for <paramref name="user"/>.</summary>
    /// <param name="user">The user id. An unknown user gets an empty list.</param>
    /// <param name="count">The maximum length of the list, ≥ 0. Larger than the catalogue is allowed.</param>
    /// <param name="excludeRated">Whether to leave out items the user rated in the training data. Default: <see langword="true"/>.</param>
    /// <returns>
    /// min(<paramref name="count"/>, candidates) items whose prediction is possible, sorted by unclipped score, highest
    /// first, then by item id order. The list is never padded.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    IReadOnlyList<ScoredItem<TItem>> Recommend(TUser user, int count, bool excludeRated = true);
}

/// <summary>A model that can be fitted on a rating matrix.</summary>
/// <remarks>Algorithms hold options and, in this library, a logger. Fitting never changes them, so one instance can fit many matrices.</remarks>
public interface IRecommenderAlgorithm
{
    /// <summary>A short description for reports, such as <c>UserKnn(pearson, k=40, mean)</c>.</summary>
    string Name { get; }

    /// <summary>Fits a model on <paramref name="ratings"/>.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="cancellationToken">Cancels a long fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="Data.RatingDataException"><paramref name="ratings"/> is empty.</exception>
    IRecommender<TUser, TItem> Fit<TUser, TItem>(Data.RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull;

    /// <summary>Fits a model on <paramref name="ratings"/> and reports its progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="progress">Receives the stages of the fit, as <see cref="FitProgress"/> describes. Null reports nothing.</param>
    /// <param name="cancellationToken">Cancels a long fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="Data.RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <remarks>
    /// The default implementation calls <see cref="Fit{TUser, TItem}(Data.RatingMatrix{TUser, TItem}, CancellationToken)"/>
    /// and reports nothing, so an algorithm written before this overload existed keeps working. The algorithms of this
    /// library implement it.
    /// </remarks>
    IRecommender<TUser, TItem> Fit<TUser, TItem>(Data.RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, cancellationToken);
}

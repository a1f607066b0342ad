using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Runtime.InteropServices;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF;

/// <summary>
/// User-based neighbourhood collaborative filtering: predicts r(u,i) from the users most similar to u who rated i.
/// </summary>
/// <remarks>
/// The mean-centred form is Resnick et al., "GroupLens: an open architecture for collaborative filtering of
/// netnews", CSCW 1994. <see cref="KnnOptions"/> documents every convention.
/// </remarks>
public sealed class UserKnn : IRecommenderAlgorithm
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    public UserKnn(KnnOptions? options = null) => Options = options ?? new KnnOptions();

    /// <summary>The options.</summary>
    public KnnOptions Options { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes, elapsed time and stored
    /// bytes, and suspicious data or a diverged baseline fit at <see cref="LogLevel.Warning"/>. Default:
    /// <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

    /// <inheritdoc/>
    public string Name => KnnNames.Describe("UserKnn", Options);

    /// <summary>Fits the model: computes all user-user similarities and, when needed, baselines.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="ArgumentException">The users are too many for a dense similarity matrix (more than about 46,000).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public UserKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the model and reports its progress: computes all user-user similarities and, when needed, baselines.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Baselines"/> stage when the options read baselines, then the
    /// <see cref="FitStage.Similarities"/> stage, one unit per user. <see cref="FitProgress"/> describes the thread it runs on.
    /// Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the fit. It is checked before the work starts, before each baseline epoch and between similarity rows.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="ArgumentException">The users are too many for a dense similarity matrix (more than about 46,000).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public UserKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => new(ratings, KnnFitting.Fit(ratings, Options, userBased: true, "UserKnn", _logger, progress, cancellationToken));

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
}

/// <summary>
/// Item-based neighbourhood collaborative filtering: predicts r(u,i) from the items most similar to i that u rated.
/// </summary>
/// <remarks>
/// Sarwar et al., "Item-based collaborative filtering recommendation algorithms", WWW 2001. The mean-centred form is
/// r̂(u,i) = r̄(i) + Σ_j w(i,j)·(r(u,j) − r̄(j)) / Σ_j |w(i,j)|. <see cref="KnnOptions"/> documents every convention.
/// </remarks>
public sealed class ItemKnn : IRecommenderAlgorithm
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">The options; validated by <see cref="Fit{TUser, TItem}(RatingMatrix{TUser, TItem}, IProgress{FitProgress}, CancellationToken)"/>.</param>
    public ItemKnn(KnnOptions? options = null) => Options = options ?? new KnnOptions();

    /// <summary>The options.</summary>
    public KnnOptions Options { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes, elapsed time and stored
    /// bytes, and suspicious data or a diverged baseline fit at <see cref="LogLevel.Warning"/>. Default:
    /// <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

    /// <inheritdoc/>
    public string Name => KnnNames.Describe("ItemKnn", Options);

    /// <summary>Fits the model: computes all item-item similarities and, when needed, baselines.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="ArgumentException">The items are too many for a dense similarity matrix (more than about 46,000).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ItemKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the model and reports its progress: computes all item-item similarities and, when needed, baselines.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Baselines"/> stage when the options read baselines, then the
    /// <see cref="FitStage.Similarities"/> stage, one unit per item. <see cref="FitProgress"/> describes the thread it runs on.
    /// Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the fit. It is checked before the work starts, before each baseline epoch and between similarity rows.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="ArgumentException">The items are too many for a dense similarity matrix (more than about 46,000).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ItemKnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => new(ratings, KnnFitting.Fit(ratings, Options, userBased: false, "ItemKnn", _logger, progress, cancellationToken));

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
}

/// <summary>A fitted neighbourhood model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
public abstract class KnnModel<TUser, TItem> : IRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private protected KnnModel(RatingMatrix<TUser, TItem> ratings, NeighborhoodCore core)
    {
        Ratings = ratings;
        Core = core;
    }

    /// <summary>The training data.</summary>
    public RatingMatrix<TUser, TItem> Ratings { get; }

    /// <summary>The options the model was fitted with.</summary>
    public KnnOptions Options => Core.Options;

    internal NeighborhoodCore Core { get; }

    /// <summary>What the update that produced this model did, or null for a model that was fitted or loaded.</summary>
    public ModelUpdateSummary? LastUpdate { get; private protected init; }

    /// <summary>The share of rows above which an update refits every row, because that is cheaper.</summary>
    internal const double DefaultRefitFraction = 0.5;

    /// <summary>Applies <paramref name="changes"/> and returns the new data, the new core and the summary.</summary>
    private protected (RatingMatrix<TUser, TItem> Ratings, NeighborhoodCore Core, ModelUpdateSummary Summary) UpdateCore(
        RatingChanges<TUser, TItem> changes,
        double refitFraction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var applied = RatingDelta.Apply(Ratings, changes);
        if (applied.Matrix.IsEmpty)
        {
            throw new RatingDataException("After these changes the model has no ratings left, so there is nothing to predict from. Keep at least one rating, or fit a new model later.");
        }

        KnnNames.Check(applied.Matrix, Options, Core.UserBased);
        var outcome = NeighborhoodUpdate.Apply(
            Core,
            applied.Matrix.Core,
            applied.UserNewToOld,
            applied.ItemNewToOld,
            applied.ChangedUsers,
            applied.ChangedItems,
            refitFraction,
            cancellationToken);
        var summary = applied.Summarize(changes.Count, outcome.Recomputed, outcome.Repaired, outcome.RefitReason, start);
        return (applied.Matrix, outcome.Core, summary);
    }

    /// <summary>The bytes of the stored similarities: the dense matrix, or the neighbour lists and their reverse index.</summary>
    internal long SimilarityBytes => Core.SimilarityBytes;

    /// <summary>The bytes of the index-level rating arrays the model reads: both compressed layouts, means and biases.</summary>
    internal long RatingBytes => Core.RatingBytes;

    /// <inheritdoc/>
    public Prediction Predict(TUser user, TItem item)
    {
        Ratings.Users.TryGetIndex(user, out int u);
        Ratings.Items.TryGetIndex(item, out int i);
        return Core.Predict(u, i);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The pairs are predicted on up to <see cref="KnnOptions.MaxDegreeOfParallelism"/> threads, grouped by the user
    /// (user-based) or the item (item-based). Each result is the one <see cref="Predict"/> returns for its pair.
    /// </remarks>
    public Prediction[] PredictMany(IEnumerable<(TUser User, TItem Item)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        int capacity = pairs is ICollection<(TUser, TItem)> c ? c.Count : 0;
        var users = new List<int>(capacity);
        var items = new List<int>(capacity);
        foreach (var (user, item) in pairs)
        {
            Ratings.Users.TryGetIndex(user, out int u);
            Ratings.Items.TryGetIndex(item, out int i);
            users.Add(u);
            items.Add(i);
        }

        return Core.PredictMany(CollectionsMarshal.AsSpan(users), CollectionsMarshal.AsSpan(items));
    }

    /// <inheritdoc/>
    public IReadOnlyList<ScoredItem<TItem>> Recommend(TUser user, int count, bool excludeRated = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || !Ratings.Users.TryGetIndex(user, out int u))
        {
            return [];
        }

        // A bounded heap keeps the best count items as they are scored, so nothing is sorted beyond them.
        var scores = new TopSelector(Math.Min(count, Ratings.Items.Count));
        if (Core.UserBased)
        {
            ScoreUserBased(u, excludeRated, ref scores);
        }
        else
        {
            Core.ScoreAllItems(u, excludeRated, ref scores);
        }

        return scores.ToArray(Ratings.Items);
    }

    private void ScoreUserBased(int u, bool excludeRated, ref TopSelector scores)
    {
        var data = Ratings.Core;
        int rated = data.RowPointers[u];
        int ratedEnd = data.RowPointers[u + 1];
        for (int i = 0; i < data.ItemCount; i++)
        {
            // The user's rated items are sorted, so one forward cursor finds them.
            while (rated < ratedEnd && data.ColumnIndices[rated] < i)
            {
                rated++;
            }

            if (excludeRated && rated < ratedEnd && data.ColumnIndices[rated] == i)
            {
                continue;
            }

            var prediction = Core.Predict(u, i);
            if (!prediction.Impossible)
            {
                scores.Add(i, prediction.Raw);
            }
        }
    }
}

/// <summary>A fitted user-based neighbourhood model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
public sealed class UserKnnModel<TUser, TItem> : KnnModel<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal UserKnnModel(RatingMatrix<TUser, TItem> ratings, NeighborhoodCore core)
        : base(ratings, core)
    {
    }

    /// <summary>
    /// Applies <paramref name="changes"/> and returns a new model equal to a fit on the changed ratings with the same
    /// options. This model is not changed, so readers of it are never disturbed.
    /// </summary>
    /// <param name="changes">The batch of changes.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; <see cref="KnnModel{TUser, TItem}.LastUpdate"/> describes what the update did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    /// <exception cref="ArgumentException">A change names an unknown id, or two changes conflict.</exception>
    /// <exception cref="RatingDataException">A rating is not finite or outside the scale, or no rating would be left.</exception>
    /// <remarks>
    /// Only the similarity rows the changes reach are recomputed, with the arithmetic of a fit; docs/updates.md states
    /// which rows that is for each similarity and what an update costs.
    /// </remarks>
    public UserKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, CancellationToken cancellationToken = default)
        => Update(changes, DefaultRefitFraction, cancellationToken);

    /// <summary>Returns a new model without <paramref name="user"/>: equal to a fit on the ratings without the user.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="ArgumentException">The user is not in the model.</exception>
    public UserKnnModel<TUser, TItem> ForgetUser(TUser user, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.User<TUser, TItem>(Ratings.Users, user), cancellationToken);

    /// <summary>Returns a new model without <paramref name="item"/>: equal to a fit on the ratings without the item.</summary>
    /// <param name="item">An item id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="ArgumentException">The item is not in the model.</exception>
    public UserKnnModel<TUser, TItem> ForgetItem(TItem item, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.Item<TUser, TItem>(Ratings.Items, item), cancellationToken);

    internal UserKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, double refitFraction, CancellationToken cancellationToken)
    {
        var (ratings, core, summary) = UpdateCore(changes, refitFraction, cancellationToken);
        return new UserKnnModel<TUser, TItem>(ratings, core) { LastUpdate = summary };
    }

    /// <summary>Returns the stored similarity of two users: 0 when undefined, for an unknown id, or for a user with itself.</summary>
    /// <param name="a">The first user.</param>
    /// <param name="b">The second user.</param>
    /// <returns>The similarity.</returns>
    public double Similarity(TUser a, TUser b)
        => Ratings.Users.TryGetIndex(a, out int x) && Ratings.Users.TryGetIndex(b, out int y) ? Core.Similarity(x, y) : 0;
}

/// <summary>A fitted item-based neighbourhood model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
public sealed class ItemKnnModel<TUser, TItem> : KnnModel<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal ItemKnnModel(RatingMatrix<TUser, TItem> ratings, NeighborhoodCore core)
        : base(ratings, core)
    {
    }

    /// <summary>
    /// Applies <paramref name="changes"/> and returns a new model equal to a fit on the changed ratings with the same
    /// options. This model is not changed, so readers of it are never disturbed.
    /// </summary>
    /// <param name="changes">The batch of changes.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model; <see cref="KnnModel{TUser, TItem}.LastUpdate"/> describes what the update did.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    /// <exception cref="ArgumentException">A change names an unknown id, or two changes conflict.</exception>
    /// <exception cref="RatingDataException">A rating is not finite or outside the scale, or no rating would be left.</exception>
    /// <remarks>
    /// Only the similarity rows the changes reach are recomputed, with the arithmetic of a fit; docs/updates.md states
    /// which rows that is for each similarity and what an update costs.
    /// </remarks>
    public ItemKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, CancellationToken cancellationToken = default)
        => Update(changes, DefaultRefitFraction, cancellationToken);

    /// <summary>Returns a new model without <paramref name="user"/>: equal to a fit on the ratings without the user.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="ArgumentException">The user is not in the model.</exception>
    public ItemKnnModel<TUser, TItem> ForgetUser(TUser user, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.User<TUser, TItem>(Ratings.Users, user), cancellationToken);

    /// <summary>Returns a new model without <paramref name="item"/>: equal to a fit on the ratings without the item.</summary>
    /// <param name="item">An item id of the model.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The new model.</returns>
    /// <exception cref="ArgumentException">The item is not in the model.</exception>
    public ItemKnnModel<TUser, TItem> ForgetItem(TItem item, CancellationToken cancellationToken = default)
        => Update(ForgetChanges.Item<TUser, TItem>(Ratings.Items, item), cancellationToken);

    internal ItemKnnModel<TUser, TItem> Update(RatingChanges<TUser, TItem> changes, double refitFraction, CancellationToken cancellationToken)
    {
        var (ratings, core, summary) = UpdateCore(changes, refitFraction, cancellationToken);
        return new ItemKnnModel<TUser, TItem>(ratings, core) { LastUpdate = summary };
    }

    /// <summary>Returns the stored similarity of two items: 0 when undefined, for an unknown id, or for an item with itself.</summary>
    /// <param name="a">The first item.</param>
    /// <param name="b">The second item.</param>
    /// <returns>The similarity.</returns>
    public double Similarity(TItem a, TItem b)
        => Ratings.Items.TryGetIndex(a, out int x) && Ratings.Items.TryGetIndex(b, out int y) ? Core.Similarity(x, y) : 0;

    /// <summary>Lists the items most similar to <paramref name="item"/>.</summary>
    /// <param name="item">The item id. An unknown item gets an empty list.</param>
    /// <param name="count">The maximum length of the list, ≥ 0.</param>
    /// <returns>
    /// Up to <paramref name="count"/> other items with a positive similarity, highest first, ties by item id order.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <remarks>
    /// Without <see cref="KnnOptions.Shrinkage"/> or a higher <see cref="KnnOptions.MinSupport"/>, two items rated together
    /// by one or two users can reach similarity 1 and head the list; on real catalogues a shrinkage near 100 avoids that.
    /// </remarks>
    public IReadOnlyList<ScoredItem<TItem>> SimilarItems(TItem item, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || !Ratings.Items.TryGetIndex(item, out int i))
        {
            return [];
        }

        var scores = new TopSelector(Math.Min(count, Ratings.Items.Count));
        if (Core.Neighbors is { } neighbors)
        {
            // The stored list is sorted by similarity, ties by index, so its first positive entries are the result.
            var indices = neighbors.IndicesOf(i);
            var weights = neighbors.WeightsOf(i);
            for (int t = 0; t < indices.Length && t < count && weights[t] > 0; t++)
            {
                scores.Add(indices[t], weights[t]);
            }
        }
        else
        {
            var row = Core.SimilarityRow(i);
            for (int j = 0; j < row.Length; j++)
            {
                if (j != i && row[j] > 0)
                {
                    scores.Add(j, row[j]);
                }
            }
        }

        return scores.ToArray(Ratings.Items);
    }
}

internal static class KnnNames
{
    public static string Describe(string kind, KnnOptions options)
    {
        var text = new System.Text.StringBuilder($"{kind}({options.Similarity.Name}, k={options.MaxNeighbors}, {options.Centering.ToString().ToLowerInvariant()}");
        if (options.Weighting == NeighborWeighting.PositiveOnly)
        {
            text.Append(", positive-only");
        }

        if (options.MinNeighbors != 1)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $", min-k={options.MinNeighbors}");
        }

        if (options.MinSupport is int support)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $", min-support={support}");
        }

        if (options.MaxStoredNeighbors is int stored)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $", stored={stored}");
        }

        if (options.Shrinkage > 0)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $", shrinkage={options.Shrinkage}");
        }

        return text.Append(')').ToString();
    }

    public static void Check<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, KnnOptions options, bool userBased)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        options.Validate();
        if (ratings.IsEmpty)
        {
            throw new RatingDataException("The rating matrix is empty, so there is nothing to fit. Add at least one rating before fitting.");
        }

        // The similarity matrix is dense, entities × entities, in one array. Truncated lists need entities × M while
        // they are built.
        int entities = userBased ? ratings.Users.Count : ratings.Items.Count;
        if (options.MaxStoredNeighbors is int maxStored)
        {
            if ((long)entities * Math.Min(maxStored, entities) > Array.MaxLength)
            {
                throw new ArgumentException(
                    $"MaxStoredNeighbors = {maxStored:N0} for {entities:N0} entities needs more list entries than one .NET array can hold " +
                    $"({Array.MaxLength:N0}). Lower MaxStoredNeighbors.",
                    nameof(ratings));
            }
        }
        else if ((long)entities * entities > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The model would need a dense {entities:N0} × {entities:N0} similarity matrix, more than one .NET array can hold " +
                $"({Array.MaxLength:N0} elements). Set KnnOptions.MaxStoredNeighbors, use the other direction (user-based or item-based) or fit on a subset.",
                nameof(ratings));
        }
    }
}

internal static class TopList
{
    /// <summary>Selects the first <paramref name="count"/> by score, highest first, then by index (id order), and maps them to ids.</summary>
    public static ScoredItem<TItem>[] Take<TItem>(List<(int Item, double Score)> scores, int count, IdMap<TItem> items)
        where TItem : notnull
    {
        var top = new TopSelector(Math.Min(count, scores.Count));
        foreach (var (item, score) in scores)
        {
            top.Add(item, score);
        }

        return top.ToArray(items);
    }
}

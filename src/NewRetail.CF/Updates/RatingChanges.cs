using NewRetail.CF.Data;

namespace NewRetail.CF;

/// <summary>
/// A batch of changes to the ratings behind a fitted model: ratings set or removed, users whose ratings are replaced,
/// and users or items forgotten. A model's <c>Update</c> applies the batch at once and returns a new model.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Changes are numbered from 1 in the order they are added, and errors name the number. Each (user, item) pair,
/// each replaced user and each forgotten id may appear in one change only, so the batch has no order-dependent
/// meaning. Ratings are checked against the model's scale when the batch is applied.</para>
/// <para>An id keeps its place in the model until it is forgotten: removing a user's last rating leaves a user with
/// no ratings, who is still known, as <see cref="Data.RatingMatrixBuilder{TUser, TItem}.AddUser"/> registers one.
/// Forgetting also removes the ids that only forgotten ids kept in the model, because a fit without the forgotten
/// ids would not have them: an item whose every rating was by a forgotten user and that the batch rates no more, and
/// a user whose every rating was of a forgotten item and whom the batch does not change.</para>
/// <para>A batch is not safe for concurrent writes. Applying it does not change it, so one batch can be applied to
/// several models.</para>
/// </remarks>
public sealed class RatingChanges<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly List<RatingChange<TUser, TItem>> _changes = [];

    /// <summary>The number of changes.</summary>
    public int Count => _changes.Count;

    /// <summary>The changes, in the order they were added.</summary>
    public IReadOnlyList<RatingChange<TUser, TItem>> Changes => _changes;

    /// <summary>Adds a rating, or replaces the user's rating of the item. New users and items are added to the model.</summary>
    /// <param name="user">The user id.</param>
    /// <param name="item">The item id.</param>
    /// <param name="rating">The rating: finite and inside the model's scale.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="item"/> is null.</exception>
    public RatingChanges<TUser, TItem> Set(TUser user, TItem item, double rating)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.Set, user, item, rating, null));
        return this;
    }

    /// <summary>Removes the user's rating of the item. The user and the item stay known.</summary>
    /// <param name="user">A user id of the model.</param>
    /// <param name="item">An item id of the model that the user rated.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="item"/> is null.</exception>
    public RatingChanges<TUser, TItem> Remove(TUser user, TItem item)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.Remove, user, item, 0, null));
        return this;
    }

    /// <summary>
    /// Replaces all ratings of <paramref name="user"/> with <paramref name="ratings"/>, adding the user when new. An
    /// empty list leaves a known user with no ratings.
    /// </summary>
    /// <param name="user">The user id.</param>
    /// <param name="ratings">The user's complete ratings; each item once.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> or <paramref name="ratings"/> is null, or an item id in it is.</exception>
    public RatingChanges<TUser, TItem> ReplaceUser(TUser user, IEnumerable<(TItem Item, double Rating)> ratings)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(ratings);
        var copy = new List<(TItem Item, double Rating)>();
        foreach (var entry in ratings)
        {
            if (entry.Item is null)
            {
                throw new ArgumentNullException(nameof(ratings), $"An item id in the ratings of user '{user}' is null. Give every rating an item id.");
            }

            copy.Add(entry);
        }

        _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.ReplaceUser, user, default, 0, copy));
        return this;
    }

    /// <summary>
    /// Replaces the ratings of every user of <paramref name="rows"/> with the user's row there: one
    /// <see cref="ReplaceUser"/> change per user, in the order of <paramref name="rows"/>.
    /// </summary>
    /// <param name="rows">The new rows, for example the matrix of a <see cref="Events.PreferenceAggregation{TUser, TItem}"/>.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <remarks>
    /// A user whose re-aggregated events leave no positive weight is missing from an aggregation's matrix, so this
    /// overload keeps that user's old row. Name the users with
    /// <see cref="ReplaceUsers(RatingMatrix{TUser, TItem}, IEnumerable{TUser})"/> to clear such rows too.
    /// </remarks>
    public RatingChanges<TUser, TItem> ReplaceUsers(RatingMatrix<TUser, TItem> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return ReplaceUsers(rows, rows.Users.IdArray);
    }

    /// <summary>
    /// Replaces the ratings of each of <paramref name="users"/> with the user's row of <paramref name="rows"/>, or with
    /// no ratings when <paramref name="rows"/> does not have the user: one <see cref="ReplaceUser"/> change per user.
    /// </summary>
    /// <param name="rows">
    /// The new rows. For preference weights, the matrix of a <see cref="Events.PreferenceAggregation{TUser, TItem}"/> of
    /// all events of <paramref name="users"/>, aggregated with the options of the model's training matrix.
    /// </param>
    /// <param name="users">The users to replace, for example those with new events; each once.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or <paramref name="users"/> is null, or a user id in it is.</exception>
    /// <remarks>
    /// <para>The model's row of a user then equals the row a full aggregation of all events would give, so the
    /// updated model equals a model fitted on that aggregation, with one exception: a user left with no positive
    /// weight stays known with an empty row, where the full aggregation would not have the user. Forget the user to
    /// remove the id.</para>
    /// <para>With time decay (<see cref="Events.PreferenceOptions.HalfLife"/>), set
    /// <see cref="Events.PreferenceOptions.ReferenceTime"/> to the training matrix's reference time: the default, the
    /// latest event of the aggregated events, differs between a few users' events and all events.</para>
    /// </remarks>
    public RatingChanges<TUser, TItem> ReplaceUsers(RatingMatrix<TUser, TItem> rows, IEnumerable<TUser> users)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(users);
        var replacements = new List<(TUser User, List<(TItem Item, double Rating)> Ratings)>();
        var core = rows.Core;
        var itemIds = rows.Items.IdArray;
        foreach (var user in users)
        {
            if (user is null)
            {
                throw new ArgumentNullException(nameof(users), "A user id in the users to replace is null. Give every user an id.");
            }

            var ratings = new List<(TItem Item, double Rating)>();
            if (rows.Users.TryGetIndex(user, out int u))
            {
                for (int k = core.RowPointers[u]; k < core.RowPointers[u + 1]; k++)
                {
                    ratings.Add((itemIds[core.ColumnIndices[k]], core.Values[k]));
                }
            }

            replacements.Add((user, ratings));
        }

        foreach (var (user, ratings) in replacements)
        {
            _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.ReplaceUser, user, default, 0, ratings));
        }

        return this;
    }

    /// <summary>
    /// Forgets <paramref name="user"/>: the id, every rating and the user's part in every similarity and mean leave
    /// the model, as if the user had never been in the training data. Items that only this user rated leave too.
    /// </summary>
    /// <param name="user">A user id of the model.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is null.</exception>
    public RatingChanges<TUser, TItem> ForgetUser(TUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.ForgetUser, user, default, 0, null));
        return this;
    }

    /// <summary>
    /// Forgets <paramref name="item"/> (a discontinued product): the id and every rating of it leave the model, and so
    /// do users who rated nothing else and whom the batch does not change.
    /// </summary>
    /// <param name="item">An item id of the model.</param>
    /// <returns>This batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public RatingChanges<TUser, TItem> ForgetItem(TItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _changes.Add(new RatingChange<TUser, TItem>(RatingChangeKind.ForgetItem, default, item, 0, null));
        return this;
    }
}

/// <summary>The kinds of <see cref="RatingChange{TUser, TItem}"/>.</summary>
public enum RatingChangeKind
{
    /// <summary>Adds or replaces one rating.</summary>
    Set,

    /// <summary>Removes one rating.</summary>
    Remove,

    /// <summary>Replaces all ratings of one user.</summary>
    ReplaceUser,

    /// <summary>Removes a user and all of the user's ratings.</summary>
    ForgetUser,

    /// <summary>Removes an item and all of its ratings.</summary>
    ForgetItem,
}

/// <summary>One change of a <see cref="RatingChanges{TUser, TItem}"/> batch.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="Kind">What the change does.</param>
/// <param name="User">The user; default for <see cref="RatingChangeKind.ForgetItem"/>.</param>
/// <param name="Item">The item; default for <see cref="RatingChangeKind.ReplaceUser"/> and <see cref="RatingChangeKind.ForgetUser"/>.</param>
/// <param name="Rating">The rating of a <see cref="RatingChangeKind.Set"/>; otherwise 0.</param>
/// <param name="Ratings">The new ratings of a <see cref="RatingChangeKind.ReplaceUser"/>; otherwise null.</param>
public sealed record RatingChange<TUser, TItem>(
    RatingChangeKind Kind,
    TUser? User,
    TItem? Item,
    double Rating,
    IReadOnlyList<(TItem Item, double Rating)>? Ratings)
    where TUser : notnull
    where TItem : notnull;

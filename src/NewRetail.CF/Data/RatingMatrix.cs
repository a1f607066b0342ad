using NewRetail.CF.Internals;

namespace NewRetail.CF.Data;

/// <summary>
/// An immutable sparse matrix of ratings, stored both by user (CSR) and by item (CSC), with id maps,
/// per-user and per-item counts and means, the global mean and the rating scale.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Create one with <see cref="RatingMatrixBuilder{TUser, TItem}"/> or <see cref="RatingMatrix.Create{TUser, TItem}"/>. An absent entry means
/// "not rated", never a rating of zero.</para>
/// <para>Ratings are stored as <see cref="float"/>; means are computed and stored in <see cref="double"/>.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class RatingMatrix<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal RatingMatrix(IdMap<TUser> users, IdMap<TItem> items, RatingScale scale, SparseRatings core)
    {
        Users = users;
        Items = items;
        Scale = scale;
        Core = core;
    }

    /// <summary>The map between user ids and user indices.</summary>
    public IdMap<TUser> Users { get; }

    /// <summary>The map between item ids and item indices.</summary>
    public IdMap<TItem> Items { get; }

    /// <summary>The valid rating range.</summary>
    public RatingScale Scale { get; }

    /// <summary>The number of stored ratings.</summary>
    public int Count => Core.Count;

    /// <summary>Whether the matrix has no ratings.</summary>
    public bool IsEmpty => Core.Count == 0;

    /// <summary>The mean of all ratings, or 0 for an empty matrix.</summary>
    public double GlobalMean => Core.GlobalMean;

    /// <summary>The mean rating of each user, by user index; the global mean for a user with no ratings.</summary>
    public ReadOnlySpan<double> UserMeans => Core.UserMeans;

    /// <summary>The mean rating of each item, by item index; the global mean for an item with no ratings.</summary>
    public ReadOnlySpan<double> ItemMeans => Core.ItemMeans;

    internal SparseRatings Core { get; }

    /// <summary>Returns the number of ratings of the user at <paramref name="userIndex"/>.</summary>
    /// <param name="userIndex">A user index.</param>
    /// <returns>The count.</returns>
    public int UserRatingCount(int userIndex) => Core.UserRatingCount(userIndex);

    /// <summary>Returns the number of ratings of the item at <paramref name="itemIndex"/>.</summary>
    /// <param name="itemIndex">An item index.</param>
    /// <returns>The count.</returns>
    public int ItemRatingCount(int itemIndex) => Core.ItemRatingCount(itemIndex);

    /// <summary>Returns the item indices and ratings of one user, in item index order.</summary>
    /// <param name="userIndex">A user index.</param>
    /// <returns>Item indices and ratings.</returns>
    public SparseVector UserRow(int userIndex)
    {
        int start = Core.RowPointers[userIndex];
        int length = Core.RowPointers[userIndex + 1] - start;
        return new SparseVector(Core.ColumnIndices.AsSpan(start, length), Core.Values.AsSpan(start, length));
    }

    /// <summary>Returns the user indices and ratings of one item, in user index order.</summary>
    /// <param name="itemIndex">An item index.</param>
    /// <returns>User indices and ratings.</returns>
    public SparseVector ItemColumn(int itemIndex)
    {
        int start = Core.ColumnPointers[itemIndex];
        int length = Core.ColumnPointers[itemIndex + 1] - start;
        return new SparseVector(Core.RowIndices.AsSpan(start, length), Core.ColumnValues.AsSpan(start, length));
    }

    /// <summary>Looks up the rating of <paramref name="user"/> for <paramref name="item"/>.</summary>
    /// <param name="user">The user id.</param>
    /// <param name="item">The item id.</param>
    /// <param name="rating">The stored rating, or 0 when there is none.</param>
    /// <returns><see langword="true"/> when both ids are known and the user rated the item.</returns>
    public bool TryGetRating(TUser user, TItem item, out float rating)
    {
        rating = 0;
        if (!Users.TryGetIndex(user, out int u) || !Items.TryGetIndex(item, out int i))
        {
            return false;
        }

        int position = Core.FindInRow(u, i);
        if (position < 0)
        {
            return false;
        }

        rating = Core.Values[position];
        return true;
    }

    /// <summary>Enumerates every rating as a row, by user index and then item index.</summary>
    /// <returns>The rows, without timestamps.</returns>
    public IEnumerable<RatingRow<TUser, TItem>> Rows()
    {
        for (int u = 0; u < Core.UserCount; u++)
        {
            for (int k = Core.RowPointers[u]; k < Core.RowPointers[u + 1]; k++)
            {
                yield return new RatingRow<TUser, TItem>(Users.IdArray[u], Items.IdArray[Core.ColumnIndices[k]], Core.Values[k]);
            }
        }
    }
}

/// <summary>Factory methods for <see cref="RatingMatrix{TUser, TItem}"/>.</summary>
public static class RatingMatrix
{
    /// <summary>Builds a matrix from <paramref name="rows"/>.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="rows">The rows; each is numbered from 1 in error messages.</param>
    /// <param name="scale">The valid rating range.</param>
    /// <param name="duplicates">What to do with repeated (user, item) pairs. Default: <see cref="DuplicatePolicy.Error"/>.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="RatingDataException">A row is invalid, or a pair repeats under <see cref="DuplicatePolicy.Error"/>.</exception>
    public static RatingMatrix<TUser, TItem> Create<TUser, TItem>(
        IEnumerable<RatingRow<TUser, TItem>> rows,
        RatingScale scale,
        DuplicatePolicy duplicates = DuplicatePolicy.Error)
        where TUser : notnull
        where TItem : notnull
    {
        var builder = new RatingMatrixBuilder<TUser, TItem>(scale, duplicates);
        builder.AddRange(rows);
        return builder.Build();
    }
}

using NewRetail.CF.Data;

namespace NewRetail.CF.Evaluation;

/// <summary>One training matrix and the held-out rows to test a model fitted on it, from <see cref="Split"/>.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>No (user, item) pair appears in both <see cref="Train"/> and <see cref="Test"/>.</para>
/// <para><see cref="Train"/> contains only the users and items that have a training rating. A user or item whose every
/// rating is held out is therefore unknown to the fitted model, as a new user or item would be in production.</para>
/// </remarks>
public sealed class TrainTestSplit<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal TrainTestSplit(int index, RatingMatrix<TUser, TItem> train, IReadOnlyList<RatingRow<TUser, TItem>> test)
    {
        Index = index;
        Train = train;
        Test = test;
    }

    /// <summary>The 0-based number of this split among its folds; 0 for a single split.</summary>
    public int Index { get; }

    /// <summary>The training ratings.</summary>
    public RatingMatrix<TUser, TItem> Train { get; }

    /// <summary>The held-out rows, in the order described by the method that made the split.</summary>
    public IReadOnlyList<RatingRow<TUser, TItem>> Test { get; }
}

using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>The steps that every implicit model's <c>Update</c> shares: the new data, the new context and the summary.</summary>
internal static class ImplicitModelUpdate
{
    /// <summary>Applies <paramref name="changes"/> to <paramref name="ratings"/> and keeps the positive entries of the result.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    /// <exception cref="ArgumentException">A change names an unknown id, or two changes conflict.</exception>
    /// <exception cref="RatingDataException">
    /// A weight is not finite or outside the matrix's scale, or the new matrix is empty, has a negative weight or has no positive weight.
    /// </exception>
    public static (AppliedChanges<TUser, TItem> Applied, PositiveEntries Entries) ApplyChanges<TUser, TItem>(
        RatingMatrix<TUser, TItem> ratings,
        RatingChanges<TUser, TItem> changes,
        bool binary,
        CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var applied = RatingDelta.Apply(ratings, changes);
        if (applied.Matrix.IsEmpty)
        {
            throw new RatingDataException(
                "After these changes the model has no interactions left, so there is nothing to recommend from. Keep at least one interaction, or fit a new model later.");
        }

        return (applied, PositiveEntries.From(applied.Matrix, binary));
    }

    /// <summary>
    /// Builds the context of the new model: its popularity ranking from the new matrix, and the old model's history
    /// without the users and items the update removed.
    /// </summary>
    public static TopNContext<TUser, TItem> NewContext<TUser, TItem>(
        TopNContext<TUser, TItem> old,
        AppliedChanges<TUser, TItem> applied,
        PopularityMeasure measure)
        where TUser : notnull
        where TItem : notnull
    {
        var context = new TopNContext<TUser, TItem>(applied.Matrix, PopularityRanking.FromMatrix(applied.Matrix, measure));
        return old.History is { } history ? context.WithHistory(history.Without(applied.RemovedUsers, applied.RemovedItems)) : context;
    }
}

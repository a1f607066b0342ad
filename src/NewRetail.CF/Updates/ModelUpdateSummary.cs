namespace NewRetail.CF;

/// <summary>What an update of a fitted model did, and what it cost.</summary>
/// <param name="Changes">The changes in the batch.</param>
/// <param name="UsersChanged">Users whose ratings differ after the update, added users included.</param>
/// <param name="ItemsChanged">Items whose ratings differ after the update, added items included.</param>
/// <param name="UsersAdded">Users the model did not have.</param>
/// <param name="ItemsAdded">Items the model did not have.</param>
/// <param name="UsersForgotten">Users removed with every trace: the forgotten ones and those who had rated only forgotten items.</param>
/// <param name="ItemsForgotten">Items removed with every trace: the forgotten ones and those that only forgotten users had rated.</param>
/// <param name="RowsRecomputed">Similarity rows (users for a user-based model, items for an item-based one) computed anew.</param>
/// <param name="ListsRepaired">
/// Stored neighbour lists of unchanged rows that were recomputed because they lost an entry that known values could
/// not replace: in explicit models with <see cref="KnnOptions.MaxStoredNeighbors"/>, and in the implicit
/// neighbourhood models, which always store lists.
/// </param>
/// <param name="FullRefitReason">Why the update refitted every row instead, or null when it did not.</param>
/// <param name="Elapsed">The wall-clock time of the update.</param>
public sealed record ModelUpdateSummary(
    int Changes,
    int UsersChanged,
    int ItemsChanged,
    int UsersAdded,
    int ItemsAdded,
    int UsersForgotten,
    int ItemsForgotten,
    int RowsRecomputed,
    int ListsRepaired,
    string? FullRefitReason,
    TimeSpan Elapsed)
{
    /// <summary>Whether the update refitted every row.</summary>
    public bool FullRefit => FullRefitReason is not null;

    /// <summary>Returns one line such as <c>3 changes: 2 users, 5 items changed (1 users and 0 items added, 0 users and 0 items forgotten); 5 rows recomputed, 0 lists repaired in 12.3 ms</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        string work = FullRefit
            ? $"full refit of {RowsRecomputed:N0} rows because {FullRefitReason}"
            : $"{RowsRecomputed:N0} rows recomputed, {ListsRepaired:N0} lists repaired";
        return string.Create(
            culture,
            $"{Changes:N0} changes: {UsersChanged:N0} users, {ItemsChanged:N0} items changed ({UsersAdded:N0} users and {ItemsAdded:N0} items added, {UsersForgotten:N0} users and {ItemsForgotten:N0} items forgotten); {work} in {Elapsed.TotalMilliseconds:F1} ms");
    }
}

using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Internals;

/// <summary>A rating matrix after a batch of changes, with the index maps and change flags an update reads.</summary>
/// <param name="Matrix">The new matrix.</param>
/// <param name="UserNewToOld">The old index of each new user index, or −1 for an added user.</param>
/// <param name="ItemNewToOld">The old index of each new item index, or −1 for an added item.</param>
/// <param name="ChangedUsers">By new user index: whether the user's ratings differ from before.</param>
/// <param name="ChangedItems">By new item index: whether the item's ratings differ from before.</param>
/// <param name="UsersAdded">Users the old matrix did not have.</param>
/// <param name="ItemsAdded">Items the old matrix did not have.</param>
/// <param name="RemovedUsers">Users removed: the forgotten ones and those only forgotten items kept in the model.</param>
/// <param name="RemovedItems">Items removed: the forgotten ones and those only forgotten users kept in the model.</param>
internal sealed record AppliedChanges<TUser, TItem>(
    RatingMatrix<TUser, TItem> Matrix,
    int[] UserNewToOld,
    int[] ItemNewToOld,
    bool[] ChangedUsers,
    bool[] ChangedItems,
    int UsersAdded,
    int ItemsAdded,
    IReadOnlySet<TUser> RemovedUsers,
    IReadOnlySet<TItem> RemovedItems)
    where TUser : notnull
    where TItem : notnull
{
    /// <summary>Describes the update of a model with these changes, which started at the <see cref="System.Diagnostics.Stopwatch"/> time <paramref name="start"/>.</summary>
    public ModelUpdateSummary Summarize(int changeCount, int rowsRecomputed, int listsRepaired, string? fullRefitReason, long start)
        => new(
            changeCount,
            ChangedUsers.Count(c => c),
            ChangedItems.Count(c => c),
            UsersAdded,
            ItemsAdded,
            RemovedUsers.Count,
            RemovedItems.Count,
            rowsRecomputed,
            listsRepaired,
            fullRefitReason,
            System.Diagnostics.Stopwatch.GetElapsedTime(start));
}

/// <summary>Applies a <see cref="RatingChanges{TUser, TItem}"/> batch to a rating matrix, checking every change first.</summary>
internal static class RatingDelta
{
    public static AppliedChanges<TUser, TItem> Apply<TUser, TItem>(RatingMatrix<TUser, TItem> old, RatingChanges<TUser, TItem> changes)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(changes);
        var users = old.Users;
        var items = old.Items;
        var edits = Check(old, changes, out var forgottenUsers, out var forgottenItems);
        RemoveOrphans(old, edits, forgottenUsers, forgottenItems);

        // 1. Ids after the change: the old ones minus the forgotten, plus new ones in id order.
        var addedUsers = edits.Keys.Where(u => !users.Contains(u)).ToList();
        var itemEquality = items.EqualityComparer;
        var addedItemSet = new HashSet<TItem>(itemEquality);
        foreach (var edit in edits.Values)
        {
            foreach (var item in edit.Pairs.Keys)
            {
                if (!items.Contains(item))
                {
                    addedItemSet.Add(item);
                }
            }
        }

        var (userMap, userNewToOld) = Merge(users, forgottenUsers, addedUsers);
        var (itemMap, itemNewToOld) = Merge(items, forgottenItems, [.. addedItemSet]);
        var itemOldToNew = Invert(itemNewToOld, items.Count);

        // 2. Users whose row is rebuilt: the edited ones and every rater of a forgotten item.
        var data = old.Core;
        var rebuilt = new bool[users.Count];
        foreach (var user in edits.Keys)
        {
            if (users.TryGetIndex(user, out int u))
            {
                rebuilt[u] = true;
            }
        }

        foreach (var item in forgottenItems)
        {
            items.TryGetIndex(item, out int i);
            for (int p = data.ColumnPointers[i]; p < data.ColumnPointers[i + 1]; p++)
            {
                rebuilt[data.RowIndices[p]] = true;
            }
        }

        // 3. The new rows, with the flags of what differs.
        int userCount = userMap.Count;
        var changedUsers = new bool[userCount];
        var changedItems = new bool[itemMap.Count];
        var rowPointers = new int[userCount + 1];
        var columnIndices = new List<int>(data.Count);
        var values = new List<float>(data.Count);
        var row = new List<(int Item, float Rating)>();
        var before = new Dictionary<int, float>();
        for (int a = 0; a < userCount; a++)
        {
            int oldUser = userNewToOld[a];
            if (oldUser >= 0 && !rebuilt[oldUser])
            {
                for (int k = data.RowPointers[oldUser]; k < data.RowPointers[oldUser + 1]; k++)
                {
                    columnIndices.Add(itemOldToNew[data.ColumnIndices[k]]);
                    values.Add(data.Values[k]);
                }

                rowPointers[a + 1] = columnIndices.Count;
                continue;
            }

            row.Clear();
            before.Clear();
            edits.TryGetValue(userMap.IdArray[a], out var edit);

            // An added user is new to the model even with no ratings, so its row must be computed.
            changedUsers[a] = oldUser < 0;
            if (oldUser >= 0)
            {
                for (int k = data.RowPointers[oldUser]; k < data.RowPointers[oldUser + 1]; k++)
                {
                    int newItem = itemOldToNew[data.ColumnIndices[k]];
                    if (newItem < 0)
                    {
                        // A forgotten item: the row changes, and the item's column is gone.
                        changedUsers[a] = true;
                        continue;
                    }

                    before.Add(newItem, data.Values[k]);
                    if (edit is not null && (edit.Replaces || edit.Pairs.ContainsKey(items.IdArray[data.ColumnIndices[k]])))
                    {
                        continue;
                    }

                    row.Add((newItem, data.Values[k]));
                }
            }

            if (edit is not null)
            {
                foreach (var (item, change) in edit.Pairs)
                {
                    if (!change.Remove)
                    {
                        row.Add((itemMap.TryGetIndex(item, out int newItem) ? newItem : throw new InvalidOperationException("An added item has no index."), change.Rating));
                    }
                }
            }

            row.Sort(static (x, y) => x.Item.CompareTo(y.Item));
            foreach (var (item, rating) in row)
            {
                columnIndices.Add(item);
                values.Add(rating);
                if (!before.Remove(item, out float previous) || previous != rating)
                {
                    changedItems[item] = true;
                    changedUsers[a] = true;
                }
            }

            foreach (int item in before.Keys)
            {
                changedItems[item] = true;
                changedUsers[a] = true;
            }

            rowPointers[a + 1] = columnIndices.Count;
        }

        // 4. A forgotten user's ratings leave the columns they were in.
        foreach (var user in forgottenUsers)
        {
            users.TryGetIndex(user, out int u);
            for (int k = data.RowPointers[u]; k < data.RowPointers[u + 1]; k++)
            {
                int newItem = itemOldToNew[data.ColumnIndices[k]];
                if (newItem >= 0)
                {
                    changedItems[newItem] = true;
                }
            }
        }

        var core = new SparseRatings(userCount, itemMap.Count, rowPointers, [.. columnIndices], [.. values]);
        var matrix = new RatingMatrix<TUser, TItem>(userMap, itemMap, old.Scale, core);
        return new AppliedChanges<TUser, TItem>(
            matrix,
            userNewToOld,
            itemNewToOld,
            changedUsers,
            changedItems,
            addedUsers.Count,
            addedItemSet.Count,
            forgottenUsers,
            forgottenItems);
    }

    /// <summary>
    /// Adds to the forgotten sets the ids that only forgotten ids kept in the model, because a fit on the data without
    /// the forgotten ids would not have them. These are the items whose every rating is by a forgotten user and that
    /// the batch gives no new rating, and the users whose every rating is of a forgotten item and whom the batch does
    /// not change. Ids that had no ratings before the batch stay.
    /// </summary>
    private static void RemoveOrphans<TUser, TItem>(
        RatingMatrix<TUser, TItem> old,
        Dictionary<TUser, UserEdit<TItem>> edits,
        HashSet<TUser> forgottenUsers,
        HashSet<TItem> forgottenItems)
        where TUser : notnull
        where TItem : notnull
    {
        if (forgottenUsers.Count == 0 && forgottenItems.Count == 0)
        {
            return;
        }

        var data = old.Core;
        var users = old.Users.IdArray;
        var items = old.Items.IdArray;
        var ratedAgain = new HashSet<TItem>(old.Items.EqualityComparer);
        foreach (var edit in edits.Values)
        {
            foreach (var (item, change) in edit.Pairs)
            {
                if (!change.Remove)
                {
                    ratedAgain.Add(item);
                }
            }
        }

        var orphanItems = new List<TItem>();
        if (forgottenUsers.Count > 0)
        {
            for (int i = 0; i < items.Length; i++)
            {
                int start = data.ColumnPointers[i];
                int end = data.ColumnPointers[i + 1];
                if (start == end || forgottenItems.Contains(items[i]) || ratedAgain.Contains(items[i]))
                {
                    continue;
                }

                bool onlyForgotten = true;
                for (int p = start; p < end && onlyForgotten; p++)
                {
                    onlyForgotten = forgottenUsers.Contains(users[data.RowIndices[p]]);
                }

                if (onlyForgotten)
                {
                    orphanItems.Add(items[i]);
                }
            }
        }

        var orphanUsers = new List<TUser>();
        if (forgottenItems.Count > 0)
        {
            for (int u = 0; u < users.Length; u++)
            {
                int start = data.RowPointers[u];
                int end = data.RowPointers[u + 1];
                if (start == end || forgottenUsers.Contains(users[u]) || edits.ContainsKey(users[u]))
                {
                    continue;
                }

                bool onlyForgotten = true;
                for (int k = start; k < end && onlyForgotten; k++)
                {
                    onlyForgotten = forgottenItems.Contains(items[data.ColumnIndices[k]]);
                }

                if (onlyForgotten)
                {
                    orphanUsers.Add(users[u]);
                }
            }
        }

        forgottenItems.UnionWith(orphanItems);
        forgottenUsers.UnionWith(orphanUsers);
    }

    /// <summary>Checks every change against the matrix and each other, and groups the edits by user.</summary>
    private static Dictionary<TUser, UserEdit<TItem>> Check<TUser, TItem>(
        RatingMatrix<TUser, TItem> old,
        RatingChanges<TUser, TItem> changes,
        out HashSet<TUser> forgottenUsers,
        out HashSet<TItem> forgottenItems)
        where TUser : notnull
        where TItem : notnull
    {
        var users = old.Users;
        var items = old.Items;
        var userForgetters = new Dictionary<TUser, int>(users.EqualityComparer);
        var itemForgetters = new Dictionary<TItem, int>(items.EqualityComparer);

        // 1. Forgetting first, so that a conflicting change is reported whatever the order.
        for (int c = 0; c < changes.Count; c++)
        {
            var change = changes.Changes[c];
            int number = c + 1;
            if (change.Kind == RatingChangeKind.ForgetUser)
            {
                var user = change.User!;
                if (!users.Contains(user))
                {
                    throw new ArgumentException($"Change {number} forgets user '{user}', who is not in the model. Check the id, or drop the change.", nameof(changes));
                }

                if (!userForgetters.TryAdd(user, number))
                {
                    throw new ArgumentException($"Change {number} forgets user '{user}' again; change {userForgetters[user]} already does. Keep one of them.", nameof(changes));
                }
            }
            else if (change.Kind == RatingChangeKind.ForgetItem)
            {
                var item = change.Item!;
                if (!items.Contains(item))
                {
                    throw new ArgumentException($"Change {number} forgets item '{item}', which is not in the model. Check the id, or drop the change.", nameof(changes));
                }

                if (!itemForgetters.TryAdd(item, number))
                {
                    throw new ArgumentException($"Change {number} forgets item '{item}' again; change {itemForgetters[item]} already does. Keep one of them.", nameof(changes));
                }
            }
        }

        // 2. Ratings: each pair and each replaced user once, never touching a forgotten id.
        var edits = new Dictionary<TUser, UserEdit<TItem>>(users.EqualityComparer);
        for (int c = 0; c < changes.Count; c++)
        {
            var change = changes.Changes[c];
            int number = c + 1;
            switch (change.Kind)
            {
                case RatingChangeKind.Set:
                case RatingChangeKind.Remove:
                {
                    var user = change.User!;
                    var item = change.Item!;
                    CheckNotForgotten(changes, number, user, userForgetters, "user");
                    CheckNotForgotten(changes, number, item, itemForgetters, "item");
                    bool remove = change.Kind == RatingChangeKind.Remove;
                    float rating = 0;
                    if (remove)
                    {
                        if (!old.TryGetRating(user, item, out _))
                        {
                            string what = !users.Contains(user) ? $"user '{user}' is not in the model"
                                : !items.Contains(item) ? $"item '{item}' is not in the model"
                                : $"user '{user}' has no rating of item '{item}'";
                            throw new ArgumentException($"Change {number} removes the rating of ({user}, {item}), but {what}. Check the ids, or drop the change.", nameof(changes));
                        }
                    }
                    else
                    {
                        rating = CheckRating(number, user, item, change.Rating, old.Scale);
                    }

                    if (!edits.TryGetValue(user, out var edit))
                    {
                        edits.Add(user, edit = new UserEdit<TItem>(items.EqualityComparer));
                    }

                    if (edit.Replaces)
                    {
                        throw new ArgumentException($"Change {number} changes a rating of user '{user}', whose ratings change {edit.ReplaceChange} replaces. Put the rating in the replacement.", nameof(changes));
                    }

                    if (!edit.Pairs.TryAdd(item, new PairChange(remove, rating, number)))
                    {
                        throw new ArgumentException($"Change {number} changes the rating of ({user}, {item}) again; change {edit.Pairs[item].Change} already does. Keep one change per pair.", nameof(changes));
                    }

                    break;
                }

                case RatingChangeKind.ReplaceUser:
                {
                    var user = change.User!;
                    CheckNotForgotten(changes, number, user, userForgetters, "user");
                    if (edits.TryGetValue(user, out var existing))
                    {
                        int other = existing.Replaces ? existing.ReplaceChange : existing.Pairs.Values.Min(p => p.Change);
                        throw new ArgumentException($"Change {number} replaces the ratings of user '{user}', which change {other} also changes. Keep one change per user when replacing.", nameof(changes));
                    }

                    var edit = new UserEdit<TItem>(items.EqualityComparer) { ReplaceChange = number };
                    foreach (var (item, value) in change.Ratings!)
                    {
                        CheckNotForgotten(changes, number, item, itemForgetters, "item");
                        float rating = CheckRating(number, user, item, value, old.Scale);
                        if (!edit.Pairs.TryAdd(item, new PairChange(false, rating, number)))
                        {
                            throw new ArgumentException($"Change {number} replaces the ratings of user '{user}' with item '{item}' twice. List each item once.", nameof(changes));
                        }
                    }

                    edits.Add(user, edit);
                    break;
                }
            }
        }

        forgottenUsers = new HashSet<TUser>(userForgetters.Keys, users.EqualityComparer);
        forgottenItems = new HashSet<TItem>(itemForgetters.Keys, items.EqualityComparer);
        return edits;
    }

    private static void CheckNotForgotten<TUser, TItem, TId>(RatingChanges<TUser, TItem> changes, int number, TId id, Dictionary<TId, int> forgetters, string kind)
        where TUser : notnull
        where TItem : notnull
        where TId : notnull
    {
        if (forgetters.TryGetValue(id, out int forgetter))
        {
            throw new ArgumentException($"Change {number} of {changes.Count} uses {kind} '{id}', which change {forgetter} forgets. Drop one of the two changes.", nameof(changes));
        }
    }

    private static float CheckRating<TUser, TItem>(int number, TUser user, TItem item, double rating, RatingScale scale)
    {
        string text = rating.ToString("R", CultureInfo.InvariantCulture);
        if (!double.IsFinite(rating))
        {
            throw new RatingDataException($"Change {number} sets the rating of ({user}, {item}) to {text}, which is not a finite number. Fix the value.", null, 0, "rating", text);
        }

        if (!scale.Contains(rating))
        {
            throw new RatingDataException($"Change {number} sets the rating of ({user}, {item}) to {text}, outside the scale {scale} of the model's ratings or preference weights. Fix the value.", null, 0, "rating", text);
        }

        float stored = (float)rating;
        if (float.IsInfinity(stored))
        {
            throw new RatingDataException($"Change {number} sets the rating of ({user}, {item}) to {text}, too large to store as a 32-bit float (max {float.MaxValue:R}).", null, 0, "rating", text);
        }

        return stored;
    }

    /// <summary>Removes <paramref name="forgotten"/> from <paramref name="map"/> and adds <paramref name="added"/> in id order.</summary>
    private static (IdMap<TId> Map, int[] NewToOld) Merge<TId>(IdMap<TId> map, HashSet<TId> forgotten, List<TId> added)
        where TId : notnull
    {
        if (forgotten.Count == 0 && added.Count == 0)
        {
            return (map, Enumerable.Range(0, map.Count).ToArray());
        }

        var comparer = map.Comparer;
        added.Sort(comparer);
        var ids = new List<TId>(map.Count + added.Count);
        var newToOld = new List<int>(map.Count + added.Count);
        var oldIds = map.IdArray;
        int next = 0;
        for (int i = 0; i < oldIds.Length; i++)
        {
            if (forgotten.Contains(oldIds[i]))
            {
                continue;
            }

            while (next < added.Count && comparer.Compare(added[next], oldIds[i]) < 0)
            {
                ids.Add(added[next++]);
                newToOld.Add(-1);
            }

            ids.Add(oldIds[i]);
            newToOld.Add(i);
        }

        while (next < added.Count)
        {
            ids.Add(added[next++]);
            newToOld.Add(-1);
        }

        return (new IdMap<TId>([.. ids], comparer, map.EqualityComparer), [.. newToOld]);
    }

    private static int[] Invert(int[] newToOld, int oldCount)
    {
        var oldToNew = new int[oldCount];
        Array.Fill(oldToNew, -1);
        for (int a = 0; a < newToOld.Length; a++)
        {
            if (newToOld[a] >= 0)
            {
                oldToNew[newToOld[a]] = a;
            }
        }

        return oldToNew;
    }

    private readonly record struct PairChange(bool Remove, float Rating, int Change);

    private sealed class UserEdit<TItem>(IEqualityComparer<TItem> equality)
        where TItem : notnull
    {
        public Dictionary<TItem, PairChange> Pairs { get; } = new(equality);

        /// <summary>The number of the change that replaces the user's ratings, or 0.</summary>
        public int ReplaceChange { get; init; }

        public bool Replaces => ReplaceChange > 0;
    }
}

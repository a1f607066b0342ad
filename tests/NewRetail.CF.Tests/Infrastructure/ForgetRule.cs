namespace NewRetail.CF.Tests.Infrastructure;

/// <summary>
/// The documented effect of forgetting, applied to ratings kept as plain dictionaries: the forgotten ids leave, and
/// so do the ids that only forgotten ids kept in the model.
/// </summary>
internal static class ForgetRule
{
    /// <summary>
    /// Removes from <paramref name="byUser"/> and <paramref name="items"/> the forgotten users and items, every item that
    /// only forgotten users rated before the batch and that no other user rates after it, and every user who rated only
    /// forgotten items before the batch and whom the batch did not change.
    /// </summary>
    /// <param name="byUser">The ratings after the batch's other changes, by user.</param>
    /// <param name="items">The known item ids after the batch's other changes.</param>
    /// <param name="before">The ratings before the batch, by user.</param>
    /// <param name="forgottenUsers">The users the batch forgets.</param>
    /// <param name="forgottenItems">The items the batch forgets.</param>
    /// <param name="changedUsers">The users whose ratings the batch sets, removes or replaces.</param>
    public static void Apply(
        Dictionary<string, Dictionary<string, double>> byUser,
        ISet<string> items,
        IReadOnlyDictionary<string, Dictionary<string, double>> before,
        IReadOnlySet<string> forgottenUsers,
        IReadOnlySet<string> forgottenItems,
        IReadOnlySet<string> changedUsers)
    {
        var raters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (user, row) in before)
        {
            foreach (var item in row.Keys)
            {
                if (!raters.TryGetValue(item, out var list))
                {
                    raters[item] = list = [];
                }

                list.Add(user);
            }
        }

        var orphanItems = raters
            .Where(r => !forgottenItems.Contains(r.Key) && r.Value.All(forgottenUsers.Contains))
            .Where(r => !byUser.Any(row => !forgottenUsers.Contains(row.Key) && row.Value.ContainsKey(r.Key)))
            .Select(r => r.Key)
            .ToList();
        var orphanUsers = before
            .Where(b => b.Value.Count > 0 && !forgottenUsers.Contains(b.Key) && !changedUsers.Contains(b.Key) && b.Value.Keys.All(forgottenItems.Contains))
            .Select(b => b.Key)
            .ToList();

        foreach (var user in forgottenUsers.Concat(orphanUsers))
        {
            byUser.Remove(user);
        }

        foreach (var item in forgottenItems.Concat(orphanItems))
        {
            items.Remove(item);
            foreach (var row in byUser.Values)
            {
                row.Remove(item);
            }
        }
    }

    /// <summary>Returns a deep copy of ratings kept by user, as the state before a batch.</summary>
    public static Dictionary<string, Dictionary<string, double>> Copy(Dictionary<string, Dictionary<string, double>> byUser)
        => byUser.ToDictionary(r => r.Key, r => new Dictionary<string, double>(r.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}

using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>
/// The cosine similarity of two items' binary user vectors: |U(a) ∩ U(b)| / √(|U(a)| · |U(b)|), where U(i) is the set
/// of users with at least one event on item i. The default item similarity of intra-list diversity.
/// </summary>
/// <remarks>An item without events has a zero vector, and its similarity to any other item is defined as 0.</remarks>
internal sealed class BinaryItemCosine<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly Dictionary<TItem, int[]> _usersOfItem;

    public BinaryItemCosine(IEnumerable<InteractionEvent<TUser, TItem>> events)
    {
        var userIndex = new Dictionary<TUser, int>();
        var sets = new Dictionary<TItem, HashSet<int>>();
        foreach (InteractionEvent<TUser, TItem> e in events)
        {
            if (!userIndex.TryGetValue(e.User, out int user))
            {
                user = userIndex.Count;
                userIndex.Add(e.User, user);
            }

            if (!sets.TryGetValue(e.Item, out HashSet<int>? users))
            {
                users = [];
                sets.Add(e.Item, users);
            }

            users.Add(user);
        }

        // Sorted user indices let Similarity count the common users with one merge.
        _usersOfItem = new Dictionary<TItem, int[]>(sets.Count);
        foreach (var (item, users) in sets)
        {
            int[] sorted = [.. users];
            Array.Sort(sorted);
            _usersOfItem.Add(item, sorted);
        }
    }

    public double Similarity(TItem a, TItem b)
    {
        if (!_usersOfItem.TryGetValue(a, out int[]? x) || !_usersOfItem.TryGetValue(b, out int[]? y))
        {
            return 0;
        }

        int common = 0;
        int i = 0;
        int j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                common++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common / Math.Sqrt((double)x.Length * y.Length);
    }
}

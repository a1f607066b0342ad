using System.Collections.Frozen;

namespace NewRetail.CF.Events;

/// <summary>
/// The set of behaviours each user showed towards each item, for filters such as "leave out what this customer
/// already bought" that depend on the kind of interaction.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class InteractionHistory<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly FrozenDictionary<TUser, FrozenDictionary<TItem, Behavior[]>> _byUser;

    /// <summary>Builds the history of <paramref name="events"/>.</summary>
    /// <param name="events">The events; their order does not matter.</param>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public InteractionHistory(IEnumerable<InteractionEvent<TUser, TItem>> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byUser = new Dictionary<TUser, Dictionary<TItem, List<Behavior>>>();
        foreach (InteractionEvent<TUser, TItem> e in events)
        {
            if (!byUser.TryGetValue(e.User, out Dictionary<TItem, List<Behavior>>? items))
            {
                items = [];
                byUser.Add(e.User, items);
            }

            if (!items.TryGetValue(e.Item, out List<Behavior>? behaviors))
            {
                behaviors = new List<Behavior>(1);
                items.Add(e.Item, behaviors);
            }

            if (!behaviors.Contains(e.Behavior))
            {
                behaviors.Add(e.Behavior);
            }
        }

        _byUser = byUser.ToFrozenDictionary(
            pair => pair.Key,
            pair => pair.Value.ToFrozenDictionary(inner => inner.Key, inner => inner.Value.ToArray()));
    }

    private InteractionHistory(FrozenDictionary<TUser, FrozenDictionary<TItem, Behavior[]>> byUser) => _byUser = byUser;

    /// <summary>The number of users with at least one event.</summary>
    public int UserCount => _byUser.Count;

    /// <summary>Returns whether <paramref name="user"/> showed <paramref name="behavior"/> towards <paramref name="item"/>.</summary>
    /// <param name="user">The user id.</param>
    /// <param name="item">The item id.</param>
    /// <param name="behavior">The behaviour.</param>
    /// <returns><see langword="true"/> when at least one such event exists.</returns>
    public bool Contains(TUser user, TItem item, Behavior behavior) =>
        _byUser.TryGetValue(user, out FrozenDictionary<TItem, Behavior[]>? items)
        && items.TryGetValue(item, out Behavior[]? behaviors)
        && Array.IndexOf(behaviors, behavior) >= 0;

    /// <summary>
    /// Returns the history without the events of <paramref name="users"/> and without the events on
    /// <paramref name="items"/>, as if it had been built from the other events; a user left with no event is dropped.
    /// </summary>
    /// <param name="users">The users to remove; the set's comparer decides which ids match.</param>
    /// <param name="items">The items to remove; the set's comparer decides which ids match.</param>
    /// <returns>This instance when both sets are empty, otherwise a new history.</returns>
    internal InteractionHistory<TUser, TItem> Without(IReadOnlySet<TUser> users, IReadOnlySet<TItem> items)
    {
        if (users.Count == 0 && items.Count == 0)
        {
            return this;
        }

        var byUser = new Dictionary<TUser, FrozenDictionary<TItem, Behavior[]>>();
        foreach (var (user, userItems) in _byUser)
        {
            if (users.Contains(user))
            {
                continue;
            }

            if (items.Count == 0 || !userItems.Keys.Any(items.Contains))
            {
                byUser.Add(user, userItems);
                continue;
            }

            var remaining = userItems.Where(pair => !items.Contains(pair.Key)).ToFrozenDictionary(pair => pair.Key, pair => pair.Value);
            if (remaining.Count > 0)
            {
                byUser.Add(user, remaining);
            }
        }

        return new InteractionHistory<TUser, TItem>(byUser.ToFrozenDictionary());
    }

    /// <summary>Returns the items <paramref name="user"/> interacted with through any of <paramref name="behaviors"/>.</summary>
    /// <param name="user">The user id. An unknown user has no items.</param>
    /// <param name="behaviors">The behaviours to match, or <see langword="null"/> to match every behaviour.</param>
    /// <returns>The matching items, in no particular order.</returns>
    public IReadOnlyList<TItem> ItemsOf(TUser user, IReadOnlyCollection<Behavior>? behaviors = null)
    {
        if (!_byUser.TryGetValue(user, out FrozenDictionary<TItem, Behavior[]>? items))
        {
            return [];
        }

        if (behaviors is null)
        {
            return items.Keys;
        }

        var result = new List<TItem>();
        foreach (KeyValuePair<TItem, Behavior[]> pair in items)
        {
            foreach (Behavior behavior in pair.Value)
            {
                if (behaviors.Contains(behavior))
                {
                    result.Add(pair.Key);
                    break;
                }
            }
        }

        return result;
    }
}

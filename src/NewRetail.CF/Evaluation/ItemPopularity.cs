using System.Collections.Frozen;
using System.Globalization;
using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>Builds <see cref="ItemPopularity{TItem}"/> from interaction events.</summary>
public static class ItemPopularity
{
    /// <summary>Counts, for each item, the distinct users with at least one event on it.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events, usually the training events of a split. Every behaviour counts.</param>
    /// <returns>The popularity, with <see cref="ItemPopularity{TItem}.UserCount"/> set to the number of distinct users in <paramref name="events"/>.</returns>
    /// <remarks>
    /// Counting users rather than events keeps one customer who views an item fifty times from making it popular.
    /// Filter the events first, for example to purchases, to measure popularity among buyers.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty.</exception>
    public static ItemPopularity<TItem> FromEvents<TUser, TItem>(IEnumerable<InteractionEvent<TUser, TItem>> events)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        var users = new HashSet<TUser>();
        var pairs = new HashSet<(TUser, TItem)>();
        var counts = new Dictionary<TItem, int>();
        foreach (InteractionEvent<TUser, TItem> e in events)
        {
            users.Add(e.User);
            if (pairs.Add((e.User, e.Item)))
            {
                counts[e.Item] = counts.GetValueOrDefault(e.Item) + 1;
            }
        }

        if (users.Count == 0)
        {
            throw new ArgumentException("There are no events to count. Pass at least one event.", nameof(events));
        }

        return new ItemPopularity<TItem>(counts, users.Count);
    }
}

/// <summary>
/// The number of users who interacted with each item, with the popularity rank and self-information that novelty
/// metrics use.
/// </summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>The popularity rank of the most popular item is 1. Items with the same count share the mean of the ranks they
/// span, so three items tied behind the top item all get rank (2 + 3 + 4) / 3 = 3. This keeps ranks independent of
/// item id order.</para>
/// <para>The self-information of an item is −log2(count / <see cref="UserCount"/>) bits: 0 for an item every user
/// interacted with, and higher for rarer items.</para>
/// <para>Items without any count are unknown: <see cref="Count"/> gives 0, and <see cref="Rank"/> and
/// <see cref="SelfInformation"/> give <see langword="null"/> because the self-information of a zero count is
/// infinite. Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class ItemPopularity<TItem>
    where TItem : notnull
{
    private readonly FrozenDictionary<TItem, (int Count, double Rank)> _items;

    /// <summary>Creates the popularity from user counts per item.</summary>
    /// <param name="userCounts">The number of distinct users per item, each in 1..<paramref name="userCount"/>.</param>
    /// <param name="userCount">The number of users that the counts are out of, ≥ 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="userCounts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="userCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A count is less than 1 or greater than <paramref name="userCount"/>.</exception>
    public ItemPopularity(IReadOnlyDictionary<TItem, int> userCounts, int userCount)
    {
        ArgumentNullException.ThrowIfNull(userCounts);
        if (userCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(userCount), userCount, "The number of users must be ≥ 1.");
        }

        var ordered = new (TItem Item, int Count)[userCounts.Count];
        int next = 0;
        foreach (var (item, count) in userCounts)
        {
            if (count < 1 || count > userCount)
            {
                throw new ArgumentException(
                    $"Item {item} has a user count of {count.ToString(CultureInfo.InvariantCulture)}, outside 1..{userCount.ToString(CultureInfo.InvariantCulture)}. Leave out items without users, and count each user once.",
                    nameof(userCounts));
            }

            ordered[next++] = (item, count);
        }

        // Most popular first; each run of equal counts at 1-based ranks first..last gets rank (first + last) / 2.
        Array.Sort(ordered, (a, b) => b.Count.CompareTo(a.Count));
        var items = new Dictionary<TItem, (int, double)>(ordered.Length);
        for (int start = 0; start < ordered.Length;)
        {
            int end = start;
            while (end + 1 < ordered.Length && ordered[end + 1].Count == ordered[start].Count)
            {
                end++;
            }

            double rank = ((start + 1) + (end + 1)) / 2.0;
            for (int p = start; p <= end; p++)
            {
                items.Add(ordered[p].Item, (ordered[p].Count, rank));
            }

            start = end + 1;
        }

        _items = items.ToFrozenDictionary();
        UserCount = userCount;
    }

    /// <summary>The number of users that the counts are out of.</summary>
    public int UserCount { get; }

    /// <summary>The number of items with a count.</summary>
    public int ItemCount => _items.Count;

    /// <summary>Returns the number of users who interacted with <paramref name="item"/>, or 0 for an unknown item.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>The count.</returns>
    public int Count(TItem item) => _items.TryGetValue(item, out var entry) ? entry.Count : 0;

    /// <summary>Returns the popularity rank of <paramref name="item"/>: 1 for the most popular, shared by ties as their mean rank.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>The rank in [1, <see cref="ItemCount"/>], or <see langword="null"/> for an unknown item.</returns>
    public double? Rank(TItem item) => _items.TryGetValue(item, out var entry) ? entry.Rank : null;

    /// <summary>Returns the self-information −log2(count / <see cref="UserCount"/>) of <paramref name="item"/> in bits.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>A value ≥ 0, computed as log2(<see cref="UserCount"/> / count) so that it is never −0, or <see langword="null"/> for an unknown item.</returns>
    public double? SelfInformation(TItem item) =>
        _items.TryGetValue(item, out var entry) ? Math.Log2((double)UserCount / entry.Count) : null;
}

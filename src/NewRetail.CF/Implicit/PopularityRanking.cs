using System.Collections.Frozen;
using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Implicit;

/// <summary>How a <see cref="PopularityRanking{TItem}"/> counts popularity.</summary>
public enum PopularityMeasure
{
    /// <summary>
    /// The number of distinct users: with a value &gt; 0 in a matrix, or with at least one matching event. The default.
    /// </summary>
    Users = 0,

    /// <summary>The total weight: the sum of the values in a matrix, or of the quantities of the matching events.</summary>
    Weight,
}

/// <summary>Which events a popularity ranking counts, and how.</summary>
/// <remarks>Every filter left at <see langword="null"/> lets all events through.</remarks>
public sealed record PopularityOptions
{
    /// <summary>How popularity is counted. Default: <see cref="PopularityMeasure.Users"/>.</summary>
    public PopularityMeasure Measure { get; init; } = PopularityMeasure.Users;

    /// <summary>Only events on this channel, for example <see cref="Channel.InStore"/>. Default: <see langword="null"/> (all).</summary>
    public Channel? Channel { get; init; }

    /// <summary>Only events with this store id (ordinal comparison). Default: <see langword="null"/> (all).</summary>
    public string? StoreId { get; init; }

    /// <summary>Only events with one of these behaviours, for example purchases. Default: <see langword="null"/> (all).</summary>
    public IReadOnlyCollection<Behavior>? Behaviors { get; init; }

    /// <summary>Only events at or after this time. Default: <see langword="null"/> (no lower bound).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this time, for example a train/test cut-off. Default: <see langword="null"/> (no upper bound).</summary>
    public DateTimeOffset? Until { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(Measure))
        {
            throw new ArgumentOutOfRangeException(nameof(Measure), Measure, "Invalid popularity measure. Use Users or Weight.");
        }

        if (Since is { } since && Until is { } until && since >= until)
        {
            throw new ArgumentOutOfRangeException(nameof(Since), since, $"Since ({since:O}) must be earlier than Until ({until:O}).");
        }
    }

    internal bool Matches<TUser, TItem>(in InteractionEvent<TUser, TItem> e)
        where TUser : notnull
        where TItem : notnull
        => (Channel is not { } channel || e.Channel == channel)
            && (StoreId is null || string.Equals(e.StoreId, StoreId, StringComparison.Ordinal))
            && (Behaviors is null || Behaviors.Contains(e.Behavior))
            && (Since is not { } since || e.Timestamp >= since)
            && (Until is not { } until || e.Timestamp < until);
}

/// <summary>Items ordered by popularity, most popular first, with their popularity values.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Ties are broken by item id order. Create one with <see cref="PopularityRanking.FromMatrix"/> or
/// <see cref="PopularityRanking.FromEvents"/>.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class PopularityRanking<TItem>
    where TItem : notnull
{
    private readonly TItem[] _items;
    private readonly double[] _scores;
    private readonly FrozenDictionary<TItem, int> _ranks;

    internal PopularityRanking(TItem[] items, double[] scores, PopularityMeasure measure, int[]? matrixIndices)
    {
        _items = items;
        _scores = scores;
        Measure = measure;
        MatrixIndices = matrixIndices;
        var ranks = new Dictionary<TItem, int>(items.Length, IdOrder.DefaultEquality<TItem>());
        for (int rank = 0; rank < items.Length; rank++)
        {
            ranks.Add(items[rank], rank);
        }

        _ranks = ranks.ToFrozenDictionary(IdOrder.DefaultEquality<TItem>());
    }

    /// <summary>The number of ranked items.</summary>
    public int Count => _items.Length;

    /// <summary>How popularity was counted.</summary>
    public PopularityMeasure Measure { get; }

    /// <summary>The items, most popular first.</summary>
    public ReadOnlySpan<TItem> Items => _items;

    /// <summary>The popularity values, parallel to <see cref="Items"/>.</summary>
    public ReadOnlySpan<double> Scores => _scores;

    /// <summary>The item index in the source matrix of each rank, for rankings built by <see cref="PopularityRanking.FromMatrix"/>.</summary>
    internal int[]? MatrixIndices { get; }

    /// <summary>Looks up the rank of <paramref name="item"/>.</summary>
    /// <param name="item">The item id.</param>
    /// <param name="rank">The 0-based rank, or -1 when the item is not ranked.</param>
    /// <returns><see langword="true"/> when the item is ranked.</returns>
    public bool TryGetRank(TItem item, out int rank)
    {
        if (item is not null && _ranks.TryGetValue(item, out rank))
        {
            return true;
        }

        rank = -1;
        return false;
    }

    /// <summary>Returns the <paramref name="count"/> most popular items.</summary>
    /// <param name="count">The maximum length of the list, ≥ 0.</param>
    /// <returns>Up to <paramref name="count"/> items with their popularity, marked <see cref="RecommendationSource.Popularity"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public IReadOnlyList<Recommendation<TItem>> Top(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var top = new Recommendation<TItem>[Math.Min(count, _items.Length)];
        for (int rank = 0; rank < top.Length; rank++)
        {
            top[rank] = new Recommendation<TItem>(_items[rank], _scores[rank], RecommendationSource.Popularity);
        }

        return top;
    }
}

/// <summary>Builds <see cref="PopularityRanking{TItem}"/> instances.</summary>
public static class PopularityRanking
{
    /// <summary>Ranks the items of <paramref name="ratings"/> by popularity.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The preference matrix. Every item is ranked, those without a positive value last with 0.</param>
    /// <param name="measure">
    /// How to count: the number of users with a value &gt; 0, or the sum of the values. Default: <see cref="PopularityMeasure.Users"/>.
    /// </param>
    /// <returns>The ranking; ties in item index order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="measure"/> is not a defined value.</exception>
    public static PopularityRanking<TItem> FromMatrix<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, PopularityMeasure measure = PopularityMeasure.Users)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (!Enum.IsDefined(measure))
        {
            throw new ArgumentOutOfRangeException(nameof(measure), measure, "Invalid popularity measure. Use Users or Weight.");
        }

        var core = ratings.Core;
        var scores = new double[core.ItemCount];
        for (int item = 0; item < core.ItemCount; item++)
        {
            double total = 0;
            for (int k = core.ColumnPointers[item]; k < core.ColumnPointers[item + 1]; k++)
            {
                float value = core.ColumnValues[k];
                if (value > 0)
                {
                    total += measure == PopularityMeasure.Users ? 1 : value;
                }
            }

            scores[item] = total;
        }

        // Index order is id order, so a stable sort by score alone breaks ties by id.
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scores[a] != scores[b] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
        var items = new TItem[order.Length];
        var sortedScores = new double[order.Length];
        for (int rank = 0; rank < order.Length; rank++)
        {
            items[rank] = ratings.Items.IdArray[order[rank]];
            sortedScores[rank] = scores[order[rank]];
        }

        return new PopularityRanking<TItem>(items, sortedScores, measure, order);
    }

    /// <summary>Ranks the items of the events that match <paramref name="options"/>, for example per channel or over a recent window.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events; their order does not matter.</param>
    /// <param name="options">Which events count, and how. Default: every event, counted by distinct users.</param>
    /// <param name="itemOrder">The order that breaks ties. Default: <see cref="IdOrder.Default{TId}"/>, as in a rating matrix.</param>
    /// <returns>The ranking of the items with at least one matching event; possibly empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid, or <see cref="PopularityOptions.Since"/> is not earlier than <see cref="PopularityOptions.Until"/>.</exception>
    /// <exception cref="RatingDataException">An event has a missing user or item id, or a quantity that is not a finite number &gt; 0.</exception>
    public static PopularityRanking<TItem> FromEvents<TUser, TItem>(
        IEnumerable<InteractionEvent<TUser, TItem>> events,
        PopularityOptions? options = null,
        IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        options ??= new PopularityOptions();
        options.Validate();

        var totals = new Dictionary<TItem, double>(IdOrder.DefaultEquality<TItem>());
        var seenPairs = new HashSet<(TUser, TItem)>();
        long position = 0;
        foreach (var e in events)
        {
            position++;
            Check(e, position);
            if (!options.Matches(e))
            {
                continue;
            }

            double increment = options.Measure == PopularityMeasure.Weight ? e.Quantity : (seenPairs.Add((e.User, e.Item)) ? 1 : 0);
            totals[e.Item] = totals.GetValueOrDefault(e.Item) + increment;
        }

        var items = totals.Keys.ToArray();
        var order = itemOrder ?? IdOrder.Default<TItem>();
        Array.Sort(items, (a, b) =>
        {
            int byScore = totals[b].CompareTo(totals[a]);
            return byScore != 0 ? byScore : order.Compare(a, b);
        });

        var scores = new double[items.Length];
        for (int rank = 0; rank < items.Length; rank++)
        {
            scores[rank] = totals[items[rank]];
        }

        return new PopularityRanking<TItem>(items, scores, options.Measure, matrixIndices: null);
    }

    private static void Check<TUser, TItem>(in InteractionEvent<TUser, TItem> e, long position)
        where TUser : notnull
        where TItem : notnull
    {
        long row = e.RowNumber > 0 ? e.RowNumber : position;
        if (e.User is null)
        {
            throw new RatingDataException("The user id of the event is missing (null). Give every event a user id.", null, row, "user", null);
        }

        if (e.Item is null)
        {
            throw new RatingDataException("The item id of the event is missing (null). Give every event an item id.", null, row, "item", null);
        }

        if (!double.IsFinite(e.Quantity) || e.Quantity <= 0)
        {
            string text = e.Quantity.ToString("R", CultureInfo.InvariantCulture);
            throw new RatingDataException(
                $"The quantity {text} of the event ({e.User}, {e.Item}) is not a finite number > 0. A return is a Return event with a positive quantity.",
                null, row, "quantity", text);
        }
    }
}

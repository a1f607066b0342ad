using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>
/// Splits interaction events into training and test events for ranking evaluation: per-user leave-last-n-out by
/// time, a global time cut-off, or a seeded random holdout per user.
/// </summary>
/// <remarks>
/// <para>Every split returns the events in input order and never changes or drops one: each event goes to exactly one
/// side. The relevant items of each test user follow from the test events and <see cref="EventSplitOptions"/>.</para>
/// <para>The per-user splits hold out events whose behaviour is in <see cref="EventSplitOptions.RelevantBehaviors"/>
/// (purchases by default) and count n in those events. Counting every event would hold out mostly views on a
/// clickstream log, which leaves nothing to evaluate. A user is split only when at least one of their events stays in
/// training and at least one relevant event is held out. All other users stay in training entirely, so these splits
/// never make cold users.</para>
/// <para>Seeded splits draw from the SplitMix64 generator that <see cref="Split.Permutation"/> uses, so the same events,
/// seed and options give the same split on every .NET version and platform.</para>
/// </remarks>
public static class EventSplit
{
    /// <summary>Holds out the last <paramref name="count"/> relevant events of each user, and every later event of that user.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events to split, in any order.</param>
    /// <param name="count">The number n of relevant events to hold out per user, ≥ 1.</param>
    /// <param name="options">Which behaviours are relevant and how known items are treated. Default: <see cref="EventSplitOptions"/>'s defaults.</param>
    /// <returns>The split.</returns>
    /// <remarks>
    /// <para>Each user's events are ordered by <see cref="InteractionEvent{TUser, TItem}.Timestamp"/>, and events with the
    /// same timestamp keep their input order. The test part starts at the n-th last relevant event in that order, so
    /// the n last relevant events and every event after the first of them are held out. Later views are held out too,
    /// because a model must not learn from what the user did after the moment it is asked about.</para>
    /// <para>A user with fewer than n relevant events, or with no event before the first held-out one (for example a user
    /// with exactly n events, all purchases), stays in training entirely and is counted in
    /// <see cref="EventTrainTestSplit{TUser, TItem}.TrainOnlyUserCount"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="events"/> is empty, no user can be split so the test set would be empty, or an option is invalid.
    /// </exception>
    /// <exception cref="RatingDataException">An event has a null user or item id or an unnamed behaviour.</exception>
    public static EventTrainTestSplit<TUser, TItem> LeaveLastOut<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        int count,
        EventSplitOptions? options = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of events to hold out per user must be ≥ 1.");
        }

        options ??= new EventSplitOptions();
        var (relevant, known) = options.Resolve();
        CheckEvents(events);

        var isTest = new bool[events.Count];
        foreach (List<int> indices in IndicesByUser(events))
        {
            // 1. Order the user's events by time. The indices are ascending, so comparing them breaks ties by input order.
            int[] ordered = [.. indices];
            Array.Sort(ordered, (a, b) =>
            {
                int byTime = events[a].Timestamp.CompareTo(events[b].Timestamp);
                return byTime != 0 ? byTime : a.CompareTo(b);
            });

            // 2. Find the n-th last relevant event; the user stays in training when it does not exist or is first.
            int seen = 0;
            int cut = -1;
            for (int p = ordered.Length - 1; p >= 0; p--)
            {
                if (relevant.Contains(events[ordered[p]].Behavior) && ++seen == count)
                {
                    cut = p;
                    break;
                }
            }

            if (cut <= 0)
            {
                continue;
            }

            // 3. Hold out that event and everything after it.
            for (int p = cut; p < ordered.Length; p++)
            {
                isTest[ordered[p]] = true;
            }
        }

        string method = "leave-last-" + count.ToString(CultureInfo.InvariantCulture) + "-out";
        return Assemble(method, events, isTest, relevant, known, options, NoUserSplit(method, "at least n relevant events and an earlier event to keep for training"));
    }

    /// <summary>Trains on the events before <paramref name="cutoff"/> and tests on the events at or after it.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events to split, in any order.</param>
    /// <param name="cutoff">The first instant of the test period. Offsets are compared as instants, so <c>+01:00</c> and <c>Z</c> mix safely.</param>
    /// <param name="options">Which behaviours are relevant and how known items are treated. Default: <see cref="EventSplitOptions"/>'s defaults.</param>
    /// <returns>
    /// The split. Users whose first event is at or after the cut-off are listed in
    /// <see cref="EventTrainTestSplit{TUser, TItem}.ColdUsers"/>.
    /// </returns>
    /// <remarks>
    /// A global cut-off mirrors deployment: the model is fitted on the past only, and every user is tested on the same future
    /// period. Unlike the per-user splits it makes cold users, and it holds out users' views as well as purchases.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cutoff"/> leaves no training event or no test event.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty, or an option is invalid.</exception>
    /// <exception cref="RatingDataException">An event has a null user or item id or an unnamed behaviour.</exception>
    public static EventTrainTestSplit<TUser, TItem> TimeCutoff<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        DateTimeOffset cutoff,
        EventSplitOptions? options = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        options ??= new EventSplitOptions();
        var (relevant, known) = options.Resolve();
        CheckEvents(events);

        var isTest = new bool[events.Count];
        int testCount = 0;
        DateTimeOffset first = DateTimeOffset.MaxValue;
        DateTimeOffset last = DateTimeOffset.MinValue;
        for (int e = 0; e < events.Count; e++)
        {
            DateTimeOffset timestamp = events[e].Timestamp;
            first = timestamp < first ? timestamp : first;
            last = timestamp > last ? timestamp : last;
            if (timestamp >= cutoff)
            {
                isTest[e] = true;
                testCount++;
            }
        }

        if (testCount == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(cutoff),
                cutoff,
                $"The cut-off {Format(cutoff)} is after the last event at {Format(last)}, so there would be no test events. Choose an earlier cut-off.");
        }

        if (testCount == events.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(cutoff),
                cutoff,
                $"The cut-off {Format(cutoff)} is at or before the first event at {Format(first)}, so there would be no training events. Choose a later cut-off.");
        }

        return Assemble("time cut-off " + Format(cutoff), events, isTest, relevant, known, options, onEmptyTest: null);
    }

    /// <summary>Holds out <paramref name="count"/> randomly chosen relevant events of each user.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events to split. Their order, with the seed, decides which events are drawn.</param>
    /// <param name="count">The number of relevant events to hold out per user, ≥ 1.</param>
    /// <param name="seed">The seed. The same events, seed and options give the same split.</param>
    /// <param name="options">Which behaviours are relevant and how known items are treated. Default: <see cref="EventSplitOptions"/>'s defaults.</param>
    /// <returns>The split.</returns>
    /// <remarks>
    /// <para>Users are visited in the order of their first event. Each user's relevant events, in input order, are shuffled
    /// with one generator seeded once for the whole split, and the first <paramref name="count"/> are held out. The
    /// user's other events stay in training, because a random split has no "later" to protect.</para>
    /// <para>A user with fewer than <paramref name="count"/> relevant events, or with no other event left for training,
    /// stays in training entirely and is counted in <see cref="EventTrainTestSplit{TUser, TItem}.TrainOnlyUserCount"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="events"/> is empty, no user can be split so the test set would be empty, or an option is invalid.
    /// </exception>
    /// <exception cref="RatingDataException">An event has a null user or item id or an unnamed behaviour.</exception>
    public static EventTrainTestSplit<TUser, TItem> RandomHoldout<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        int count,
        long seed,
        EventSplitOptions? options = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of events to hold out per user must be ≥ 1.");
        }

        string method = $"random holdout of {count.ToString(CultureInfo.InvariantCulture)} per user, seed {seed.ToString(CultureInfo.InvariantCulture)}";
        return RandomHoldoutCore(events, _ => count, seed, options, method);
    }

    /// <summary>Holds out a random fraction of the relevant events of each user.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events to split. Their order, with the seed, decides which events are drawn.</param>
    /// <param name="fraction">The fraction of each user's relevant events to hold out, between 0 and 1, both excluded.</param>
    /// <param name="seed">The seed. The same events, seed and options give the same split.</param>
    /// <param name="options">Which behaviours are relevant and how known items are treated. Default: <see cref="EventSplitOptions"/>'s defaults.</param>
    /// <returns>The split.</returns>
    /// <remarks>
    /// <para>A user with m relevant events has t = round(fraction · m) of them held out, with halves rounded up as
    /// <see cref="Split.TrainTest{TUser, TItem}"/> does. The events are drawn as
    /// <see cref="RandomHoldout{TUser, TItem}"/> describes.</para>
    /// <para>A user with t = 0, or one who would keep no training event, stays in training entirely and is counted in
    /// <see cref="EventTrainTestSplit{TUser, TItem}.TrainOnlyUserCount"/>. With fraction 0.2, that is every user with
    /// fewer than 3 relevant events.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not strictly between 0 and 1, or is NaN.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="events"/> is empty, no user can be split so the test set would be empty, or an option is invalid.
    /// </exception>
    /// <exception cref="RatingDataException">An event has a null user or item id or an unnamed behaviour.</exception>
    public static EventTrainTestSplit<TUser, TItem> RandomHoldoutFraction<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        double fraction,
        long seed,
        EventSplitOptions? options = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(fraction), fraction, "The holdout fraction must be between 0 and 1, both excluded, for example 0.2.");
        }

        string method = $"random holdout of {fraction.ToString(CultureInfo.InvariantCulture)} per user, seed {seed.ToString(CultureInfo.InvariantCulture)}";
        return RandomHoldoutCore(events, m => (int)Math.Round(fraction * m, MidpointRounding.AwayFromZero), seed, options, method);
    }

    private static EventTrainTestSplit<TUser, TItem> RandomHoldoutCore<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        Func<int, int> heldOutCount,
        long seed,
        EventSplitOptions? options,
        string method)
        where TUser : notnull
        where TItem : notnull
    {
        options ??= new EventSplitOptions();
        var (relevant, known) = options.Resolve();
        CheckEvents(events);

        var isTest = new bool[events.Count];
        var generator = new SplitMix64(seed);
        var candidates = new List<int>();
        foreach (List<int> indices in IndicesByUser(events))
        {
            candidates.Clear();
            foreach (int e in indices)
            {
                if (relevant.Contains(events[e].Behavior))
                {
                    candidates.Add(e);
                }
            }

            int take = heldOutCount(candidates.Count);
            if (take < 1 || take > candidates.Count || take >= indices.Count)
            {
                continue;
            }

            Span<int> shuffled = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates);
            generator.Shuffle(shuffled);
            foreach (int e in shuffled[..take])
            {
                isTest[e] = true;
            }
        }

        return Assemble(method, events, isTest, relevant, known, options, NoUserSplit(method, "enough relevant events to hold some out and keep one event for training"));
    }

    /// <summary>Builds the split from the side of each event and derives the relevant items, cold users and counts.</summary>
    private static EventTrainTestSplit<TUser, TItem> Assemble<TUser, TItem>(
        string method,
        IReadOnlyList<InteractionEvent<TUser, TItem>> events,
        bool[] isTest,
        HashSet<Behavior> relevantBehaviors,
        HashSet<Behavior> knownBehaviors,
        EventSplitOptions options,
        string? onEmptyTest)
        where TUser : notnull
        where TItem : notnull
    {
        // 1. Separate the events, keeping input order on both sides.
        var train = new List<InteractionEvent<TUser, TItem>>(events.Count);
        var test = new List<InteractionEvent<TUser, TItem>>();
        for (int e = 0; e < events.Count; e++)
        {
            (isTest[e] ? test : train).Add(events[e]);
        }

        if (test.Count == 0)
        {
            throw new ArgumentException(onEmptyTest, nameof(events));
        }

        // 2. Collect the training users and items, and the (user, item) pairs that make an item known to its user.
        var trainUsers = new HashSet<TUser>();
        var trainItems = new HashSet<TItem>();
        var knownPairs = new HashSet<(TUser, TItem)>();
        foreach (InteractionEvent<TUser, TItem> e in train)
        {
            trainUsers.Add(e.User);
            trainItems.Add(e.Item);
            if (knownBehaviors.Contains(e.Behavior))
            {
                knownPairs.Add((e.User, e.Item));
            }
        }

        // 3. The relevant items of each test user, counting the known and the unknown-to-training ones.
        var testUsers = new List<TUser>();
        var relevant = new Dictionary<TUser, HashSet<TItem>>();
        var repeatPairs = new HashSet<(TUser, TItem)>();
        int unknownItemPairs = 0;
        foreach (InteractionEvent<TUser, TItem> e in test)
        {
            if (!relevant.TryGetValue(e.User, out HashSet<TItem>? items))
            {
                items = [];
                relevant.Add(e.User, items);
                testUsers.Add(e.User);
            }

            if (!relevantBehaviors.Contains(e.Behavior))
            {
                continue;
            }

            if (knownPairs.Contains((e.User, e.Item)))
            {
                repeatPairs.Add((e.User, e.Item));
                if (!options.IncludeKnownItems)
                {
                    continue;
                }
            }

            if (items.Add(e.Item) && !trainItems.Contains(e.Item))
            {
                unknownItemPairs++;
            }
        }

        // 4. Cold users have no training event; train-only users have no test event.
        var coldUsers = new HashSet<TUser>();
        foreach (TUser user in testUsers)
        {
            if (!trainUsers.Contains(user))
            {
                coldUsers.Add(user);
            }
        }

        int trainOnlyUsers = trainUsers.Count(user => !relevant.ContainsKey(user));
        return new EventTrainTestSplit<TUser, TItem>(
            method, options, [.. train], [.. test], [.. testUsers], relevant, coldUsers, trainOnlyUsers, repeatPairs.Count, unknownItemPairs);
    }

    /// <summary>Groups event indices by user, users in the order of their first event and indices ascending.</summary>
    private static List<List<int>> IndicesByUser<TUser, TItem>(IReadOnlyList<InteractionEvent<TUser, TItem>> events)
        where TUser : notnull
        where TItem : notnull
    {
        var byUser = new Dictionary<TUser, List<int>>();
        var ordered = new List<List<int>>();
        for (int e = 0; e < events.Count; e++)
        {
            if (!byUser.TryGetValue(events[e].User, out List<int>? indices))
            {
                indices = [];
                byUser.Add(events[e].User, indices);
                ordered.Add(indices);
            }

            indices.Add(e);
        }

        return ordered;
    }

    private static void CheckEvents<TUser, TItem>(IReadOnlyList<InteractionEvent<TUser, TItem>> events)
        where TUser : notnull
        where TItem : notnull
    {
        if (events.Count == 0)
        {
            throw new ArgumentException("There are no events to split. Pass at least one event.", nameof(events));
        }

        for (int e = 0; e < events.Count; e++)
        {
            InteractionEvent<TUser, TItem> item = events[e];
            long row = item.RowNumber > 0 ? item.RowNumber : e + 1;
            if (item.User is null)
            {
                throw new RatingDataException($"Event {e} has a missing (null) user id. Give every event a user and an item.", null, row, "user", null);
            }

            if (item.Item is null)
            {
                throw new RatingDataException($"Event {e} of user {item.User} has a missing (null) item id. Give every event a user and an item.", null, row, "item", null);
            }

            if (item.Behavior.Name.Length == 0)
            {
                throw new RatingDataException(
                    $"Event {e} of user {item.User} on item {item.Item} has the default Behavior value, which has no name. Set a behaviour such as Behavior.Purchase.",
                    null,
                    row,
                    "behavior",
                    null);
            }
        }
    }

    private static string NoUserSplit(string method, string requirement) =>
        $"No user could be split by {method}, so there would be no test events. A user needs {requirement}; hold out fewer events, check EventSplitOptions.RelevantBehaviors, or pass more events.";

    private static string Format(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);
}

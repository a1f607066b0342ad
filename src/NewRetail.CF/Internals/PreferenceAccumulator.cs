using System.Globalization;
using System.Runtime.InteropServices;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Internals;

/// <summary>
/// One run of <see cref="PreferenceAggregator"/>: sums the units and decayed units of each (pair, behaviour, channel)
/// group in one pass over the events, then applies returns, damping, weights and the cap per pair.
/// </summary>
/// <remarks>
/// Pairs live in a dictionary keyed by (user slot, item slot). The groups of a pair form a linked list in
/// <see cref="_groups"/>, which is short because a pair rarely has more than a few behaviours.
/// </remarks>
internal sealed class PreferenceAccumulator<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private const string ReturnName = "return";

    private readonly PreferenceOptions _options;
    private readonly string? _sourceName;
    private readonly string[] _behaviorNames;
    private readonly double[] _behaviorWeights;
    private readonly int _purchaseIndex;
    private readonly string[] _channelNames;
    private readonly double[] _channelWeights;
    private readonly bool _decay;
    private readonly double _halfLifeTicks;
    private readonly long _referenceTicks;
    private readonly bool _hasReference;

    private readonly Dictionary<TUser, int> _userSlots;
    private readonly Dictionary<TItem, int> _itemSlots;
    private readonly List<TUser> _users = [];
    private readonly List<TItem> _items = [];
    private readonly Dictionary<long, int> _pairSlots;
    private readonly Dictionary<Behavior, long> _ignored = [];
    private readonly IEqualityComparer<TUser> _userEquality;
    private Pair[] _pairs;
    private Group[] _groups;
    private int _pairCount;
    private int _groupCount;
    private long _position;
    private long _latestTicks = long.MinValue;
    private PreferenceCounts _counts;

    private bool _hasLastUser;
    private TUser _lastUser = default!;
    private int _lastUserSlot;

    /// <param name="options">Validated options.</param>
    /// <param name="sourceName">The source name for errors, or <see langword="null"/>.</param>
    /// <param name="eventCount">The number of events when it is known in advance, else 0. Pairs and groups are
    /// sized for it, because there are never more of them than events, and growing large tables costs copies.</param>
    internal PreferenceAccumulator(PreferenceOptions options, string? sourceName, int eventCount)
    {
        _options = options;
        _sourceName = sourceName;

        // Weights are copied into arrays so that a lookup is a short scan of names, which are mostly the same
        // string instances as the built-in behaviours and channels.
        _behaviorNames = [.. options.BehaviorWeights.Keys.Select(b => b.Name)];
        _behaviorWeights = [.. options.BehaviorWeights.Values];
        _purchaseIndex = Array.IndexOf(_behaviorNames, Behavior.Purchase.Name);
        _channelNames = [.. options.ChannelWeights.Keys.Select(c => c.Name)];
        _channelWeights = [.. options.ChannelWeights.Values];

        _decay = options.HalfLife is not null;
        _halfLifeTicks = options.HalfLife.GetValueOrDefault().Ticks;
        _hasReference = options.ReferenceTime is not null;
        _referenceTicks = options.ReferenceTime.GetValueOrDefault().UtcTicks;

        _userEquality = IdOrder.DefaultEquality<TUser>();
        _userSlots = new Dictionary<TUser, int>(_userEquality);
        _itemSlots = new Dictionary<TItem, int>(IdOrder.DefaultEquality<TItem>());
        int capacity = Math.Max(eventCount, 1024);
        _pairSlots = new Dictionary<long, int>(capacity, PairKeyComparer.Instance);
        _pairs = new Pair[capacity];
        _groups = new Group[capacity];
    }

    internal void AddRange(ReadOnlySpan<InteractionEvent<TUser, TItem>> events)
    {
        foreach (ref readonly InteractionEvent<TUser, TItem> e in events)
        {
            Add(in e);
        }
    }

    internal void Add(in InteractionEvent<TUser, TItem> e)
    {
        _position++;
        long row = e.RowNumber > 0 ? e.RowNumber : _position;
        Validate(in e, row);

        // 1. Classify the behaviour: weighted, a return, or unweighted.
        string behaviorName = e.Behavior.Name;
        int behavior = IndexOf(_behaviorNames, behaviorName);
        bool isReturn = behavior < 0 && string.Equals(behaviorName, ReturnName, StringComparison.Ordinal);
        if (isReturn && _options.Returns == ReturnHandling.Ignore)
        {
            Ignore(e.Behavior);
            return;
        }

        if (behavior < 0 && !isReturn)
        {
            if (_options.IgnoreUnweightedBehaviors)
            {
                Ignore(e.Behavior);
                return;
            }

            throw Error(
                $"The behaviour '{behaviorName}' of the event ({Describe(in e)}) has no weight. Add it to PreferenceOptions.BehaviorWeights, or set IgnoreUnweightedBehaviors to skip such events.",
                row, "behavior", behaviorName);
        }

        int channel = -1;
        if (!isReturn)
        {
            channel = IndexOf(_channelNames, e.Channel.Name);
            if (channel < 0)
            {
                throw Error(
                    $"The channel '{e.Channel.Name}' of the event ({Describe(in e)}) has no weight. Add it to PreferenceOptions.ChannelWeights.",
                    row, "channel", e.Channel.Name);
            }
        }

        // 2. Check the time against the reference before anything is recorded.
        long ticks = 0;
        if (_decay)
        {
            ticks = e.Timestamp.UtcTicks;
            if (_hasReference && ticks > _referenceTicks)
            {
                if (_options.LateEvents == LateEventHandling.Reject)
                {
                    string time = FormatTime(e.Timestamp);
                    throw Error(
                        $"The event ({Describe(in e)}) at {time} is later than the reference time {FormatTime(_options.ReferenceTime.GetValueOrDefault())}. " +
                        "Remove events after the reference time, move ReferenceTime, or set LateEvents to CountAtReference.",
                        row, "timestamp", time);
                }

                ticks = _referenceTicks;
                _counts.LateEvents++;
            }

            if (ticks > _latestTicks)
            {
                _latestTicks = ticks;
            }
        }

        // 3. Find the pair, then record a return or add the units to the pair's group.
        ref Pair pair = ref FindPair(e.User, e.Item);
        _counts.UsedEvents++;
        double quantity = e.Quantity;
        if (isReturn)
        {
            pair.ReturnedUnits += quantity;
            pair.ReturnEvents++;
            _counts.ReturnEvents++;
            return;
        }

        if (behavior == _purchaseIndex)
        {
            pair.PurchasedUnits += quantity;
        }

        int combination = (behavior * _channelNames.Length) + channel;
        ref Group group = ref FindGroup(ref pair, combination, out bool created);
        group.Units += quantity;
        if (!_decay)
        {
            return;
        }

        // Decayed units are stored relative to the group's latest event, so that every factor is ≤ 1 and the sum
        // cannot overflow however far apart the events are; Build rescales them to the reference time.
        if (created)
        {
            group.DecayedUnits = quantity;
            group.LatestTicks = ticks;
        }
        else if (ticks > group.LatestTicks)
        {
            group.DecayedUnits = (group.DecayedUnits * DecayFactor(ticks - group.LatestTicks)) + quantity;
            group.LatestTicks = ticks;
        }
        else
        {
            group.DecayedUnits += quantity * DecayFactor(group.LatestTicks - ticks);
        }
    }

    internal PreferenceAggregation<TUser, TItem> Build()
    {
        long referenceTicks = _hasReference ? _referenceTicks : _latestTicks;
        var builder = new RatingMatrixBuilder<TUser, TItem>(new RatingScale(0, _options.Cap ?? double.MaxValue));
        double cap = _options.Cap ?? double.PositiveInfinity;
        bool cancel = _options.Returns == ReturnHandling.CancelPurchases;
        for (int p = 0; p < _pairCount; p++)
        {
            ref Pair pair = ref _pairs[p];

            // 1. The fraction of purchased units that returns leave.
            double keptFraction = 1;
            if (cancel && pair.ReturnEvents > 0)
            {
                if (pair.PurchasedUnits > 0)
                {
                    keptFraction = Math.Max(0, pair.PurchasedUnits - pair.ReturnedUnits) / pair.PurchasedUnits;
                    _counts.ReturnedPairs++;
                }
                else
                {
                    _counts.UnmatchedReturnEvents += pair.ReturnEvents;
                }
            }

            // 2. Sum the weighted, decayed, damped groups.
            double preference = 0;
            for (int g = pair.FirstGroup; g >= 0; g = _groups[g].Next)
            {
                ref Group group = ref _groups[g];
                int behavior = group.Combination / _channelNames.Length;
                int channel = group.Combination % _channelNames.Length;
                double units = group.Units;
                if (behavior == _purchaseIndex && keptFraction < 1)
                {
                    // A single purchase group contains all purchased units, so P − R is exact there.
                    units = units == pair.PurchasedUnits ? Math.Max(0, units - pair.ReturnedUnits) : units * keptFraction;
                }

                if (units == 0)
                {
                    continue;
                }

                double decay = _decay ? group.DecayedUnits / group.Units * DecayFactor(referenceTicks - group.LatestTicks) : 1;
                preference += _behaviorWeights[behavior] * _channelWeights[channel] * decay * Damp(units);
            }

            // 3. Cap, leave out zero preferences, and store.
            if (preference > cap)
            {
                preference = cap;
                _counts.CappedPairs++;
            }

            // A preference that rounds to 0 as a float (for example after strong decay) is no preference either.
            if (!((float)preference > 0))
            {
                if (pair.PurchasedUnits > 0 && keptFraction == 0 && cancel)
                {
                    _counts.CancelledPairs++;
                }
                else
                {
                    _counts.ZeroPairs++;
                }

                continue;
            }

            TUser user = _users[pair.User];
            TItem item = _items[pair.Item];
            if (!(preference <= float.MaxValue))
            {
                string text = preference.ToString("R", CultureInfo.InvariantCulture);
                throw new RatingDataException(
                    $"The preference of (user {user}, item {item}) is {text}, too large to store as a 32-bit float. Lower the weights, damp quantities, or set Cap.",
                    _sourceName, 0, "preference", text);
            }

            builder.Add(user, item, preference);
        }

        DateTimeOffset? reference = null;
        if (_hasReference)
        {
            reference = _options.ReferenceTime;
        }
        else if (_decay && _latestTicks != long.MinValue)
        {
            reference = new DateTimeOffset(_latestTicks, TimeSpan.Zero);
        }

        return new PreferenceAggregation<TUser, TItem>(builder.Build(), _counts, _ignored.AsReadOnly(), reference);
    }

    private static int IndexOf(string[] names, string name)
    {
        for (int k = 0; k < names.Length; k++)
        {
            if (ReferenceEquals(names[k], name) || string.Equals(names[k], name, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return -1;
    }

    private static string FormatTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static string Describe(in InteractionEvent<TUser, TItem> e) => $"user {e.User}, item {e.Item}, {e.Behavior}";

    private void Validate(in InteractionEvent<TUser, TItem> e, long row)
    {
        if (e.User is null)
        {
            throw Error("The user id of the event is missing (null). Give every event a user id.", row, "user", null);
        }

        if (e.Item is null)
        {
            throw Error($"The item id of the event of user {e.User} is missing (null). Give every event an item id.", row, "item", null);
        }

        if (e.Behavior.Name.Length == 0)
        {
            throw Error(
                $"The behaviour of the event (user {e.User}, item {e.Item}) is missing: a default Behavior has no name. Use a built-in behaviour or create one with a name.",
                row, "behavior", null);
        }

        double quantity = e.Quantity;
        if (!(double.IsFinite(quantity) && quantity > 0))
        {
            string text = quantity.ToString("R", CultureInfo.InvariantCulture);
            throw Error(
                $"The quantity {text} of the event ({Describe(in e)}) is not a finite number > 0. Quantities count units; record a return as a 'return' event with a positive quantity.",
                row, "quantity", text);
        }

        if (_decay && e.Timestamp == default)
        {
            throw Error(
                $"The timestamp of the event ({Describe(in e)}) is missing: it is default(DateTimeOffset), 0001-01-01. Time decay needs a timestamp on every event; set one, or set HalfLife to null.",
                row, "timestamp", FormatTime(e.Timestamp));
        }
    }

    private void Ignore(Behavior behavior)
    {
        _counts.IgnoredEvents++;
        ref long count = ref CollectionsMarshal.GetValueRefOrAddDefault(_ignored, behavior, out _);
        count++;
    }

    private ref Pair FindPair(TUser user, TItem item)
    {
        int userSlot;
        if (_hasLastUser && _userEquality.Equals(user, _lastUser))
        {
            userSlot = _lastUserSlot;
        }
        else
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_userSlots, user, out bool known);
            if (!known)
            {
                slot = _users.Count;
                _users.Add(user);
            }

            userSlot = slot;
            _lastUser = user;
            _lastUserSlot = userSlot;
            _hasLastUser = true;
        }

        ref int itemSlot = ref CollectionsMarshal.GetValueRefOrAddDefault(_itemSlots, item, out bool itemKnown);
        if (!itemKnown)
        {
            itemSlot = _items.Count;
            _items.Add(item);
        }

        long key = ((long)userSlot << 32) | (uint)itemSlot;
        ref int pairSlot = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairSlots, key, out bool pairKnown);
        if (!pairKnown)
        {
            if (_pairCount == _pairs.Length)
            {
                Array.Resize(ref _pairs, _pairs.Length * 2);
            }

            pairSlot = _pairCount++;
            _pairs[pairSlot] = new Pair { User = userSlot, Item = itemSlot, FirstGroup = -1 };
        }

        return ref _pairs[pairSlot];
    }

    private ref Group FindGroup(ref Pair pair, int combination, out bool created)
    {
        for (int g = pair.FirstGroup; g >= 0; g = _groups[g].Next)
        {
            if (_groups[g].Combination == combination)
            {
                created = false;
                return ref _groups[g];
            }
        }

        if (_groupCount == _groups.Length)
        {
            Array.Resize(ref _groups, _groups.Length * 2);
        }

        int slot = _groupCount++;
        _groups[slot] = new Group { Combination = combination, Next = pair.FirstGroup };
        pair.FirstGroup = slot;
        created = true;
        return ref _groups[slot];
    }

    private double DecayFactor(long ageTicks) => double.Exp2(-ageTicks / _halfLifeTicks);

    private double Damp(double units) => _options.QuantityDamping switch
    {
        QuantityDamping.Log1p => double.LogP1(units),
        QuantityDamping.Sqrt => Math.Sqrt(units),
        _ => units,
    };

    private RatingDataException Error(string message, long row, string field, string? value)
        => new(message, _sourceName, row, field, value);

    /// <summary>
    /// Hashes a (user slot, item slot) key by Fibonacci hashing. <see cref="long.GetHashCode"/> XORs the two halves,
    /// which maps the pairs of a few thousand users and items onto a few thousand hash codes.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }

    /// <summary>The state of one (user, item) pair.</summary>
    private struct Pair
    {
        public int User;
        public int Item;
        public int FirstGroup;
        public int ReturnEvents;
        public double PurchasedUnits;
        public double ReturnedUnits;
    }

    /// <summary>The events of one pair with one behaviour on one channel.</summary>
    private struct Group
    {
        public int Combination;
        public int Next;
        public double Units;
        public double DecayedUnits;
        public long LatestTicks;
    }
}

using System.Collections.Frozen;
using System.Globalization;

namespace NewRetail.CF.Events;

/// <summary>
/// The settings of <see cref="PreferenceAggregator"/>: how much each behaviour and channel counts, how fast old events
/// fade, how returns cancel purchases, how quantities are damped, and the largest preference kept.
/// </summary>
/// <remarks>
/// <para>Each property checks its own value when it is set and throws <see cref="ArgumentException"/> or
/// <see cref="ArgumentOutOfRangeException"/> naming the property and the value. Settings that cannot be combined are
/// rejected by the <see cref="PreferenceAggregator"/> constructor. The weight tables are copied when they are set, so
/// that a later change to the caller's dictionary has no effect.</para>
/// <para>The defaults suit purchase and browsing logs of a shop: weights that rise along the funnel from view to
/// purchase, equal weights for the online and in-store channels, returns that cancel the units they give back,
/// <c>log(1 + q)</c> damping of quantities, no time decay and no cap. The remarks of each property give the reason
/// for its default.
/// The weights are a starting point: compare alternatives with a ranking evaluation on the shop's own data.</para>
/// </remarks>
public sealed record PreferenceOptions
{
    private static readonly FrozenDictionary<Behavior, double> DefaultBehaviorWeights = new Dictionary<Behavior, double>
    {
        [Behavior.View] = 1,
        [Behavior.Click] = 2,
        [Behavior.Favorite] = 4,
        [Behavior.AddToCart] = 6,
        [Behavior.Purchase] = 10,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Channel, double> DefaultChannelWeights = new Dictionary<Channel, double>
    {
        [Channel.Online] = 1,
        [Channel.InStore] = 1,
    }.ToFrozenDictionary();

    /// <summary>The default settings.</summary>
    public static PreferenceOptions Default { get; } = new();

    /// <summary>
    /// The weight of each behaviour, a finite number ≥ 0. Default: view 1, click 2, favourite 4, add-to-cart 6,
    /// purchase 10.
    /// </summary>
    /// <remarks>
    /// <para>The default weights rise along the shopping funnel, from looking to buying, because each step is a
    /// stronger sign of intent to buy. The stronger signals are also much rarer: in the Taobao UserBehavior sample,
    /// 89 % of events are page views, 5.5 % cart additions, 3.1 % favourites and 2.3 % purchases. A purchase counts
    /// ten views, so a product bought once outweighs one browsed a few times, but not one the customer keeps coming
    /// back to.</para>
    /// <para><see cref="Behavior.Return"/> must not appear here: returns are not weighted but cancel purchased units,
    /// as <see cref="Returns"/> describes. An event whose behaviour is missing from the table is an error, unless
    /// <see cref="IgnoreUnweightedBehaviors"/> is set. A weight of 0 keeps the behaviour's events valid but adds
    /// nothing.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The table is empty, or contains <see cref="Behavior.Return"/> or a default <see cref="Behavior"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is NaN, infinite or negative.</exception>
    public IReadOnlyDictionary<Behavior, double> BehaviorWeights
    {
        get;
        init => field = FreezeBehaviorWeights(value, nameof(BehaviorWeights));
    } = DefaultBehaviorWeights;

    /// <summary>
    /// Whether events whose behaviour is missing from <see cref="BehaviorWeights"/> are skipped and counted in
    /// <see cref="PreferenceAggregation{TUser, TItem}.IgnoredEvents"/> instead of raising an error. Default: <see langword="false"/>.
    /// </summary>
    /// <remarks>The default is strict because a behaviour left out of the table by mistake, such as a misspelt custom
    /// kind, would otherwise vanish from the preferences without notice.</remarks>
    public bool IgnoreUnweightedBehaviors { get; init; }

    /// <summary>The weight of each channel, a finite number ≥ 0. Default: online 1, in-store 1.</summary>
    /// <remarks>
    /// <para>The channels weigh the same by default because a purchase at the till is as strong a sign of a customer's
    /// taste as one in the web shop. Raise a channel's weight when its events are more deliberate, or lower it when
    /// they are noisy. An event whose channel is missing from the table is an error naming the channel.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The table is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A weight is NaN, infinite or negative.</exception>
    public IReadOnlyDictionary<Channel, double> ChannelWeights
    {
        get;
        init => field = FreezeChannelWeights(value, nameof(ChannelWeights));
    } = DefaultChannelWeights;

    /// <summary>
    /// The age at which an event counts half, or <see langword="null"/> for no time decay. Default: <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// <para>An event of age <c>a = reference − timestamp</c> counts <c>2^(−a / HalfLife)</c> of its weight: 1 at the
    /// reference time, ½ one half-life before it, ¼ two half-lives before it.</para>
    /// <para>Decay is off by default because its effect depends on a reference time and a half-life that only the
    /// caller can choose: a catalogue of seasonal gifts fades in weeks, one of spare parts in years.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan? HalfLife
    {
        get;
        init
        {
            if (value is TimeSpan halfLife && halfLife <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(HalfLife), halfLife, "HalfLife must be a positive time span, or null for no time decay.");
            }

            field = value;
        }
    }

    /// <summary>
    /// The time at which an event counts its full weight, or <see langword="null"/> to use the latest timestamp among
    /// the events. Used only with <see cref="HalfLife"/>. Default: <see langword="null"/>.
    /// </summary>
    /// <remarks>Set it to the training cut-off or to "now" when the same preferences must be comparable across runs;
    /// the latest event moves whenever new data arrives.</remarks>
    public DateTimeOffset? ReferenceTime { get; init; }

    /// <summary>What an event later than <see cref="ReferenceTime"/> does. Default: <see cref="LateEventHandling.Reject"/>.</summary>
    /// <remarks>The default rejects such events because they usually mean that test data leaked into a training set
    /// cut off at the reference time.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="LateEventHandling"/>.</exception>
    public LateEventHandling LateEvents
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(LateEvents), value, "Invalid late-event handling. Use Reject or CountAtReference.");
            }

            field = value;
        }
    }

    /// <summary>What <see cref="Behavior.Return"/> events do. Default: <see cref="ReturnHandling.CancelPurchases"/>.</summary>
    /// <remarks>The default nets returned units against purchased ones, because a product the customer sent back is
    /// weak evidence of taste and recommending it again risks a second return.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="ReturnHandling"/>.</exception>
    public ReturnHandling Returns
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Returns), value, "Invalid return handling. Use CancelPurchases or Ignore.");
            }

            field = value;
        }
    }

    /// <summary>How the number of units of a behaviour is damped. Default: <see cref="QuantityDamping.Log1p"/>.</summary>
    /// <remarks>The default is <c>log(1 + q)</c> because order quantities are heavy-tailed, most of all where
    /// wholesalers buy: in UCI Online Retail the median purchase line has 6 units, the 99th percentile 120 and the
    /// largest 80,995. Without damping a single bulk order would outweigh all of a customer's other purchases.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="QuantityDamping"/>.</exception>
    public QuantityDamping QuantityDamping
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(QuantityDamping), value, "Invalid quantity damping. Use None, Log1p or Sqrt.");
            }

            field = value;
        }
    } = QuantityDamping.Log1p;

    /// <summary>
    /// The largest preference kept, a finite number &gt; 0, or <see langword="null"/> for no limit. Larger values are
    /// set to the cap and counted in <see cref="PreferenceAggregation{TUser, TItem}.CappedPairs"/>. Default: <see langword="null"/>.
    /// </summary>
    /// <remarks>No cap is set by default because <see cref="QuantityDamping.Log1p"/> already compresses large
    /// quantities: with the default options, the largest preference in UCI Online Retail is 94.4 (10 · log(1 + 12,540)
    /// for 12,540 units of one product), against 6.9 for a single unit.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite, zero or negative.</exception>
    public double? Cap
    {
        get;
        init
        {
            if (value is double cap && !(double.IsFinite(cap) && cap > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Cap), cap, "Cap must be a finite number greater than 0, or null for no cap.");
            }

            field = value;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for settings that cannot be combined.</summary>
    internal void Validate()
    {
        if (ReferenceTime is not null && HalfLife is null)
        {
            throw new ArgumentException(
                $"ReferenceTime is {ReferenceTime.Value.ToString("O", CultureInfo.InvariantCulture)}, but it has an effect only with time decay. Set HalfLife, or set ReferenceTime to null.",
                nameof(ReferenceTime));
        }
    }

    private static FrozenDictionary<Behavior, double> FreezeBehaviorWeights(IReadOnlyDictionary<Behavior, double> weights, string property)
    {
        ArgumentNullException.ThrowIfNull(weights, property);
        if (weights.Count == 0)
        {
            throw new ArgumentException("BehaviorWeights is empty. Give a weight to at least one behaviour.", property);
        }

        foreach (KeyValuePair<Behavior, double> pair in weights)
        {
            if (pair.Key.Name.Length == 0)
            {
                throw new ArgumentException("BehaviorWeights contains a default Behavior, which has no name. Create behaviours with a name.", property);
            }

            if (pair.Key == Behavior.Return)
            {
                throw new ArgumentException(
                    "BehaviorWeights contains 'return', but returns are not weighted: they cancel purchased units. Remove the entry, and choose what returns do with the Returns option.",
                    property);
            }

            CheckWeight(pair.Value, $"behaviour '{pair.Key}'", property);
        }

        return weights.ToFrozenDictionary();
    }

    private static FrozenDictionary<Channel, double> FreezeChannelWeights(IReadOnlyDictionary<Channel, double> weights, string property)
    {
        ArgumentNullException.ThrowIfNull(weights, property);
        if (weights.Count == 0)
        {
            throw new ArgumentException("ChannelWeights is empty. Give a weight to every channel that the events use.", property);
        }

        foreach (KeyValuePair<Channel, double> pair in weights)
        {
            CheckWeight(pair.Value, $"channel '{pair.Key}'", property);
        }

        return weights.ToFrozenDictionary();
    }

    private static void CheckWeight(double weight, string owner, string property)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(property, weight, $"The weight of {owner} must be a finite number ≥ 0.");
        }
    }
}

/// <summary>How <see cref="PreferenceAggregator"/> damps the number of units a user bought, viewed or returned.</summary>
public enum QuantityDamping
{
    /// <summary>Use the quantity as it is: ten units count ten times one unit.</summary>
    None = 0,

    /// <summary>Use <c>log(1 + q)</c> with the natural logarithm: one unit counts 0.69, ten units 2.40, a hundred 4.62.</summary>
    Log1p,

    /// <summary>Use <c>√q</c>: one unit counts 1, ten units 3.16, a hundred 10.</summary>
    Sqrt,
}

/// <summary>What <see cref="PreferenceAggregator"/> does with <see cref="Behavior.Return"/> events.</summary>
public enum ReturnHandling
{
    /// <summary>
    /// Subtract returned units from the units the user bought of the same item, never going below zero. A pair
    /// whose purchases are all returned and that has no other weight is left out of the matrix.
    /// </summary>
    CancelPurchases = 0,

    /// <summary>Skip return events and count them in <see cref="PreferenceAggregation{TUser, TItem}.IgnoredEvents"/>.</summary>
    Ignore,
}

/// <summary>What <see cref="PreferenceAggregator"/> does with an event later than <see cref="PreferenceOptions.ReferenceTime"/>.</summary>
public enum LateEventHandling
{
    /// <summary>Raise <see cref="Data.RatingDataException"/> naming the event's row and timestamp.</summary>
    Reject = 0,

    /// <summary>
    /// Treat the event as if it happened at the reference time, so that it counts its full weight, and count it in
    /// <see cref="PreferenceAggregation{TUser, TItem}.LateEvents"/>.
    /// </summary>
    CountAtReference,
}

using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Events;

/// <summary>The preference formula on hand-worked event lists, one option at a time, and the counts it reports.</summary>
public class PreferenceAggregatorTests
{
    private const double Tolerance = 1e-5;
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PreferenceOptions Linear = new() { QuantityDamping = QuantityDamping.None };

    private static InteractionEvent<long, string> Event(
        long user, string item, Behavior behavior, double quantity = 1, DateTimeOffset? at = null, Channel? channel = null)
        => new(user, item, behavior, at ?? Now) { Quantity = quantity, Channel = channel ?? Channel.Online };

    private static PreferenceAggregation<long, string> Aggregate(PreferenceOptions options, params InteractionEvent<long, string>[] events)
        => new PreferenceAggregator(options).Aggregate(events);

    private static double Preference(PreferenceAggregation<long, string> result, long user, string item)
    {
        result.Matrix.TryGetRating(user, item, out float value).Should().BeTrue($"user {user} and item {item} should have a preference");
        return value;
    }

    [Fact]
    public void Weights_SumOverBehaviours()
    {
        // Linear: view 1·1 + purchase 10·2 = 21.
        var result = Aggregate(Linear, Event(1, "a", Behavior.View), Event(1, "a", Behavior.Purchase, 2));

        Preference(result, 1, "a").Should().BeApproximately(21, Tolerance);
    }

    [Fact]
    public void Weights_DefaultsRiseAlongFunnel()
    {
        var weights = PreferenceOptions.Default.BehaviorWeights;

        weights[Behavior.View].Should().BeLessThan(weights[Behavior.Click]);
        weights[Behavior.Click].Should().BeLessThan(weights[Behavior.Favorite]);
        weights[Behavior.Favorite].Should().BeLessThan(weights[Behavior.AddToCart]);
        weights[Behavior.AddToCart].Should().BeLessThan(weights[Behavior.Purchase]);
    }

    [Fact]
    public void Weights_EachDefaultBehaviour()
    {
        // Linear, one event each: view 1, click 2, favorite 4, add-to-cart 6, purchase 10.
        var result = Aggregate(
            Linear,
            Event(1, "view", Behavior.View),
            Event(1, "click", Behavior.Click),
            Event(1, "favorite", Behavior.Favorite),
            Event(1, "cart", Behavior.AddToCart),
            Event(1, "purchase", Behavior.Purchase));

        Preference(result, 1, "view").Should().BeApproximately(1, Tolerance);
        Preference(result, 1, "click").Should().BeApproximately(2, Tolerance);
        Preference(result, 1, "favorite").Should().BeApproximately(4, Tolerance);
        Preference(result, 1, "cart").Should().BeApproximately(6, Tolerance);
        Preference(result, 1, "purchase").Should().BeApproximately(10, Tolerance);
    }

    [Fact]
    public void Weights_CustomBehaviour()
    {
        var wishlist = new Behavior("wishlist");
        var options = Linear with { BehaviorWeights = new Dictionary<Behavior, double> { [wishlist] = 3, [Behavior.Purchase] = 5 } };

        // 3·2 + 5·1 = 11.
        var result = Aggregate(options, Event(1, "a", wishlist, 2), Event(1, "a", Behavior.Purchase));

        Preference(result, 1, "a").Should().BeApproximately(11, Tolerance);
    }

    [Fact]
    public void ChannelWeights_MultiplyBehaviourWeights()
    {
        var options = Linear with { ChannelWeights = new Dictionary<Channel, double> { [Channel.Online] = 1, [Channel.InStore] = 2 } };

        // In-store purchase 10·2·1 = 20, online view 1·1·1 = 1, total 21.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, channel: Channel.InStore), Event(1, "a", Behavior.View));

        Preference(result, 1, "a").Should().BeApproximately(21, Tolerance);
    }

    [Fact]
    public void ChannelWeights_CustomChannel()
    {
        var app = new Channel("mobile-app");
        var options = Linear with { ChannelWeights = new Dictionary<Channel, double> { [app] = 0.5 } };

        // 10·0.5·1 = 5.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, channel: app));

        Preference(result, 1, "a").Should().BeApproximately(5, Tolerance);
    }

    [Fact]
    public void Decay_OneHalfLifeCountsHalf()
    {
        var options = PreferenceOptions.Default with { HalfLife = TimeSpan.FromDays(7), ReferenceTime = Now };

        // Log1p: 10 · ln 2 · 2^(−7/7) = 10 · 0.693147 · 0.5 = 3.465736.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, at: Now.AddDays(-7)));

        Preference(result, 1, "a").Should().BeApproximately(5 * Math.Log(2), Tolerance);
        result.ReferenceTime.Should().Be(Now);
    }

    [Fact]
    public void Decay_TwoHalfLivesCountQuarter()
    {
        var options = Linear with { HalfLife = TimeSpan.FromHours(12), ReferenceTime = Now };

        // 10 · 2^(−24/12) = 2.5.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, at: Now.AddDays(-1)));

        Preference(result, 1, "a").Should().BeApproximately(2.5, Tolerance);
    }

    [Fact]
    public void Decay_DefaultReferenceIsLatestEvent()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(1) };

        // The latest event is user 2's at Now + 1 day, so user 1's purchase at Now is one half-life old: 10 · 0.5 = 5.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase), Event(2, "b", Behavior.View, at: Now.AddDays(1)));

        Preference(result, 1, "a").Should().BeApproximately(5, Tolerance);
        Preference(result, 2, "b").Should().BeApproximately(1, Tolerance);
        result.ReferenceTime.Should().Be(Now.AddDays(1));
    }

    [Fact]
    public void Decay_UnitWeightedMeanOfGroup()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(1), ReferenceTime = Now };

        // U = 1 + 3 = 4; D = (1·1 + 3·0.5) / 4 = 0.625; 10 · 0.625 · 4 = 25.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 3, Now.AddDays(-1)), Event(1, "a", Behavior.Purchase, 1, Now));

        Preference(result, 1, "a").Should().BeApproximately(25, Tolerance);
    }

    [Fact]
    public void Decay_ScalesDampedValue()
    {
        var options = PreferenceOptions.Default with { HalfLife = TimeSpan.FromDays(1), ReferenceTime = Now };

        // D = 0.625 as above; 10 · 0.625 · ln(1 + 4) = 6.25 · 1.609438 = 10.058987.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 1, Now), Event(1, "a", Behavior.Purchase, 3, Now.AddDays(-1)));

        Preference(result, 1, "a").Should().BeApproximately(6.25 * Math.Log(5), Tolerance);
    }

    [Fact]
    public void Decay_OrderOfEventsDoesNotMatter()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(2) };
        InteractionEvent<long, string>[] events =
        [
            Event(1, "a", Behavior.View, 1, Now.AddDays(-3)),
            Event(1, "a", Behavior.View, 2, Now),
            Event(1, "a", Behavior.View, 4, Now.AddDays(-1)),
        ];

        // Reference Now; D = (1·2^−1.5 + 2·1 + 4·2^−0.5) / 7 = (0.353553 + 2 + 2.828427) / 7 = 0.740283; 1 · D · 7 = 5.181981.
        var forward = Aggregate(options, events);
        var backward = Aggregate(options, [.. events.Reverse()]);

        Preference(forward, 1, "a").Should().BeApproximately(5.181981, Tolerance);
        Preference(backward, 1, "a").Should().BeApproximately(5.181981, Tolerance);
    }

    [Fact]
    public void Decay_FarApartEventsStayFinite()
    {
        var options = Linear with { HalfLife = TimeSpan.FromMinutes(1) };

        // The old event is 10 years (over 5 million half-lives) old and its factor underflows to 0: D = (1 + 0) / 2 = 0.5, 10 · 0.5 · 2 = 10.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 1, Now.AddYears(-10)), Event(1, "a", Behavior.Purchase, 1, Now));

        Preference(result, 1, "a").Should().BeApproximately(10 * 0.5 * 2, Tolerance);
    }

    [Fact]
    public void Decay_LateEventRejectedWithRow()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(1), ReferenceTime = Now };
        var late = Event(1, "a", Behavior.Purchase, at: Now.AddHours(1)) with { RowNumber = 42 };

        var act = () => Aggregate(options, Event(1, "a", Behavior.View), late);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(42);
        error.Field.Should().Be("timestamp");
        error.Message.Should().Contain("later than the reference time").And.Contain("LateEvents");
    }

    [Fact]
    public void Decay_LateEventCountedAtReference()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(1), ReferenceTime = Now, LateEvents = LateEventHandling.CountAtReference };

        // The late purchase counts in full: 10 · 1.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, at: Now.AddDays(3)));

        Preference(result, 1, "a").Should().BeApproximately(10, Tolerance);
        result.LateEvents.Should().Be(1);
    }

    [Fact]
    public void Decay_OffWithoutHalfLife()
    {
        var result = Aggregate(Linear, Event(1, "a", Behavior.Purchase, at: Now.AddYears(-5)));

        Preference(result, 1, "a").Should().BeApproximately(10, Tolerance);
        result.ReferenceTime.Should().BeNull();
    }

    [Fact]
    public void Returns_SubtractUnits()
    {
        // Linear: 10 · (5 − 2) = 30.
        var result = Aggregate(Linear, Event(1, "a", Behavior.Purchase, 5), Event(1, "a", Behavior.Return, 2));

        Preference(result, 1, "a").Should().BeApproximately(30, Tolerance);
        result.ReturnEvents.Should().Be(1);
        result.ReturnedPairs.Should().Be(1);
        result.CancelledPairs.Should().Be(0);
    }

    [Fact]
    public void Returns_DampNetUnits()
    {
        // Log1p: 10 · ln(1 + (5 − 2)) = 10 · ln 4 = 13.862944.
        var result = Aggregate(PreferenceOptions.Default, Event(1, "a", Behavior.Purchase, 5), Event(1, "a", Behavior.Return, 2));

        Preference(result, 1, "a").Should().BeApproximately(10 * Math.Log(4), Tolerance);
    }

    [Fact]
    public void Returns_FullReturnLeavesPairOut()
    {
        var result = Aggregate(
            Linear,
            Event(1, "a", Behavior.Purchase, 5),
            Event(1, "a", Behavior.Return, 5),
            Event(1, "b", Behavior.Purchase, 1));

        result.Matrix.TryGetRating(1, "a", out _).Should().BeFalse();
        result.PairCount.Should().Be(1);
        result.CancelledPairs.Should().Be(1);
        result.ZeroPairs.Should().Be(0);
    }

    [Fact]
    public void Returns_NeverBelowZero()
    {
        // 3 bought, 7 returned: net units max(0, −4) = 0, so the view alone remains: 1 · 1.
        var result = Aggregate(
            Linear,
            Event(1, "a", Behavior.Purchase, 3),
            Event(1, "a", Behavior.Return, 7),
            Event(1, "a", Behavior.View));

        Preference(result, 1, "a").Should().BeApproximately(1, Tolerance);
        result.CancelledPairs.Should().Be(0);
        result.ReturnedPairs.Should().Be(1);
    }

    [Fact]
    public void Returns_WithoutPurchaseCountedUnmatched()
    {
        var result = Aggregate(Linear, Event(1, "a", Behavior.Return, 2), Event(1, "b", Behavior.Purchase));

        result.PairCount.Should().Be(1);
        result.UnmatchedReturnEvents.Should().Be(1);
        result.ZeroPairs.Should().Be(1);
        result.ReturnedPairs.Should().Be(0);
    }

    [Fact]
    public void Returns_SharedAcrossChannels()
    {
        var options = Linear with { ChannelWeights = new Dictionary<Channel, double> { [Channel.Online] = 1, [Channel.InStore] = 2 } };

        // P = 6 + 2 = 8, R = 4, kept = 0.5: online 3 units, in-store 1 unit; 10·1·3 + 10·2·1 = 50.
        var result = Aggregate(
            options,
            Event(1, "a", Behavior.Purchase, 6),
            Event(1, "a", Behavior.Purchase, 2, channel: Channel.InStore),
            Event(1, "a", Behavior.Return, 4, channel: Channel.InStore));

        Preference(result, 1, "a").Should().BeApproximately(50, Tolerance);
    }

    [Fact]
    public void Returns_KeepPurchaseAge()
    {
        var options = Linear with { HalfLife = TimeSpan.FromDays(1) };

        // Reference = the return, at Now. 4 units bought a day earlier (D = 0.5), 2 returned: 10 · 0.5 · 2 = 10.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 4, Now.AddDays(-1)), Event(1, "a", Behavior.Return, 2, Now));

        Preference(result, 1, "a").Should().BeApproximately(10, Tolerance);
    }

    [Fact]
    public void Returns_DoNotCancelOtherBehaviours()
    {
        // Cart 6·2 = 12 stays; the purchase 10·(1 − 1) = 0 is cancelled.
        var result = Aggregate(Linear, Event(1, "a", Behavior.AddToCart, 2), Event(1, "a", Behavior.Purchase), Event(1, "a", Behavior.Return));

        Preference(result, 1, "a").Should().BeApproximately(12, Tolerance);
    }

    [Fact]
    public void Returns_IgnoredWhenAsked()
    {
        var options = Linear with { Returns = ReturnHandling.Ignore };

        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 5), Event(1, "a", Behavior.Return, 5));

        Preference(result, 1, "a").Should().BeApproximately(50, Tolerance);
        result.IgnoredEvents.Should().Be(1);
        result.IgnoredEventsByBehavior.Should().Equal(new Dictionary<Behavior, long> { [Behavior.Return] = 1 });
        result.ReturnEvents.Should().Be(0);
    }

    [Fact]
    public void Damping_None()
    {
        var result = Aggregate(Linear, Event(1, "a", Behavior.Purchase, 100));

        Preference(result, 1, "a").Should().BeApproximately(1000, Tolerance);
    }

    [Fact]
    public void Damping_Log1pIsDefault()
    {
        // 10 · ln(1 + 100) = 46.151205.
        var result = Aggregate(PreferenceOptions.Default, Event(1, "a", Behavior.Purchase, 100));

        Preference(result, 1, "a").Should().BeApproximately(46.151205, Tolerance);
        PreferenceOptions.Default.QuantityDamping.Should().Be(QuantityDamping.Log1p);
    }

    [Fact]
    public void Damping_Sqrt()
    {
        var options = PreferenceOptions.Default with { QuantityDamping = QuantityDamping.Sqrt };

        // 10 · √9 = 30.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 9));

        Preference(result, 1, "a").Should().BeApproximately(30, Tolerance);
    }

    [Fact]
    public void Damping_AppliesToGroupTotal()
    {
        var options = PreferenceOptions.Default with { QuantityDamping = QuantityDamping.Sqrt };

        // Two orders of 5 and 4 units count as one of 9: 10 · √9 = 30, not 10 · (√5 + √4) = 42.36.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 5), Event(1, "a", Behavior.Purchase, 4));

        Preference(result, 1, "a").Should().BeApproximately(30, Tolerance);
    }

    [Fact]
    public void Damping_FractionalQuantity()
    {
        // Weighed goods: 0.25 kg. 10 · ln 1.25 = 2.231436.
        var result = Aggregate(PreferenceOptions.Default, Event(1, "a", Behavior.Purchase, 0.25));

        Preference(result, 1, "a").Should().BeApproximately(10 * Math.Log(1.25), Tolerance);
    }

    [Fact]
    public void Cap_LimitsAndCounts()
    {
        var options = Linear with { Cap = 15 };

        // a: 10 · 2 = 20 → 15. b: 10 · 1 = 10 stays.
        var result = Aggregate(options, Event(1, "a", Behavior.Purchase, 2), Event(1, "b", Behavior.Purchase));

        Preference(result, 1, "a").Should().Be(15);
        Preference(result, 1, "b").Should().BeApproximately(10, Tolerance);
        result.CappedPairs.Should().Be(1);
        result.Matrix.Scale.Should().Be(new RatingScale(0, 15));
    }

    [Fact]
    public void Cap_NoneByDefault()
    {
        var result = Aggregate(Linear, Event(1, "a", Behavior.Purchase, 1e6));

        Preference(result, 1, "a").Should().BeApproximately(1e7, 1);
        result.Matrix.Scale.Should().Be(new RatingScale(0, double.MaxValue));
    }

    [Fact]
    public void ZeroWeight_PairLeftOut()
    {
        var options = Linear with { BehaviorWeights = new Dictionary<Behavior, double> { [Behavior.View] = 0, [Behavior.Purchase] = 10 } };

        var result = Aggregate(options, Event(1, "a", Behavior.View), Event(1, "b", Behavior.Purchase));

        result.PairCount.Should().Be(1);
        result.ZeroPairs.Should().Be(1);
        result.UsedEvents.Should().Be(2);
    }

    [Fact]
    public void UnweightedBehaviour_RejectedByName()
    {
        var act = () => Aggregate(Linear, Event(1, "a", Behavior.Purchase), Event(1, "a", new Behavior("wishlist")));

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("behavior");
        error.Value.Should().Be("wishlist");
        error.Message.Should().Contain("'wishlist'").And.Contain("IgnoreUnweightedBehaviors");
    }

    [Fact]
    public void UnweightedBehaviour_IgnoredAndCounted()
    {
        var options = Linear with { IgnoreUnweightedBehaviors = true };
        var wishlist = new Behavior("wishlist");

        var result = Aggregate(options, Event(1, "a", wishlist), Event(1, "a", wishlist), Event(1, "a", Behavior.Purchase));

        Preference(result, 1, "a").Should().BeApproximately(10, Tolerance);
        result.IgnoredEvents.Should().Be(2);
        result.UsedEvents.Should().Be(1);
        result.EventCount.Should().Be(3);
        result.IgnoredEventsByBehavior.Should().Equal(new Dictionary<Behavior, long> { [wishlist] = 2 });
    }

    [Fact]
    public void UnweightedChannel_RejectedByName()
    {
        var act = () => Aggregate(Linear, Event(1, "a", Behavior.Purchase, channel: new Channel("kiosk")));

        var error = act.Should().Throw<RatingDataException>().Which;
        error.Field.Should().Be("channel");
        error.Value.Should().Be("kiosk");
        error.Message.Should().Contain("ChannelWeights");
    }

    [Fact]
    public void Counts_EveryEventAndPairOnce()
    {
        var options = Linear with { IgnoreUnweightedBehaviors = true };

        var result = Aggregate(
            options,
            Event(1, "a", Behavior.Purchase, 2),
            Event(1, "a", Behavior.Return, 2),
            Event(1, "b", Behavior.View),
            Event(2, "b", Behavior.Return),
            Event(2, "c", new Behavior("share")));

        result.EventCount.Should().Be(5);
        result.UsedEvents.Should().Be(4);
        result.IgnoredEvents.Should().Be(1);
        result.ReturnEvents.Should().Be(2);
        result.UnmatchedReturnEvents.Should().Be(1);
        result.PairCount.Should().Be(1);
        result.CancelledPairs.Should().Be(1);
        result.ZeroPairs.Should().Be(1);
        result.Matrix.Users.Count.Should().Be(1);
        result.Matrix.Items.Count.Should().Be(1);
    }

    [Fact]
    public void Empty_GivesEmptyMatrix()
    {
        var result = Aggregate(PreferenceOptions.Default);

        result.Matrix.IsEmpty.Should().BeTrue();
        result.EventCount.Should().Be(0);
        result.ReferenceTime.Should().BeNull();
    }

    [Fact]
    public void Matrix_FeedsPredictorsLikeRatings()
    {
        var result = Aggregate(Linear, Event(2, "b", Behavior.View), Event(1, "a", Behavior.Purchase), Event(1, "b", Behavior.Click));

        result.Matrix.Users.Ids.ToArray().Should().Equal(1L, 2L);
        result.Matrix.Items.Ids.ToArray().Should().Equal("a", "b");
        result.Matrix.UserRow(0).Length.Should().Be(2);
        result.Matrix.ItemColumn(1).Length.Should().Be(2);
    }

    [Fact]
    public void Sequence_EnumeratedOnce()
    {
        int enumerations = 0;
        IEnumerable<InteractionEvent<long, string>> Events()
        {
            enumerations++;
            yield return Event(1, "a", Behavior.Purchase);
            yield return Event(2, "a", Behavior.View, at: Now.AddDays(1));
        }

        var result = new PreferenceAggregator(Linear with { HalfLife = TimeSpan.FromDays(1) }).Aggregate(Events());

        enumerations.Should().Be(1);
        Preference(result, 1, "a").Should().BeApproximately(5, Tolerance);
    }

    [Fact]
    public void ToString_SummarisesCounts()
    {
        var result = Aggregate(Linear, Event(1, "a", Behavior.Purchase), Event(1, "a", Behavior.Return));

        result.ToString().Should().Be("2 events (0 ignored, 1 returns) → 0 pairs of 0 users and 0 items; left out 1 cancelled and 0 zero pairs; capped 0");
    }
}

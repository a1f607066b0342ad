using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>Leave-last-n-out, time cut-off and random holdout splits of events: sides, ties, relevance, counts and seeds.</summary>
public class EventSplitTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Behavior P = Behavior.Purchase;
    private static readonly Behavior V = Behavior.View;

    /// <summary>
    /// Eleven events; t is minutes after <see cref="Start"/>. Events 3 and 4 of u1 share t = 3.
    /// <code>
    /// 0 u1 i1 P 1    3 u1 i3 P 3    6 u3 i5 P 2    9  u4 i1 V 1
    /// 1 u1 i2 V 2    4 u1 i4 P 3    7 u1 i5 V 4    10 u4 i6 P 6
    /// 2 u2 i1 P 1    5 u2 i2 P 5    8 u2 i3 V 4
    /// </code>
    /// </summary>
    private static readonly InteractionEvent<string, string>[] Events =
    [
        Event("u1", "i1", P, 1), Event("u1", "i2", V, 2), Event("u2", "i1", P, 1), Event("u1", "i3", P, 3),
        Event("u1", "i4", P, 3), Event("u2", "i2", P, 5), Event("u3", "i5", P, 2), Event("u1", "i5", V, 4),
        Event("u2", "i3", V, 4), Event("u4", "i1", V, 1), Event("u4", "i6", P, 6),
    ];

    [Fact]
    public void LeaveLastOut_One()
    {
        // u1 in time order: 0 (t1), 1 (t2), 3 (t3), 4 (t3), 7 (t4). Its last purchase is 4, so 4 and the later view 7
        // are held out. u2: 2 (t1), 8 (t4), 5 (t5); the last purchase 5 is also its last event. u3 has one event, a
        // purchase with nothing before it, so it stays in training. u4: 9 (t1), 10 (t6); 10 is held out.
        var split = EventSplit.LeaveLastOut(Events, 1);

        Indices(split.Test).Should().Equal(4, 5, 7, 10);
        Indices(split.Train).Should().Equal(0, 1, 2, 3, 6, 8, 9);
        split.TestUsers.Should().Equal("u1", "u2", "u4");
        split.Relevant["u1"].Should().BeEquivalentTo(["i4"]);
        split.Relevant["u2"].Should().BeEquivalentTo(["i2"]);
        split.Relevant["u4"].Should().BeEquivalentTo(["i6"]);
        split.TrainOnlyUserCount.Should().Be(1);
        split.ColdUsers.Should().BeEmpty();
        split.Method.Should().Be("leave-last-1-out");
    }

    [Fact]
    public void LeaveLastOut_TieKeepsInputOrder()
    {
        // Events 3 (i3) and 4 (i4) of u1 share t = 3; input order makes i4 the later one. Swapping them in the input
        // makes i3 the later one, so i3 is held out instead.
        InteractionEvent<string, string>[] swapped = [.. Events];
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);

        EventSplit.LeaveLastOut(Events, 1).Relevant["u1"].Should().BeEquivalentTo(["i4"]);
        EventSplit.LeaveLastOut(swapped, 1).Relevant["u1"].Should().BeEquivalentTo(["i3"]);
    }

    [Fact]
    public void LeaveLastOut_OrdersByTimeNotInput()
    {
        // u2's event 8 (t4) comes after event 5 (t5) in the input but before it in time, so 5 is the last purchase.
        var split = EventSplit.LeaveLastOut(Events, 1);

        split.Test.Should().Contain(e => e.User == "u2" && e.Item == "i2");
        split.Train.Should().Contain(e => e.User == "u2" && e.Item == "i3");
    }

    [Fact]
    public void LeaveLastOut_Two()
    {
        // u1's purchases in time order are 0, 3, 4; the second last is 3, so 3, 4 and the view 7 are held out.
        // u2's second last purchase is 2, its first event, so u2 stays in training; u3 and u4 have one purchase each.
        var split = EventSplit.LeaveLastOut(Events, 2);

        Indices(split.Test).Should().Equal(3, 4, 7);
        split.Relevant["u1"].Should().BeEquivalentTo(["i3", "i4"]);
        split.TestUsers.Should().Equal("u1");
        split.TrainOnlyUserCount.Should().Be(3);
    }

    [Fact]
    public void LeaveLastOut_CountsRelevantOnly()
    {
        // With views relevant as well, u1's last relevant event is the view 7 alone, and u2's is the purchase 5.
        var options = new EventSplitOptions { RelevantBehaviors = [P, V] };

        var split = EventSplit.LeaveLastOut(Events, 1, options);

        split.Test.Where(e => e.User == "u1").Select(e => e.Item).Should().Equal("i5");
        split.Relevant["u1"].Should().BeEquivalentTo(["i5"]);
    }

    [Fact]
    public void LeaveLastOut_CountsUnknownItems()
    {
        // i4 and i6 have no training event; i2 has one (u1's view 1).
        var split = EventSplit.LeaveLastOut(Events, 1);

        split.UnknownItemPairCount.Should().Be(2);
        split.RepeatPairCount.Should().Be(0);
    }

    [Fact]
    public void LeaveLastOut_RejectsWhenNoUserQualifies()
    {
        var act = () => EventSplit.LeaveLastOut(Events, 4);

        act.Should().Throw<ArgumentException>().WithParameterName("events").WithMessage("*No user could be split by leave-last-4-out*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void LeaveLastOut_RejectsNonPositiveCount(int holdout)
    {
        var act = () => EventSplit.LeaveLastOut(Events, holdout);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }

    [Fact]
    public void KnownItems_ExcludedByDefault()
    {
        // u buys a (t1), b (t2) and a again (t3) after viewing c (t0). The last purchase is the repeat of a.
        InteractionEvent<string, string>[] events = [Event("u", "a", P, 1), Event("u", "b", P, 2), Event("u", "a", P, 3), Event("u", "c", V, 0)];

        var split = EventSplit.LeaveLastOut(events, 1);

        split.Relevant["u"].Should().BeEmpty();
        split.RepeatPairCount.Should().Be(1);
        split.TestUsers.Should().Equal("u");
    }

    [Fact]
    public void KnownItems_IncludedOnRequest()
    {
        InteractionEvent<string, string>[] events = [Event("u", "a", P, 1), Event("u", "b", P, 2), Event("u", "a", P, 3)];

        var split = EventSplit.LeaveLastOut(events, 1, new EventSplitOptions { IncludeKnownItems = true });

        split.Relevant["u"].Should().BeEquivalentTo(["a"]);
        split.RepeatPairCount.Should().Be(1);
    }

    [Fact]
    public void KnownItems_ViewNotKnownByDefault()
    {
        // u views d, buys e, then buys d. Only purchases make an item known by default, so d is relevant.
        InteractionEvent<string, string>[] events = [Event("u", "d", V, 1), Event("u", "e", P, 2), Event("u", "d", P, 3)];

        EventSplit.LeaveLastOut(events, 1).Relevant["u"].Should().BeEquivalentTo(["d"]);
    }

    [Fact]
    public void KnownItems_BehaviorsConfigurable()
    {
        InteractionEvent<string, string>[] events = [Event("u", "d", V, 1), Event("u", "e", P, 2), Event("u", "d", P, 3)];
        var options = new EventSplitOptions { KnownItemBehaviors = [V, P] };

        var split = EventSplit.LeaveLastOut(events, 1, options);

        split.Relevant["u"].Should().BeEmpty();
        split.RepeatPairCount.Should().Be(1);
    }

    [Fact]
    public void TimeCutoff_SplitsAtInstant()
    {
        // Cut-off t = 3: events at t ≥ 3 are 3, 4 (exactly at the cut-off), 5, 7, 8 and 10.
        var split = EventSplit.TimeCutoff(Events, Start.AddMinutes(3));

        Indices(split.Test).Should().Equal(3, 4, 5, 7, 8, 10);
        Indices(split.Train).Should().Equal(0, 1, 2, 6, 9);
        split.TestUsers.Should().Equal("u1", "u2", "u4");
        split.Relevant["u1"].Should().BeEquivalentTo(["i3", "i4"]);
        split.Relevant["u2"].Should().BeEquivalentTo(["i2"]);
        split.Relevant["u4"].Should().BeEquivalentTo(["i6"]);
        split.TrainOnlyUserCount.Should().Be(1);
    }

    [Fact]
    public void TimeCutoff_ComparesInstantsAcrossOffsets()
    {
        // 01:03 at +01:00 is 00:03 UTC, the same instant as Start + 3 minutes.
        var cutoff = new DateTimeOffset(2024, 1, 1, 1, 3, 0, TimeSpan.FromHours(1));

        var split = EventSplit.TimeCutoff(Events, cutoff);

        Indices(split.Test).Should().Equal(3, 4, 5, 7, 8, 10);
    }

    [Fact]
    public void TimeCutoff_ReportsColdUsers()
    {
        // u5 has only one event, after the cut-off, so a model fitted on training events has never seen u5.
        InteractionEvent<string, string>[] events = [.. Events, Event("u5", "i1", P, 7)];

        var split = EventSplit.TimeCutoff(events, Start.AddMinutes(3));

        split.ColdUsers.Should().BeEquivalentTo(["u5"]);
        split.TestUsers.Should().Equal("u1", "u2", "u4", "u5");
        split.Relevant["u5"].Should().BeEquivalentTo(["i1"]);
    }

    [Fact]
    public void TimeCutoff_ViewsOnlyEmptyRelevant()
    {
        // From t = 4 on, u2 has the purchase 5 and the view 8, but u1 has only the view 7.
        var split = EventSplit.TimeCutoff(Events, Start.AddMinutes(4));

        split.TestUsers.Should().Equal("u2", "u1", "u4");
        split.Relevant["u1"].Should().BeEmpty();
    }

    [Theory]
    [InlineData(7, "*after the last event*no test events*")]
    [InlineData(1, "*at or before the first event*no training events*")]
    [InlineData(0, "*at or before the first event*no training events*")]
    public void TimeCutoff_RejectsEmptySide(int minute, string message)
    {
        var act = () => EventSplit.TimeCutoff(Events, Start.AddMinutes(minute));

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("cutoff").WithMessage(message);
    }

    /// <summary>
    /// r1: five purchases and a view. r2: one purchase. r3: two purchases only. r4: two purchases and a view.
    /// </summary>
    private static readonly InteractionEvent<string, string>[] HoldoutEvents =
    [
        Event("r1", "p1", P, 1), Event("r1", "p2", P, 2), Event("r1", "p3", P, 3), Event("r1", "p4", P, 4),
        Event("r1", "p5", P, 5), Event("r1", "v1", V, 6),
        Event("r2", "p1", P, 1),
        Event("r3", "p1", P, 1), Event("r3", "p2", P, 2),
        Event("r4", "p1", P, 1), Event("r4", "p2", P, 2), Event("r4", "v1", V, 3),
    ];

    [Fact]
    public void RandomHoldout_HoldsOutCountPerUser()
    {
        // Count 2: r1 loses two of its five purchases. r2 has too few. r3 would keep no training event.
        // r4 loses both purchases and keeps its view.
        var split = EventSplit.RandomHoldout(HoldoutEvents, 2, seed: 7);

        split.Test.Count(e => e.User == "r1").Should().Be(2);
        split.Test.Where(e => e.User == "r1").Should().OnlyContain(e => e.Behavior == P);
        split.Test.Where(e => e.User == "r4").Select(e => e.Item).Should().Equal("p1", "p2");
        split.Train.Should().Contain(e => e.User == "r4" && e.Item == "v1");
        split.TestUsers.Should().Equal("r1", "r4");
        split.TrainOnlyUserCount.Should().Be(2);
    }

    [Fact]
    public void RandomHoldout_FollowsSplitMix64Shuffle()
    {
        // r1's purchases are events 0..4. Shuffling [0, 1, 2, 3, 4] with a fresh SplitMix64 seeded 42 gives the same
        // first two entries as Split.Permutation(5, 42), which is pinned against an independent implementation.
        int[] permutation = Split.Permutation(5, 42);

        var split = EventSplit.RandomHoldout(HoldoutEvents, 2, seed: 42);

        Indices(split.Test, HoldoutEvents).Where(e => e < 5).Should().BeEquivalentTo(permutation[..2]);
    }

    [Fact]
    public void RandomHoldout_SameSeedSameSplit()
    {
        var events = ManyUsers();

        var first = EventSplit.RandomHoldout(events, 2, seed: 11);
        var second = EventSplit.RandomHoldout(events, 2, seed: 11);

        second.Test.Should().Equal(first.Test);
        second.Train.Should().Equal(first.Train);
    }

    [Fact]
    public void RandomHoldout_SeedChangesSplit()
    {
        var events = ManyUsers();
        var reference = EventSplit.RandomHoldout(events, 2, seed: 11).Test;

        var others = new[] { 12L, 13L, 14L }.Select(seed => EventSplit.RandomHoldout(events, 2, seed).Test);

        others.Should().Contain(test => !test.SequenceEqual(reference));
    }

    [Fact]
    public void RandomHoldoutFraction_RoundsHalfUp()
    {
        // Fraction 0.5: r1 has m = 5, t = round(2.5) = 3. r2: t = 1 but r2 has no other event, so it stays in
        // training. r3: t = 1 of 2. r4: t = 1 of 2.
        var split = EventSplit.RandomHoldoutFraction(HoldoutEvents, 0.5, seed: 3);

        split.Test.Count(e => e.User == "r1").Should().Be(3);
        split.Test.Count(e => e.User == "r3").Should().Be(1);
        split.Test.Count(e => e.User == "r4").Should().Be(1);
        split.TestUsers.Should().Equal("r1", "r3", "r4");
        split.TrainOnlyUserCount.Should().Be(1);
    }

    [Fact]
    public void RandomHoldoutFraction_SmallFractionSkipsSmallUsers()
    {
        // Fraction 0.2: r1 has t = round(1.0) = 1; the others have m ≤ 2, so t = round(0.4) = 0.
        var split = EventSplit.RandomHoldoutFraction(HoldoutEvents, 0.2, seed: 3);

        split.TestUsers.Should().Equal("r1");
        split.Test.Should().ContainSingle();
        split.TrainOnlyUserCount.Should().Be(3);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RandomHoldoutFraction_RejectsOutOfRange(double share)
    {
        var act = () => EventSplit.RandomHoldoutFraction(HoldoutEvents, share, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("fraction");
    }

    [Fact]
    public void RandomHoldout_RejectsNonPositiveCount()
    {
        var act = () => EventSplit.RandomHoldout(HoldoutEvents, 0, seed: 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("count");
    }

    [Fact]
    public void Splits_PartitionEventsInInputOrder()
    {
        var events = ManyUsers();
        EventTrainTestSplit<string, string>[] splits =
        [
            EventSplit.LeaveLastOut(events, 2),
            EventSplit.TimeCutoff(events, Start.AddMinutes(10)),
            EventSplit.RandomHoldout(events, 1, seed: 5),
            EventSplit.RandomHoldoutFraction(events, 0.3, seed: 5),
        ];

        foreach (var split in splits)
        {
            int[] train = Indices(split.Train, events);
            int[] test = Indices(split.Test, events);

            train.Should().BeInAscendingOrder();
            test.Should().BeInAscendingOrder();
            train.Concat(test).Order().Should().Equal(Enumerable.Range(0, events.Length));
        }
    }

    [Fact]
    public void Splits_RejectEmptyEvents()
    {
        var none = Array.Empty<InteractionEvent<string, string>>();

        FluentActions.Invoking(() => EventSplit.LeaveLastOut(none, 1)).Should().Throw<ArgumentException>().WithParameterName("events");
        FluentActions.Invoking(() => EventSplit.TimeCutoff(none, Start)).Should().Throw<ArgumentException>().WithParameterName("events");
        FluentActions.Invoking(() => EventSplit.RandomHoldout(none, 1, 1)).Should().Throw<ArgumentException>().WithParameterName("events");
    }

    [Fact]
    public void Splits_RejectNullEvents()
    {
        var act = () => EventSplit.LeaveLastOut<string, string>(null!, 1);

        act.Should().Throw<ArgumentNullException>().WithParameterName("events");
    }

    [Fact]
    public void Splits_RejectNullUserWithRow()
    {
        InteractionEvent<string, string>[] events = [Event("u", "a", P, 1), Event(null!, "b", P, 2) with { RowNumber = 17 }];

        var act = () => EventSplit.LeaveLastOut(events, 1);

        act.Should().Throw<RatingDataException>().WithMessage("row 17, field 'user': Event 1 has a missing (null) user id*")
            .Which.RowNumber.Should().Be(17);
    }

    [Fact]
    public void Splits_RejectNullItem()
    {
        InteractionEvent<string, string>[] events = [Event("u", null!, P, 1)];

        var act = () => EventSplit.TimeCutoff(events, Start);

        act.Should().Throw<RatingDataException>().WithMessage("row 1, field 'item': Event 0 of user u has a missing (null) item id*");
    }

    [Fact]
    public void Splits_RejectUnnamedBehavior()
    {
        InteractionEvent<string, string>[] events = [Event("u", "a", default, 1)];

        var act = () => EventSplit.RandomHoldout(events, 1, 1);

        act.Should().Throw<RatingDataException>().WithMessage("*default Behavior value*").Which.Field.Should().Be("behavior");
    }

    [Fact]
    public void Options_RejectEmptyRelevantBehaviors()
    {
        var act = () => EventSplit.LeaveLastOut(Events, 1, new EventSplitOptions { RelevantBehaviors = [] });

        act.Should().Throw<ArgumentException>().WithParameterName("RelevantBehaviors");
    }

    [Fact]
    public void Options_RejectUnnamedKnownBehavior()
    {
        var act = () => EventSplit.LeaveLastOut(Events, 1, new EventSplitOptions { KnownItemBehaviors = [default(Behavior)] });

        act.Should().Throw<ArgumentException>().WithParameterName("KnownItemBehaviors");
    }

    /// <summary>
    /// Twenty users with four to eight purchases each and one view, t in minutes 0..19, shuffled so that users
    /// interleave. No two events are equal.
    /// </summary>
    private static InteractionEvent<string, string>[] ManyUsers()
    {
        var events = new List<InteractionEvent<string, string>>();
        for (int u = 0; u < 20; u++)
        {
            for (int i = 0; i < 4 + (u % 5); i++)
            {
                events.Add(Event("u" + u, "i" + ((u * 7 + i * 3) % 25), P, (u + i * 5) % 20));
            }

            events.Add(Event("u" + u, "v" + u, V, u % 20));
        }

        return [.. Split.Permutation(events.Count, 99).Select(p => events[p])];
    }

    private static int[] Indices(IReadOnlyList<InteractionEvent<string, string>> side) => Indices(side, Events);

    /// <summary>Finds each event by value; the fixtures hold no two equal events.</summary>
    private static int[] Indices(IReadOnlyList<InteractionEvent<string, string>> side, InteractionEvent<string, string>[] events)
        => [.. side.Select(e => Array.IndexOf(events, e))];

    private static InteractionEvent<string, string> Event(string user, string item, Behavior behavior, int minute)
        => new(user, item, behavior, Start.AddMinutes(minute));
}

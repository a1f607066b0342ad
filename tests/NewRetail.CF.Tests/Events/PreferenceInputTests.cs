using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Events;

/// <summary>Invalid events and options: each is rejected with the row, the field and the value.</summary>
public class PreferenceInputTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<double> BadQuantities => new() { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -1, -0.0 };

    public static TheoryData<double> BadWeights => new() { double.NaN, double.PositiveInfinity, -1 };

    private static RatingDataException Reject<TUser, TItem>(PreferenceOptions options, params InteractionEvent<TUser, TItem>[] events)
        where TUser : notnull
        where TItem : notnull
    {
        var act = () => new PreferenceAggregator(options).Aggregate(events, "events.csv");
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("events.csv");
        return error;
    }

    [Theory]
    [MemberData(nameof(BadQuantities))]
    public void Quantity_Invalid(double quantity)
    {
        var bad = new InteractionEvent<long, long>(1, 2, Behavior.Purchase, Now) { Quantity = quantity, RowNumber = 17 };

        var error = Reject(PreferenceOptions.Default, bad);

        error.RowNumber.Should().Be(17);
        error.Field.Should().Be("quantity");
        error.Value.Should().Be(quantity.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Quantity_DefaultEventHasZero()
    {
        // default(InteractionEvent) skips the initialisers, so its quantity is 0, not 1.
        var error = Reject(PreferenceOptions.Default, default(InteractionEvent<long, long>) with { Behavior = Behavior.View });

        error.Field.Should().Be("quantity");
        error.RowNumber.Should().Be(1);
    }

    [Fact]
    public void UserId_Null()
    {
        var bad = new InteractionEvent<string, string>(null!, "a", Behavior.View, Now);

        var error = Reject(PreferenceOptions.Default, new InteractionEvent<string, string>("u", "a", Behavior.View, Now), bad);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("user");
    }

    [Fact]
    public void ItemId_Null()
    {
        var bad = new InteractionEvent<string, string>("u", null!, Behavior.View, Now) { RowNumber = 9 };

        var error = Reject(PreferenceOptions.Default, bad);

        error.RowNumber.Should().Be(9);
        error.Field.Should().Be("item");
    }

    [Fact]
    public void Behavior_Default()
    {
        var bad = new InteractionEvent<long, long>(1, 2, default, Now);

        var error = Reject(PreferenceOptions.Default, bad);

        error.Field.Should().Be("behavior");
        error.Message.Should().Contain("default Behavior");
    }

    [Fact]
    public void Timestamp_DefaultWithDecay()
    {
        var options = PreferenceOptions.Default with { HalfLife = TimeSpan.FromDays(30) };
        var bad = new InteractionEvent<long, long>(1, 2, Behavior.View, default) { RowNumber = 3 };

        var error = Reject(options, bad);

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be("timestamp");
    }

    [Fact]
    public void Timestamp_DefaultWithoutDecayAccepted()
    {
        var result = new PreferenceAggregator().Aggregate([new InteractionEvent<long, long>(1, 2, Behavior.View, default)]);

        result.PairCount.Should().Be(1);
    }

    [Fact]
    public void RowNumber_PositionWhenUnset()
    {
        var good = new InteractionEvent<long, long>(1, 2, Behavior.View, Now);
        var bad = good with { Quantity = -2 };

        var error = Reject(PreferenceOptions.Default, good, good, bad);

        error.RowNumber.Should().Be(3);
        error.Message.Should().StartWith("events.csv, line 3, field 'quantity': ");
    }

    [Fact]
    public void Preference_TooLargeForFloat()
    {
        var options = new PreferenceOptions
        {
            QuantityDamping = QuantityDamping.None,
            BehaviorWeights = new Dictionary<Behavior, double> { [Behavior.Purchase] = 1e30 },
        };

        var error = Reject(options, new InteractionEvent<long, long>(1, 2, Behavior.Purchase, Now) { Quantity = 1e10 });

        error.Field.Should().Be("preference");
        error.Message.Should().Contain("Cap");
    }

    [Fact]
    public void Events_Null()
    {
        var act = () => new PreferenceAggregator().Aggregate<long, long>((IEnumerable<InteractionEvent<long, long>>)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("events");
    }

    [Fact]
    public void EventFile_Null()
    {
        var act = () => new PreferenceAggregator().Aggregate<long, long>((EventFile<long, long>)null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("file");
    }

    [Theory]
    [MemberData(nameof(BadWeights))]
    public void BehaviorWeights_Invalid(double weight)
    {
        var act = () => new PreferenceOptions { BehaviorWeights = new Dictionary<Behavior, double> { [Behavior.View] = weight } };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("BehaviorWeights").WithMessage("*'view'*");
    }

    [Fact]
    public void BehaviorWeights_ContainsReturn()
    {
        var act = () => new PreferenceOptions { BehaviorWeights = new Dictionary<Behavior, double> { [Behavior.Return] = 1 } };

        act.Should().Throw<ArgumentException>().WithParameterName("BehaviorWeights").WithMessage("*Returns option*");
    }

    [Fact]
    public void BehaviorWeights_Empty()
    {
        var act = () => new PreferenceOptions { BehaviorWeights = new Dictionary<Behavior, double>() };

        act.Should().Throw<ArgumentException>().WithParameterName("BehaviorWeights");
    }

    [Fact]
    public void BehaviorWeights_Null()
    {
        var act = () => new PreferenceOptions { BehaviorWeights = null! };

        act.Should().Throw<ArgumentNullException>().WithParameterName("BehaviorWeights");
    }

    [Fact]
    public void BehaviorWeights_DefaultBehavior()
    {
        var act = () => new PreferenceOptions { BehaviorWeights = new Dictionary<Behavior, double> { [default] = 1 } };

        act.Should().Throw<ArgumentException>().WithParameterName("BehaviorWeights");
    }

    [Fact]
    public void BehaviorWeights_CopiedWhenSet()
    {
        var weights = new Dictionary<Behavior, double> { [Behavior.Purchase] = 10 };
        var options = new PreferenceOptions { BehaviorWeights = weights };

        weights[Behavior.Purchase] = 99;
        weights[Behavior.View] = 1;

        options.BehaviorWeights.Should().Equal(new Dictionary<Behavior, double> { [Behavior.Purchase] = 10 });
    }

    [Theory]
    [MemberData(nameof(BadWeights))]
    public void ChannelWeights_Invalid(double weight)
    {
        var act = () => new PreferenceOptions { ChannelWeights = new Dictionary<Channel, double> { [Channel.InStore] = weight } };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ChannelWeights").WithMessage("*'in-store'*");
    }

    [Fact]
    public void ChannelWeights_Empty()
    {
        var act = () => new PreferenceOptions { ChannelWeights = new Dictionary<Channel, double>() };

        act.Should().Throw<ArgumentException>().WithParameterName("ChannelWeights");
    }

    [Fact]
    public void ChannelWeights_Null()
    {
        var act = () => new PreferenceOptions { ChannelWeights = null! };

        act.Should().Throw<ArgumentNullException>().WithParameterName("ChannelWeights");
    }

    [Fact]
    public void ChannelWeights_DefaultsEqual()
    {
        PreferenceOptions.Default.ChannelWeights.Should().Equal(new Dictionary<Channel, double> { [Channel.Online] = 1, [Channel.InStore] = 1 });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void HalfLife_NotPositive(int seconds)
    {
        var act = () => new PreferenceOptions { HalfLife = TimeSpan.FromSeconds(seconds) };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("HalfLife");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Cap_Invalid(double cap)
    {
        var act = () => new PreferenceOptions { Cap = cap };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Cap");
    }

    [Fact]
    public void Enums_Undefined()
    {
        var damping = () => new PreferenceOptions { QuantityDamping = (QuantityDamping)7 };
        var returns = () => new PreferenceOptions { Returns = (ReturnHandling)7 };
        var late = () => new PreferenceOptions { LateEvents = (LateEventHandling)7 };

        damping.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("QuantityDamping");
        returns.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Returns");
        late.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LateEvents");
    }

    [Fact]
    public void ReferenceTime_WithoutHalfLife()
    {
        var act = () => new PreferenceAggregator(new PreferenceOptions { ReferenceTime = Now });

        act.Should().Throw<ArgumentException>().WithParameterName("ReferenceTime").WithMessage("*HalfLife*");
    }

    [Fact]
    public void Options_DefaultWhenNull()
    {
        new PreferenceAggregator(null).Options.Should().BeSameAs(PreferenceOptions.Default);
    }
}

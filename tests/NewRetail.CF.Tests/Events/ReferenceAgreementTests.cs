using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Events;

/// <summary>The aggregator against <see cref="ReferencePreferences"/> on random event logs, for several option sets.</summary>
public class ReferenceAgreementTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Behavior Share = new("share");

    public static TheoryData<string> OptionSets => new() { "default", "linear", "sqrt-decay", "decay-reference-late", "ignore-returns-cap", "channels" };

    private static PreferenceOptions Options(string name) => name switch
    {
        "default" => PreferenceOptions.Default with { IgnoreUnweightedBehaviors = true },
        "linear" => new PreferenceOptions { QuantityDamping = QuantityDamping.None, IgnoreUnweightedBehaviors = true },
        "sqrt-decay" => new PreferenceOptions { QuantityDamping = QuantityDamping.Sqrt, HalfLife = TimeSpan.FromDays(10), IgnoreUnweightedBehaviors = true },
        "decay-reference-late" => new PreferenceOptions
        {
            HalfLife = TimeSpan.FromDays(3),
            ReferenceTime = Start.AddDays(40),
            LateEvents = LateEventHandling.CountAtReference,
            IgnoreUnweightedBehaviors = true,
        },
        "ignore-returns-cap" => new PreferenceOptions { Returns = ReturnHandling.Ignore, Cap = 20, IgnoreUnweightedBehaviors = true },
        "channels" => new PreferenceOptions
        {
            ChannelWeights = new Dictionary<Channel, double> { [Channel.Online] = 0.5, [Channel.InStore] = 3 },
            BehaviorWeights = new Dictionary<Behavior, double> { [Behavior.View] = 1, [Behavior.Purchase] = 7, [Share] = 2 },
            IgnoreUnweightedBehaviors = true,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown option set."),
    };

    private static List<InteractionEvent<int, int>> RandomEvents(int seed, int count)
    {
        var random = new Random(seed);
        Behavior[] behaviors = [Behavior.View, Behavior.Click, Behavior.Favorite, Behavior.AddToCart, Behavior.Purchase, Behavior.Purchase, Behavior.Return, Share];
        var events = new List<InteractionEvent<int, int>>(count);
        for (int e = 0; e < count; e++)
        {
            double quantity = random.Next(3) == 0 ? Math.Round(random.NextDouble() * 5, 2) + 0.01 : random.Next(1, 12);
            events.Add(new InteractionEvent<int, int>(random.Next(15), random.Next(25), behaviors[random.Next(behaviors.Length)], Start.AddHours(random.Next(60 * 24)))
            {
                Quantity = quantity,
                Channel = random.Next(4) == 0 ? Channel.InStore : Channel.Online,
            });
        }

        return events;
    }

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Aggregate_MatchesReference(string optionSet)
    {
        var options = Options(optionSet);
        for (int seed = 1; seed <= 5; seed++)
        {
            var events = RandomEvents(seed, 2_000);

            var expected = ReferencePreferences.Compute(events, options);
            var actual = new PreferenceAggregator(options).Aggregate(events);

            actual.PairCount.Should().Be(expected.Count, $"seed {seed} should keep the same pairs");
            foreach (var ((user, item), preference) in expected)
            {
                actual.Matrix.TryGetRating(user, item, out float value).Should().BeTrue($"seed {seed} should keep ({user}, {item})");
                value.Should().BeApproximately((float)preference, (float)(1e-5 * Math.Max(1, preference)), $"seed {seed}, pair ({user}, {item})");
            }
        }
    }
}

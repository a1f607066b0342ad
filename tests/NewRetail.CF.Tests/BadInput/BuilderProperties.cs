using System.Globalization;
using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Random rows, with null ids, NaN, infinities, values beyond <see cref="float"/>, ratings outside the scale and
/// repeated pairs, against the matrix builder and the preference aggregator.
/// </summary>
public class BuilderProperties
{
    private const int Cases = 400;

    private static readonly Gen<string?> UserId = Gen.Frequency((12, Gen.Int[0, 4].Select(i => (string?)$"u{i}")), (1, Gen.Const((string?)null)));
    private static readonly Gen<string?> ItemId = Gen.Frequency((12, Gen.Int[0, 4].Select(i => (string?)$"i{i}")), (1, Gen.Const((string?)null)));

    private static readonly Gen<double> RatingValue = Gen.Frequency(
        (8, Gen.Double[-2, 8]),
        (2, Gen.OneOf(1.0, 5.0, 0.5, -0.0, 3.0)),
        (2, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e39, -1e39, double.MaxValue, float.MaxValue, 1e-300)));

    private static readonly Gen<RatingScale> Scale = Gen.OneOf(RatingScale.OneToFive, RatingScale.HalfToFive, RatingScale.Unbounded, new RatingScale(0, 0));

    [Fact]
    public void Build_RandomRows()
    {
        var rows = Gen.Select(UserId, ItemId, RatingValue).Array[0, 12];
        var sample = Gen.Select(rows, Scale, Gen.OneOf(DuplicatePolicy.Error, DuplicatePolicy.KeepFirst, DuplicatePolicy.KeepLast, DuplicatePolicy.Mean), Gen.Int[0, 2]);

        PropertyCheck.Run(sample, t =>
        {
            var (input, scale, policy, entry) = t;
            var (matrix, error) = Outcome.DataErrorOr(() => Build(input, scale, policy, entry));
            var expected = Reference(input, scale, policy);
            if (expected.Error is var (row, field, value))
            {
                error.Should().NotBeNull("row {0} is invalid", row);
                error!.RowNumber.Should().Be(row, error.Message);
                error.Field.Should().Be(field, error.Message);
                error.Value.Should().Be(value, error.Message);
                error.Message.Should().Contain($"row {row}");
                return;
            }

            error.Should().BeNull();
            matrix!.Count.Should().Be(expected.Values.Count);
            foreach (var ((user, item), expectedValue) in expected.Values)
            {
                matrix.TryGetRating(user, item, out float stored).Should().BeTrue();
                stored.Should().Be(expectedValue, $"({user}, {item})");
            }

            foreach (double mean in matrix.UserMeans)
            {
                double.IsFinite(mean).Should().BeTrue();
            }
        }, Cases, 0x5EED_0301, t => $"{t.Item2} {t.Item3} entry {t.Item4}: {string.Join("; ", t.Item1.Select(r => $"({r.Item1 ?? "null"}, {r.Item2 ?? "null"}, {r.Item3.ToString("R", CultureInfo.InvariantCulture)})"))}");
    }

    [Fact]
    public void RatingScale_RandomBounds()
    {
        var bound = Gen.Frequency((6, Gen.Double[-10, 10]), (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue)));

        PropertyCheck.Run(Gen.Select(bound, bound), t =>
        {
            var (min, max) = t;
            var act = () => new RatingScale(min, max);
            if (double.IsNaN(min) || double.IsNaN(max) || min > max)
            {
                act.Should().Throw<ArgumentOutOfRangeException>();
                return;
            }

            var scale = act();
            scale.Contains(double.NaN).Should().BeFalse();
            scale.Contains(double.PositiveInfinity).Should().BeFalse();
        }, Cases, 0x5EED_0302);
    }

    [Fact]
    public void Aggregate_RandomEvents()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var behavior = Gen.OneOf(Behavior.View, Behavior.Click, Behavior.Favorite, Behavior.AddToCart, Behavior.Purchase, Behavior.Return, new Behavior("share"), default);
        var channel = Gen.OneOf(Channel.Online, Channel.InStore, new Channel("kiosk"));
        var quantity = Gen.Frequency((8, Gen.Double[0.1, 10]), (2, Gen.OneOf(0, -1, double.NaN, double.PositiveInfinity, 1e308, double.Epsilon, 1e-300)));
        var timestamp = Gen.Frequency((10, Gen.Int[0, 1000].Select(days => start.AddDays(days))), (1, Gen.Const(default(DateTimeOffset))));
        var events = Gen.Select(UserId, ItemId, behavior, channel, quantity, timestamp, Gen.OneOf(0L, 0L, 7L, 1_000_000_000_000L))
            .Select((u, i, b, c, q, t, row) => new InteractionEvent<string, string>(u!, i!, b, t) { Channel = c, Quantity = q, RowNumber = row })
            .Array[0, 12];
        var options = Gen.OneOf(
            PreferenceOptions.Default,
            new PreferenceOptions { HalfLife = TimeSpan.FromDays(7) },
            new PreferenceOptions { HalfLife = TimeSpan.FromDays(1), ReferenceTime = start.AddDays(500) },
            new PreferenceOptions { HalfLife = TimeSpan.FromDays(30), ReferenceTime = start.AddDays(500), LateEvents = LateEventHandling.CountAtReference },
            new PreferenceOptions { IgnoreUnweightedBehaviors = true, ChannelWeights = new Dictionary<Channel, double> { [Channel.Online] = 1, [Channel.InStore] = 0.5, [new Channel("kiosk")] = 2 } },
            new PreferenceOptions { Cap = 5, QuantityDamping = QuantityDamping.None },
            new PreferenceOptions { Returns = ReturnHandling.Ignore, QuantityDamping = QuantityDamping.Sqrt });

        PropertyCheck.Run(Gen.Select(events, options), t =>
        {
            var (input, preferenceOptions) = t;
            var (result, error) = Outcome.DataErrorOr(() => new PreferenceAggregator(preferenceOptions).Aggregate(input, "events"));
            if (error is not null)
            {
                error.SourceName.Should().Be("events");
                error.Field.Should().NotBeNull(error.Message);
                if (error.RowNumber == 0)
                {
                    // Only the sum of a pair can overflow a float, and a pair has no single row.
                    error.Field.Should().Be("preference", error.Message);
                }

                return;
            }

            result!.EventCount.Should().Be(input.Length);
            result.UsedEvents.Should().Be(input.Length - result.IgnoredEvents);
            foreach (var row in result.Matrix.Rows())
            {
                double.IsFinite(row.Rating).Should().BeTrue($"({row.User}, {row.Item})");

                row.Rating.Should().BeGreaterThan(0, $"({row.User}, {row.Item})");
                row.Rating.Should().BeLessThanOrEqualTo(preferenceOptions.Cap ?? float.MaxValue);
            }

            int pairs = input.Where(e => !Ignored(e, preferenceOptions)).Select(e => (e.User, e.Item)).Distinct().Count();
            (result.PairCount + result.CancelledPairs + result.ZeroPairs).Should().Be(pairs);
        }, Cases, 0x5EED_0303, t => string.Join("; ", t.Item1.Select(e => $"({e.User}, {e.Item}, {e.Behavior}, {e.Channel}, {e.Quantity.ToString("R", CultureInfo.InvariantCulture)}, {e.Timestamp:O}, row {e.RowNumber})")));
    }

    private static bool Ignored(InteractionEvent<string, string> e, PreferenceOptions options)
        => e.Behavior == Behavior.Return
            ? options.Returns == ReturnHandling.Ignore
            : options.IgnoreUnweightedBehaviors && !options.BehaviorWeights.ContainsKey(e.Behavior);

    private static RatingMatrix<string, string> Build((string? User, string? Item, double Rating)[] rows, RatingScale scale, DuplicatePolicy policy, int entry)
    {
        var typed = rows.Select(r => new RatingRow<string, string>(r.User!, r.Item!, r.Rating));
        switch (entry)
        {
            case 0:
                var builder = new RatingMatrixBuilder<string, string>(scale, policy);
                foreach (var (user, item, rating) in rows)
                {
                    builder.Add(user!, item!, rating);
                }

                return builder.Build();
            case 1:
                var rangeBuilder = new RatingMatrixBuilder<string, string>(scale, policy);
                rangeBuilder.AddRange(typed);
                return rangeBuilder.Build();
            default:
                return RatingMatrix.Create(typed, scale, policy);
        }
    }

    /// <summary>
    /// Applies the documented rules one row at a time: the first row with a null id or a rating that is not finite,
    /// outside the scale or beyond float fails; otherwise the first repeated pair in id order fails under
    /// <see cref="DuplicatePolicy.Error"/> at its second row, and the other policies keep one value per pair.
    /// </summary>
    private static ((long Row, string Field, string? Value)? Error, Dictionary<(string, string), float> Values) Reference(
        (string? User, string? Item, double Rating)[] rows, RatingScale scale, DuplicatePolicy policy)
    {
        var values = new Dictionary<(string, string), float>();
        for (int r = 0; r < rows.Length; r++)
        {
            var (user, item, rating) = rows[r];
            string text = rating.ToString("R", CultureInfo.InvariantCulture);
            if (user is null)
            {
                return ((r + 1, "user", null), values);
            }

            if (item is null)
            {
                return ((r + 1, "item", null), values);
            }

            if (!double.IsFinite(rating) || rating < scale.Min || rating > scale.Max || Math.Abs(rating) > float.MaxValue)
            {
                return ((r + 1, "rating", text), values);
            }
        }

        var groups = rows.Select((row, index) => (Pair: (row.User!, row.Item!), Value: (float)row.Rating, Row: index + 1))
            .GroupBy(x => x.Pair)
            .OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Item2, StringComparer.Ordinal)
            .ToList();
        foreach (var group in groups)
        {
            var list = group.ToList();
            if (list.Count > 1 && policy == DuplicatePolicy.Error)
            {
                return ((list[1].Row, null!, $"({group.Key.Item1}, {group.Key.Item2})"), values);
            }

            values[group.Key] = policy switch
            {
                DuplicatePolicy.KeepFirst => list[0].Value,
                DuplicatePolicy.Mean => (float)(list.Sum(x => (double)x.Value) / list.Count),
                _ => list[^1].Value,
            };
        }

        return (null, values);
    }
}

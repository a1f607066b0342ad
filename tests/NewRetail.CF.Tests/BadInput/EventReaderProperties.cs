using System.Globalization;
using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Generated event logs against the event readers: unknown behaviour names, bad timestamps, zero, negative and
/// non-finite quantities, wrong column counts and random text. Each log is either read with exactly its events, or
/// rejected with a <see cref="RatingDataException"/> that names the first bad line and its text.
/// </summary>
public class EventReaderProperties
{
    private const int Cases = 300;
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Unix seconds inside the years 0001 to 9999, and timestamps that are empty, fractional, text or outside that range.</summary>
    private static readonly Gen<Field> EventTimestamp = Gen.Frequency(
        (8, Gen.Long[0, 2_000_000_000].Select(v => Field.Good(v.ToString(CultureInfo.InvariantCulture)))),
        (1, Gen.OneOf(MinUnixSeconds, MaxUnixSeconds, -1L).Select(v => Field.Good(v.ToString(CultureInfo.InvariantCulture)))),
        (2, Gen.OneOf("", "abc", "1.5", "253402300800", "-62135596801", "99999999999999999999", "9223372036854775807", "2017-11-26").Select(Field.Bad)));

    /// <summary>Finite quantities &gt; 0, and quantities that are zero, negative, not finite, underflow to 0 or are text.</summary>
    private static readonly Gen<Field> Quantity = Gen.Frequency(
        (8, Gen.Double[1e-6, 1e6].Select(v => Field.Good(v.ToString("R", CultureInfo.InvariantCulture)))),
        (1, Gen.OneOf("1", "2.5", "1e300", " 3").Select(Field.Good)),
        (3, Gen.OneOf("0", "-1", "-0", "-0.5", "NaN", "Infinity", "1e400", "4.9e-325", "", "abc").Select(Field.Bad)));

    [Fact]
    public void ReadLongIds_GeneratedLogs()
    {
        var format = new DelimitedEventFormat { QuantityColumn = 4 };
        var behavior = Gen.Frequency(
            (8, Gen.OneOf("view", "click", "favorite", "add-to-cart", "purchase", "return").Select(Field.Good)),
            (2, Gen.OneOf("buy", "View", "", "pv", "purchase ", "share").Select(Field.Bad)));
        var fields = Gen.Select(TextGen.LongId, TextGen.LongId, behavior, EventTimestamp, Quantity).Select((u, i, b, t, q) => new[] { u, i, b, t, q });
        var line = Gen.Frequency(
            (10, fields.Select(f => TextGen.Join(",", f, () => new InteractionEvent<long, long>(
                TextGen.ParseLong(f[0].Text), TextGen.ParseLong(f[1].Text), new Behavior(f[2].Text), DateTimeOffset.FromUnixTimeSeconds(TextGen.ParseLong(f[3].Text)))
            {
                Quantity = TextGen.ParseDouble(f[4].Text),
            }))),
            (2, TextGen.WrongColumnCount(",", fields).Select(l => l.Text.Split(',').Length > 5 ? l with { Kind = LineKind.Unknown } : l)),
            (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));

        PropertyCheck.Run(TextGen.File(line), input => Verify(input, () => input.Read(
            (reader, name) => DelimitedEventReader.ReadLongIds(reader, name, format),
            (stream, name) => DelimitedEventReader.ReadLongIds(stream, name, format),
            path => DelimitedEventReader.ReadLongIds(path, format))), Cases, 0x5EED_0101);
    }

    [Fact]
    public void TaobaoRead_GeneratedLogs()
    {
        // Each valid line's category is its item id mod 7, so that an item never has two categories.
        var behavior = Gen.Frequency(
            (8, Gen.OneOf("pv", "fav", "cart", "buy").Select(Field.Good)),
            (2, Gen.OneOf("view", "PV", "", "purchase", "buy ").Select(Field.Bad)));
        var category = Gen.Frequency((8, Gen.Const(Field.Good("derived"))), (1, Gen.OneOf("", "x", "1.5", "99999999999999999999").Select(Field.Bad)));
        var fields = Gen.Select(TextGen.LongId, TextGen.LongId, category, behavior, EventTimestamp)
            .Select((u, i, c, b, t) => new[] { u, i, c.Valid && i.Valid ? Field.Good((TextGen.ParseLong(i.Text) % 7).ToString(CultureInfo.InvariantCulture)) : c, b, t });
        var names = new Dictionary<string, Behavior> { ["pv"] = Behavior.View, ["fav"] = Behavior.Favorite, ["cart"] = Behavior.AddToCart, ["buy"] = Behavior.Purchase };
        var line = Gen.Frequency(
            (10, fields.Select(f => TextGen.Join(",", f, () => new InteractionEvent<long, long>(
                TextGen.ParseLong(f[0].Text), TextGen.ParseLong(f[1].Text), names[f[3].Text], DateTimeOffset.FromUnixTimeSeconds(TextGen.ParseLong(f[4].Text)))))),
            (2, TextGen.WrongColumnCount(",", fields)),
            (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));

        PropertyCheck.Run(TextGen.File(line), input =>
        {
            var (data, error) = Outcome.DataErrorOr(() => input.Read(TaobaoUserBehaviorReader.Read, TaobaoUserBehaviorReader.Read, TaobaoUserBehaviorReader.Read));
            VerifyEvents(input, data?.Events, error);
            if (data is not null && input.FirstNonValid is null)
            {
                foreach (var (item, itemCategory) in data.ItemCategories)
                {
                    itemCategory.Should().Be(item % 7);
                }
            }
        }, Cases, 0x5EED_0102);
    }

    /// <summary>Text ids: letters, digits, inner spaces and non-ASCII letters; an empty id is an error.</summary>
    private static readonly Gen<Field> TextId = Gen.Frequency(
        (8, Gen.OneOf("alice", "bob-7", "\u987e\u5ba2-17", "u 1", "0042", "SKU/12-XL", "x").Select(Field.Good)),
        (1, Gen.Const(Field.Bad(""))));

    /// <summary>ISO 8601 texts with the time each one means, and texts that are no valid date and time.</summary>
    private static readonly (string Text, DateTimeOffset Time)[] IsoTimes =
    [
        ("2017-11-26T01:00:00Z", new DateTimeOffset(2017, 11, 26, 1, 0, 0, TimeSpan.Zero)),
        ("2017-11-26 09:00:00+08:00", new DateTimeOffset(2017, 11, 26, 9, 0, 0, TimeSpan.FromHours(8))),
        ("2017-11-26", new DateTimeOffset(2017, 11, 26, 0, 0, 0, TimeSpan.Zero)),
        ("2024-02-29T23:59:59-05:30", new DateTimeOffset(2024, 2, 29, 23, 59, 59, new TimeSpan(-5, -30, 0))),
        ("2017-11-26T01:00:00.250", new DateTimeOffset(2017, 11, 26, 1, 0, 0, 250, TimeSpan.Zero)),
        ("2017-11-26T01:00", new DateTimeOffset(2017, 11, 26, 1, 0, 0, TimeSpan.Zero)),
        ("2017-11-26T01:00:00.123456789Z", new DateTimeOffset(2017, 11, 26, 1, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)),
    ];

    private static readonly Gen<Field> IsoTimestamp = Gen.Frequency(
        (8, Gen.Int[0, IsoTimes.Length - 1].Select(i => Field.Good(IsoTimes[i].Text))),
        (2, Gen.OneOf("", "2017-13-01", "2017-02-30", "26/11/2017", "1511658000", "2017-11-26T25:00:00Z", "abc", "2017-11-26T01").Select(Field.Bad)));

    /// <summary>Channel names; an empty or blank channel is an error.</summary>
    private static readonly Gen<Field> ChannelName = Gen.Frequency(
        (8, Gen.OneOf("online", "in-store", "kiosk").Select(Field.Good)),
        (1, Gen.OneOf("", " ").Select(Field.Bad)));

    /// <summary>Optional store or session ids: an empty field means none.</summary>
    private static readonly Gen<Field> OptionalId = Gen.OneOf("", "S-01", "sess-9", "\u5e97-3").Select(Field.Good);

    [Fact]
    public void ReadStringIds_IsoLogsWithHeader()
    {
        const string Header = "user;item;action;time;qty;channel;store;session";
        var format = new DelimitedEventFormat
        {
            Separator = ';',
            HasHeader = true,
            TimestampFormat = EventTimestampFormat.Iso8601,
            QuantityColumn = 4,
            ChannelColumn = 5,
            StoreColumn = 6,
            SessionColumn = 7,
        };
        var behavior = Gen.Frequency(
            (8, Gen.OneOf("view", "click", "favorite", "add-to-cart", "purchase", "return").Select(Field.Good)),
            (1, Gen.OneOf("buy", "", "Purchase").Select(Field.Bad)));
        var fields = Gen.Select(TextId, TextId, behavior, IsoTimestamp, Quantity, ChannelName, OptionalId, OptionalId)
            .Select((u, i, b, t, q, c, st, se) => new[] { u, i, b, t, q, c, st, se });
        var line = Gen.Frequency(
            (10, fields.Select(f => TextGen.Join(";", f, () => new InteractionEvent<string, string>(
                f[0].Text, f[1].Text, new Behavior(f[2].Text), IsoTimes.First(t => t.Text == f[3].Text).Time)
            {
                Quantity = TextGen.ParseDouble(f[4].Text),
                Channel = new Channel(f[5].Text),
                StoreId = f[6].Text.Length == 0 ? null : f[6].Text,
                SessionId = f[7].Text.Length == 0 ? null : f[7].Text,
            }))),
            (2, TextGen.WrongColumnCount(";", fields).Select(l => l.Text.Split(';').Length > 8 ? l with { Kind = LineKind.Unknown } : l)),
            (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));

        PropertyCheck.Run(TextGen.File(line, Gen.Const(new Line(Header, LineKind.Valid))), input => Verify(input, () => input.Read(
            (reader, name) => DelimitedEventReader.ReadStringIds(reader, name, format),
            (stream, name) => DelimitedEventReader.ReadStringIds(stream, name, format),
            path => DelimitedEventReader.ReadStringIds(path, format))), Cases, 0x5EED_0103);
    }

    internal static void Verify<TUser, TItem>(TextInput input, Func<EventFile<TUser, TItem>> read)
        where TUser : notnull
        where TItem : notnull
    {
        var (file, error) = Outcome.DataErrorOr(read);
        VerifyEvents(input, file, error);
    }

    private static void VerifyEvents<TUser, TItem>(TextInput input, EventFile<TUser, TItem>? file, RatingDataException? error)
        where TUser : notnull
        where TItem : notnull
    {
        var expected = input.Rows();
        RatingReaderProperties.VerifyOutcome(input, error, expected.Count);
        if (error is not null || input.FirstNonValid is not null)
        {
            return;
        }

        file!.Events.Should().Equal(expected.Select(r => ((InteractionEvent<TUser, TItem>)r.Row) with { RowNumber = r.Line }));
    }
}

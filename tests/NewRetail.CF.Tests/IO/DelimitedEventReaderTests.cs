using System.IO.Compression;
using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.IO;

/// <summary>The general event reader: column mapping, behaviour names, timestamp formats, compression and errors.</summary>
public class DelimitedEventReaderTests
{
    private static readonly DelimitedEventFormat Csv = new();
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static EventFile<long, long> ReadLong(string text, DelimitedEventFormat format)
        => DelimitedEventReader.ReadLongIds(new StringReader(text), "events.csv", format);

    private static EventFile<string, string> ReadString(string text, DelimitedEventFormat format)
        => DelimitedEventReader.ReadStringIds(new StringReader(text), "events.csv", format);

    private static RatingDataException LongError(string text, DelimitedEventFormat format)
    {
        var act = () => ReadLong(text, format);
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("events.csv");
        return error;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public void ReadLongIds_DefaultFormat()
    {
        var file = ReadLong("1,10,view,1700000000\n2,20,purchase,1700000060\n", Csv);

        file.Events.Should().Equal(
            new InteractionEvent<long, long>(1, 10, Behavior.View, T0) { RowNumber = 1 },
            new InteractionEvent<long, long>(2, 20, Behavior.Purchase, T0.AddMinutes(1)) { RowNumber = 2 });
        file.SourceName.Should().Be("events.csv");
        file.Count.Should().Be(2);
    }

    [Fact]
    public void ReadLongIds_EveryBuiltInName()
    {
        var file = ReadLong("1,1,view,0\n1,1,click,0\n1,1,favorite,0\n1,1,add-to-cart,0\n1,1,purchase,0\n1,1,return,0\n", Csv);

        file.Events.Select(e => e.Behavior).Should().Equal(
            Behavior.View, Behavior.Click, Behavior.Favorite, Behavior.AddToCart, Behavior.Purchase, Behavior.Return);
    }

    [Fact]
    public void ReadStringIds_AllColumnsByHeaderName()
    {
        const string text = "when;qty;sku;store;customer;event;channel;basket\n" +
                            "1700000000;2.5;A-1;S7;c1;sold;in-store;r1\n" +
                            "1700000001;1;B-2;;c2;seen;online;\n";
        var format = new DelimitedEventFormat
        {
            Separator = ';',
            HasHeader = true,
            UserColumn = "customer",
            ItemColumn = "sku",
            BehaviorColumn = "event",
            TimestampColumn = "when",
            QuantityColumn = "qty",
            ChannelColumn = "channel",
            StoreColumn = "store",
            SessionColumn = "basket",
            BehaviorNames = new Dictionary<string, Behavior> { ["sold"] = Behavior.Purchase, ["seen"] = Behavior.View },
        };

        var file = ReadString(text, format);

        file.Events.Should().Equal(
            new InteractionEvent<string, string>("c1", "A-1", Behavior.Purchase, T0)
            {
                Quantity = 2.5,
                Channel = Channel.InStore,
                StoreId = "S7",
                SessionId = "r1",
                RowNumber = 2,
            },
            new InteractionEvent<string, string>("c2", "B-2", Behavior.View, T0.AddSeconds(1)) { RowNumber = 3 });
    }

    [Fact]
    public void ReadLongIds_CustomChannelName()
    {
        var file = ReadLong("1,2,view,0,kiosk\n", Csv with { ChannelColumn = 4 });

        file.Events[0].Channel.Should().Be(new Channel("kiosk"));
    }

    [Fact]
    public void ReadStringIds_QuotedFieldsWithSeparators()
    {
        var file = ReadString("\"Smith, J\",\"sku \"\"7\"\"\",view,0\n", Csv);

        file.Events[0].User.Should().Be("Smith, J");
        file.Events[0].Item.Should().Be("sku \"7\"");
    }

    [Fact]
    public void ReadStringIds_KeepsSpaces()
    {
        var file = ReadString(" u1 , i1 ,view,0\n", Csv);

        file.Events[0].User.Should().Be(" u1 ");
        file.Events[0].Item.Should().Be(" i1 ");
    }

    [Fact]
    public void ReadLongIds_CrlfAndTrailingBlankLines()
    {
        var file = ReadLong("1,2,view,0\r\n3,4,click,5\r\n\r\n\r\n", Csv);

        file.Events.Select(e => e.RowNumber).Should().Equal(1L, 2L);
    }

    [Fact]
    public void ReadLongIds_ByteOrderMark()
    {
        using var stream = new MemoryStream(TempFile.WithByteOrderMark("user,item,behavior,time\n1,2,view,0\n"));
        var format = Csv with { HasHeader = true, UserColumn = "user" };

        var fromStream = DelimitedEventReader.ReadLongIds(stream, "bom.csv", format);
        var fromText = ReadLong("\uFEFFuser,item,behavior,time\n1,2,view,0\n", format);

        fromStream.Events[0].User.Should().Be(1);
        fromText.Events[0].User.Should().Be(1);
    }

    [Fact]
    public void ReadLongIds_FileStreamAndGzipAgree()
    {
        const string text = "1,10,view,1700000000\n2,20,purchase,1700000060\n";
        using var plain = new TempFile(text, ".csv");
        using var compressed = new TempFile(Gzip(text), ".csv.gz");
        using var compressedWithoutExtension = new TempFile(Gzip(text), ".csv");
        using var stream = new MemoryStream(Gzip(text));

        var expected = ReadLong(text, Csv).Events;

        DelimitedEventReader.ReadLongIds(plain.FilePath, Csv).Events.Should().Equal(expected);
        DelimitedEventReader.ReadLongIds(compressed.FilePath, Csv).Events.Should().Equal(expected);
        DelimitedEventReader.ReadLongIds(compressedWithoutExtension.FilePath, Csv).Events.Should().Equal(expected);
        DelimitedEventReader.ReadLongIds(stream, "events.csv.gz", Csv).Events.Should().Equal(expected);
        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void ReadLongIds_StreamThatCannotSeek()
    {
        const string text = "1,10,view,0\n";
        using var gzip = new ForwardOnlyStream(Gzip(text));
        using var plain = new ForwardOnlyStream(Encoding.UTF8.GetBytes(text));

        DelimitedEventReader.ReadLongIds(gzip, "a.gz", Csv).Events[0].Item.Should().Be(10);
        DelimitedEventReader.ReadLongIds(plain, "a.csv", Csv).Events[0].Item.Should().Be(10);
    }

    [Fact]
    public void ReadLongIds_CorruptGzip()
    {
        byte[] bytes = Gzip(string.Concat(Enumerable.Repeat("1,10,view,0\n", 1000)));
        bytes[bytes.Length / 2] ^= 0xFF;
        bytes[(bytes.Length / 2) + 1] ^= 0xFF;
        using var stream = new MemoryStream(bytes);

        var act = () => DelimitedEventReader.ReadLongIds(stream, "broken.gz", Csv);

        act.Should().Throw<RatingDataException>().WithMessage("*gzip*").Which.SourceName.Should().Be("broken.gz");
    }

    [Fact]
    public void ReadLongIds_UnixMilliseconds()
    {
        var file = ReadLong("1,2,view,1700000000250\n", Csv with { TimestampFormat = EventTimestampFormat.UnixMilliseconds });

        file.Events[0].Timestamp.Should().Be(T0.AddMilliseconds(250));
    }

    [Theory]
    [InlineData("2023-11-14T22:13:20Z", 0)]
    [InlineData("2023-11-14 22:13:20", 0)]
    [InlineData("2023-11-14T22:13:20", 0)]
    [InlineData("2023-11-15T06:13:20+08:00", 0)]
    [InlineData("2023-11-14T22:13:20.250Z", 250)]
    [InlineData("2023-11-14T22:13Z", -20_000)]
    [InlineData("2023-11-14T22:13:20.250000000Z", 250)]
    [InlineData("2023-11-14 22:13:20.250000009", 250)]
    [InlineData("2023-11-15T06:13:20.250000000+08:00", 250)]
    public void ReadLongIds_Iso8601(string text, int offsetMilliseconds)
    {
        var file = ReadLong($"1,2,view,{text}\n", Csv with { TimestampFormat = EventTimestampFormat.Iso8601 });

        file.Events[0].Timestamp.Should().Be(T0.AddMilliseconds(offsetMilliseconds));
    }

    [Fact]
    public void ReadLongIds_Iso8601NanosecondsTruncated()
    {
        // 2023-11-14T22:13:20.123456789Z keeps 7 fraction digits: 1,234,567 ticks of 100 ns after T0.
        var file = ReadLong("1,2,view,2023-11-14T22:13:20.123456789Z\n", Csv with { TimestampFormat = EventTimestampFormat.Iso8601 });

        file.Events[0].Timestamp.Should().Be(T0.AddTicks(1_234_567));
    }

    [Fact]
    public void ReadLongIds_Iso8601DateOnly()
    {
        var file = ReadLong("1,2,view,2023-11-14\n", Csv with { TimestampFormat = EventTimestampFormat.Iso8601 });

        file.Events[0].Timestamp.Should().Be(new DateTimeOffset(2023, 11, 14, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void ReadLongIds_Iso8601KeepsOffset()
    {
        var file = ReadLong("1,2,view,2023-11-15T06:13:20+08:00\n", Csv with { TimestampFormat = EventTimestampFormat.Iso8601 });

        file.Events[0].Timestamp.Offset.Should().Be(TimeSpan.FromHours(8));
    }

    [Theory]
    [InlineData("2023-02-30 10:00:00")]
    [InlineData("2023-11-14 24:00:00")]
    [InlineData("14/11/2023 22:13:20")]
    [InlineData("1700000000")]
    [InlineData("yesterday")]
    public void ReadLongIds_Iso8601Invalid(string text)
    {
        var error = LongError($"1,2,view,2023-11-14T22:13:20Z\n1,2,view,{text}\n", Csv with { TimestampFormat = EventTimestampFormat.Iso8601 });

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("timestamp");
        error.Value.Should().Be(text);
    }

    [Theory]
    [InlineData("1.5e9")]
    [InlineData("2023-11-14")]
    [InlineData("99999999999999")]
    [InlineData("-99999999999")]
    public void ReadLongIds_UnixSecondsInvalid(string text)
    {
        var error = LongError($"1,2,view,{text}\n", Csv);

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("timestamp");
        error.Value.Should().Be(text);
    }

    [Fact]
    public void ReadLongIds_EmptyTimestamp()
    {
        var error = LongError("1,2,view,\n", Csv);

        error.Field.Should().Be("timestamp");
        error.Message.Should().Contain("empty");
    }

    [Fact]
    public void ReadLongIds_UnknownBehaviour()
    {
        var error = LongError("1,2,view,0\n1,2,view,0\n1,2,like,0\n", Csv);

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be("behavior");
        error.Value.Should().Be("like");
        error.Message.Should().Contain("'like'").And.Contain("CreateCustomBehaviors");
    }

    [Fact]
    public void ReadLongIds_BehaviourCaseSensitive()
    {
        var error = LongError("1,2,View,0\n", Csv);

        error.Value.Should().Be("View");
    }

    [Fact]
    public void ReadLongIds_CallerComparerKept()
    {
        var names = new Dictionary<string, Behavior>(StringComparer.OrdinalIgnoreCase) { ["buy"] = Behavior.Purchase };

        var file = ReadLong("1,2,BUY,0\n1,3,Buy,0\n", Csv with { BehaviorNames = names });

        file.Events.Select(e => e.Behavior).Should().Equal(Behavior.Purchase, Behavior.Purchase);
    }

    [Fact]
    public void ReadLongIds_CustomBehaviourWhenAsked()
    {
        var file = ReadLong("1,2,share,0\n1,2,view,0\n", Csv with { CreateCustomBehaviors = true });

        file.Events.Select(e => e.Behavior).Should().Equal(new Behavior("share"), Behavior.View);
    }

    [Fact]
    public void ReadLongIds_ManyCustomBehaviours()
    {
        // More distinct names than the reader caches: each still maps to its own behaviour.
        string text = string.Concat(Enumerable.Range(0, 50).Select(k => $"1,{k},kind{k % 40},0\n"));

        var file = ReadLong(text, Csv with { CreateCustomBehaviors = true });

        file.Events.Select(e => e.Behavior.Name).Should().Equal(Enumerable.Range(0, 50).Select(k => $"kind{k % 40}"));
    }

    [Fact]
    public void ReadLongIds_EmptyBehaviour()
    {
        var error = LongError("1,2,,0\n", Csv with { CreateCustomBehaviors = true });

        error.Field.Should().Be("behavior");
        error.Message.Should().Contain("empty");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData("")]
    public void ReadLongIds_BadQuantity(string text)
    {
        var error = LongError($"1,2,view,0,1\n1,2,view,0,{text}\n", Csv with { QuantityColumn = 4 });

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("quantity");
        error.Value.Should().Be(text);
    }

    [Fact]
    public void ReadLongIds_EmptyChannel()
    {
        var error = LongError("1,2,view,0,\n", Csv with { ChannelColumn = 4 });

        error.Field.Should().Be("channel");
    }

    [Theory]
    [InlineData("x,2,view,0", "user")]
    [InlineData("1,,view,0", "item")]
    [InlineData("1,99999999999999999999,view,0", "item")]
    public void ReadLongIds_BadIds(string line, string field)
    {
        var error = LongError($"1,2,view,0\n{line}\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be(field);
        error.Message.Should().Contain(field);
    }

    [Fact]
    public void ReadLongIds_TextIdHint()
    {
        var error = LongError("u1,2,view,0\n", Csv);

        error.Message.Should().Contain("DelimitedEventReader.ReadStringIds");
    }

    [Fact]
    public void ReadStringIds_EmptyId()
    {
        var act = () => ReadString("a,b,view,0\n,b,view,0\n", Csv);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("user");
    }

    [Fact]
    public void ReadLongIds_MissingFieldInRow()
    {
        var error = LongError("1,2,view,0\n1,2,view\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("3 field(s), but 4 are expected");
    }

    [Fact]
    public void ReadLongIds_ColumnBeyondFirstRow()
    {
        var error = LongError("1,2,view,0\n", Csv with { SessionColumn = 6 });

        error.RowNumber.Should().Be(1);
        error.Message.Should().Contain("session").And.Contain("column 6");
    }

    [Fact]
    public void ReadLongIds_HeaderLacksNamedColumn()
    {
        var error = LongError("user,item,action,time\n1,2,view,0\n", Csv with { HasHeader = true, BehaviorColumn = "behavior" });

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be("behavior");
        error.Message.Should().Contain("'user', 'item', 'action', 'time'");
    }

    [Fact]
    public void ReadLongIds_NameAndIndexCollide()
    {
        var error = LongError("user,item,behavior,time\n1,2,view,0\n", Csv with { HasHeader = true, QuantityColumn = "user" });

        error.Field.Should().Be("header");
        error.Message.Should().Contain("column 0");
    }

    [Fact]
    public void ReadLongIds_EmptySource()
    {
        var error = LongError(string.Empty, Csv);

        error.RowNumber.Should().Be(0);
        error.Message.Should().Contain("no events");
    }

    [Fact]
    public void ReadLongIds_HeaderOnly()
    {
        var error = LongError("user,item,behavior,time\n", Csv with { HasHeader = true });

        error.Message.Should().Contain("no events");
    }

    [Fact]
    public void ReadLongIds_BlankLineBeforeRows()
    {
        var error = LongError("1,2,view,0\n\n3,4,view,0\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("line 3");
    }

    [Fact]
    public void ReadLongIds_BlankHeaderLine()
    {
        var error = LongError("\nuser,item,behavior,time\n", Csv with { HasHeader = true });

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
    }

    [Fact]
    public void ReadLongIds_FileNotFound()
    {
        var act = () => DelimitedEventReader.ReadLongIds(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv"), Csv);

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void ReadLongIds_FolderPath()
    {
        var act = () => DelimitedEventReader.ReadLongIds(Path.GetTempPath(), Csv);

        act.Should().Throw<FileNotFoundException>().WithMessage("*folder*");
    }

    [Fact]
    public void ReadLongIds_NullArguments()
    {
        var nullFormat = () => DelimitedEventReader.ReadLongIds(new StringReader("1,2,view,0"), "x", null!);
        var nullReader = () => DelimitedEventReader.ReadLongIds((TextReader)null!, "x", Csv);
        var emptyName = () => DelimitedEventReader.ReadLongIds(new StringReader("1,2,view,0"), "", Csv);

        nullFormat.Should().Throw<ArgumentNullException>().WithParameterName("format");
        nullReader.Should().Throw<ArgumentNullException>().WithParameterName("reader");
        emptyName.Should().Throw<ArgumentException>().WithParameterName("sourceName");
    }

    [Fact]
    public void Format_NameWithoutHeader()
    {
        var act = () => ReadLong("1,2,view,0\n", Csv with { UserColumn = "user" });

        act.Should().Throw<ArgumentException>().WithParameterName("UserColumn");
    }

    [Fact]
    public void Format_SameColumnTwice()
    {
        var act = () => ReadLong("1,2,view,0\n", Csv with { QuantityColumn = 1 });

        act.Should().Throw<ArgumentException>().WithParameterName("QuantityColumn").WithMessage("*ItemColumn*");
    }

    [Fact]
    public void Format_ColumnCountTooSmall()
    {
        var zero = () => ReadLong("1,2,view,0\n", Csv with { ColumnCount = 0 });
        var narrow = () => ReadLong("1,2,view,0\n", Csv with { ColumnCount = 3 });

        zero.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ColumnCount");
        narrow.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("TimestampColumn");
    }

    [Fact]
    public void Format_UnsupportedSeparator()
    {
        var act = () => ReadLong("1,2,view,0\n", Csv with { Separator = '"' });

        act.Should().Throw<ArgumentException>().WithParameterName("Separator");
    }

    [Fact]
    public void Format_BadBehaviorNames()
    {
        var empty = () => new DelimitedEventFormat { BehaviorNames = new Dictionary<string, Behavior>() };
        var missing = () => new DelimitedEventFormat { BehaviorNames = null! };
        var unnamed = () => new DelimitedEventFormat { BehaviorNames = new Dictionary<string, Behavior> { ["x"] = default } };

        empty.Should().Throw<ArgumentException>().WithParameterName("BehaviorNames");
        missing.Should().Throw<ArgumentNullException>().WithParameterName("BehaviorNames");
        unnamed.Should().Throw<ArgumentException>().WithParameterName("BehaviorNames").WithMessage("*'x'*");
    }

    [Fact]
    public void Format_UndefinedTimestampFormat()
    {
        var act = () => new DelimitedEventFormat { TimestampFormat = (EventTimestampFormat)9 };

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("TimestampFormat");
    }

    [Fact]
    public void Format_BehaviorNamesCopied()
    {
        var names = new Dictionary<string, Behavior> { ["buy"] = Behavior.Purchase };
        var format = new DelimitedEventFormat { BehaviorNames = names };

        names["view"] = Behavior.View;

        format.BehaviorNames.Should().HaveCount(1);
    }

    /// <summary>A stream over bytes that cannot seek, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}

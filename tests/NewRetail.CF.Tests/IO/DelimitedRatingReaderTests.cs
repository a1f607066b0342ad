using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.IO;

/// <summary>The general delimited reader: formats, header names, quoting, fixed ratings, string ids and errors.</summary>
public class DelimitedRatingReaderTests
{
    private static readonly DelimitedFormat Csv = new();

    private static RatingFile<long, long> ReadLong(string text, DelimitedFormat format)
        => DelimitedRatingReader.ReadLongIds(new StringReader(text), "input.csv", format);

    private static RatingFile<string, string> ReadString(string text, DelimitedFormat format)
        => DelimitedRatingReader.ReadStringIds(new StringReader(text), "input.csv", format);

    private static RatingDataException LongError(string text, DelimitedFormat format)
    {
        var act = () => ReadLong(text, format);
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("input.csv");
        return error;
    }

    [Fact]
    public void ReadLongIds_DefaultFormat()
    {
        var result = ReadLong("1,10,4.5\n2,20,3\n", Csv);

        result.Rows.Should().Equal(new RatingRow<long, long>(1, 10, 4.5), new RatingRow<long, long>(2, 20, 3));
        result.LineNumbers.Should().Equal(1L, 2L);
        result.SourceName.Should().Be("input.csv");
    }

    [Fact]
    public void ReadLongIds_FileAndStream()
    {
        const string text = "1\t10\t4.5\t100\n";
        var format = Csv with { Separator = '\t', TimestampColumn = 3 };
        using var file = new TempFile(text, ".tsv");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var fromFile = DelimitedRatingReader.ReadLongIds(file.FilePath, format);
        var fromStream = DelimitedRatingReader.ReadLongIds(stream, "input.tsv", format);

        fromFile.Rows.Should().Equal(new RatingRow<long, long>(1, 10, 4.5, 100));
        fromFile.SourceName.Should().Be(file.FilePath);
        fromStream.Rows.Should().Equal(fromFile.Rows);
        fromStream.SourceName.Should().Be("input.tsv");
        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void ReadLongIds_HeaderNamesInAnyOrder()
    {
        const string text = "when;score;product;customer\n1700000000;2.5;30;7\n1700000001;5;31;8\n";
        var format = new DelimitedFormat
        {
            Separator = ';',
            HasHeader = true,
            UserColumn = "customer",
            ItemColumn = "product",
            RatingColumn = "score",
            TimestampColumn = "when",
        };

        var result = ReadLong(text, format);

        result.Rows.Should().Equal(new RatingRow<long, long>(7, 30, 2.5, 1700000000), new RatingRow<long, long>(8, 31, 5, 1700000001));
        result.LineNumbers.Should().Equal(2L, 3L);
    }

    [Fact]
    public void ReadLongIds_HeaderWithIndices()
    {
        var result = ReadLong("a,b,c\n1,2,3\n", Csv with { HasHeader = true });

        result.Rows.Should().Equal(new RatingRow<long, long>(1, 2, 3));
        result.LineNumbers.Should().Equal(2L);
    }

    [Fact]
    public void ReadStringIds_QuotedFieldsWithSeparator()
    {
        const string text = "\"Smith, J.\",\"Mug, blue\",4\n\"say \"\"hi\"\"\",plain,2\n";

        var result = ReadString(text, Csv);

        result.Rows.Should().Equal(
            new RatingRow<string, string>("Smith, J.", "Mug, blue", 4),
            new RatingRow<string, string>("say \"hi\"", "plain", 2));
    }

    [Fact]
    public void ReadStringIds_QuotedLineBreak()
    {
        const string text = "user,item,rating\n\"two\nlines\",i1,1\nu2,i2,2\nu3,\"x,y\",3\n";

        var result = ReadString(text, Csv with { HasHeader = true });

        result.Rows.Select(r => r.User).Should().Equal("two\nlines", "u2", "u3");
        result.LineNumbers.Should().Equal(2L, 4L, 5L);
    }

    [Fact]
    public void ReadStringIds_ErrorAfterQuotedLineBreak()
    {
        const string text = "\"two\nlines\",i1,1\nu2,i2,bad\n";

        var act = () => ReadString(text, Csv);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(3);
        error.Field.Should().Be("rating");
    }

    [Fact]
    public void ReadLongIds_QuotesOffKeepsQuoteCharacters()
    {
        var error = LongError("\"1\",2,3\n", Csv with { ParseQuotes = false });

        error.Field.Should().Be("user");
        error.Value.Should().Be("\"1\"");
    }

    [Fact]
    public void ReadStringIds_TextKeptVerbatim()
    {
        var result = ReadString("A-17, x ,1\n", Csv);

        result.Rows.Should().Equal(new RatingRow<string, string>("A-17", " x ", 1));
    }

    [Fact]
    public void ReadLongIds_SpacesAroundNumbersAllowed()
    {
        var result = ReadLong("1, 2, 3.5\n", Csv);

        result.Rows.Should().Equal(new RatingRow<long, long>(1, 2, 3.5));
    }

    [Fact]
    public void ReadStringIds_EmptyIdRejected()
    {
        var act = () => ReadString("u1,i1,1\nu2,,1\n", Csv);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("item");
        error.Message.Should().Contain("item id is empty");
    }

    [Fact]
    public void ReadStringIds_FixedRatingForImplicitData()
    {
        const string text = "CustomerID,StockCode\n17850,85123A\n17850,71053\n13047,84406B\n";
        var format = new DelimitedFormat { HasHeader = true, UserColumn = "CustomerID", ItemColumn = "StockCode", RatingColumn = null, FixedRating = 1 };

        var result = ReadString(text, format);

        result.Rows.Should().Equal(
            new RatingRow<string, string>("17850", "85123A", 1),
            new RatingRow<string, string>("17850", "71053", 1),
            new RatingRow<string, string>("13047", "84406B", 1));
    }

    [Fact]
    public void ReadLongIds_SixtyFourBitIdsExact()
    {
        string text = $"0,{long.MaxValue},1\n-1,4294967296,2\n{long.MinValue},{uint.MaxValue},3\n";

        var result = ReadLong(text, Csv);

        result.Rows.Should().Equal(
            new RatingRow<long, long>(0, long.MaxValue, 1),
            new RatingRow<long, long>(-1, 4294967296, 2),
            new RatingRow<long, long>(long.MinValue, uint.MaxValue, 3));
    }

    [Fact]
    public void ReadLongIds_IdsSurviveMatrix()
    {
        var result = ReadLong($"0,{long.MaxValue},1\n-1,4294967296,2\n", Csv);

        var matrix = result.ToMatrix(RatingScale.OneToFive);

        matrix.Users.Ids.ToArray().Should().Equal(-1L, 0L);
        matrix.Items.Ids.ToArray().Should().Equal(4294967296L, long.MaxValue);
        matrix.TryGetRating(0, long.MaxValue, out float rating).Should().BeTrue();
        rating.Should().Be(1);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    public void ReadLongIds_InvalidIdRejected(string id)
    {
        var error = LongError($"1,2,3\n{id},2,3\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("user");
        error.Value.Should().Be(id);
        error.Message.Should().Contain($"'{id}'");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("Infinity")]
    [InlineData("∞")]
    [InlineData("4,5")]
    public void ReadLongIds_InvalidRatingRejected(string rating)
    {
        var error = LongError($"1\t2\t{rating}\n", Csv with { Separator = '\t' });

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("rating");
        error.Value.Should().Be(rating);
        error.Message.Should().Contain($"'{rating}'");
    }

    [Fact]
    public void ReadLongIds_InvalidTimestampRejected()
    {
        var error = LongError("1,2,3,100\n1,3,3,1e9\n", Csv with { TimestampColumn = 3 });

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("timestamp");
        error.Value.Should().Be("1e9");
    }

    [Fact]
    public void ReadLongIds_CountFromFirstRow()
    {
        var error = LongError("1,2,3\n1,2,3,4\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Value.Should().Be("1,2,3,4");
        error.Message.Should().Contain("4 field(s), but 3 are expected (as in the first row, line 1)");
        error.Message.Should().Contain("separated by ','").And.Contain("quotes are closed");
    }

    [Fact]
    public void ReadLongIds_CountFromHeader()
    {
        var error = LongError("u,i,r,t\n1,2,3\n", Csv with { HasHeader = true });

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("as in the header, line 1");
    }

    [Fact]
    public void ReadLongIds_CountFromFormat()
    {
        var error = LongError("1,2,3\n", Csv with { ColumnCount = 4 });

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("as the file format requires");
    }

    [Fact]
    public void ReadLongIds_HeaderCountDiffersFromFormat()
    {
        var error = LongError("u,i,r\n1,2,3\n", Csv with { HasHeader = true, ColumnCount = 4 });

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be("u,i,r");
    }

    [Fact]
    public void ReadLongIds_ColumnBeyondFirstRow()
    {
        var error = LongError("1,2\n", Csv);

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("rating from column 2, but the first row has 2 field(s)");
    }

    [Fact]
    public void ReadLongIds_UnknownHeaderName()
    {
        var format = Csv with { HasHeader = true, UserColumn = "userId", ItemColumn = "movieId", RatingColumn = "stars" };

        var error = LongError("userId,movieId,rating\n1,2,3\n", format);

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be("stars");
        error.Message.Should().Contain("no column named 'stars'").And.Contain("'userId', 'movieId', 'rating'");
    }

    [Fact]
    public void ReadLongIds_DuplicateHeaderName()
    {
        var format = Csv with { HasHeader = true, UserColumn = "id", ItemColumn = 2, RatingColumn = 3 };

        var error = LongError("id,id,item,rating\n1,2,3,4\n", format);

        error.Field.Should().Be("header");
        error.Message.Should().Contain("more than one column named 'id'");
    }

    [Fact]
    public void ReadLongIds_NameAndIndexCollide()
    {
        var format = Csv with { HasHeader = true, UserColumn = "user", ItemColumn = 0 };

        var error = LongError("user,item,rating\n1,2,3\n", format);

        error.Field.Should().Be("header");
        error.Message.Should().Contain("column 0");
    }

    [Fact]
    public void ReadLongIds_BlankLines()
    {
        ReadLong("1,2,3\r\n2,2,3\r\n\r\n\r\n", Csv).Rows.Should().HaveCount(2);

        var error = LongError("1,2,3\n  \n2,2,3\n", Csv);
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
    }

    [Fact]
    public void ReadLongIds_EmptyFieldsAreNotBlank()
    {
        var error = LongError("1,2,3\n,,\n", Csv);

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("user");
    }

    [Fact]
    public void ReadLongIds_EmptyRejected()
    {
        var noRows = LongError(string.Empty, Csv);
        var headerOnly = LongError("user,item,rating\n", Csv with { HasHeader = true });

        noRows.RowNumber.Should().Be(0);
        noRows.Message.Should().Contain("no rating rows");
        headerOnly.Message.Should().Contain("no rating rows");
    }

    [Fact]
    public void ReadLongIds_ByteOrderMarkBeforeHeader()
    {
        var format = Csv with { HasHeader = true, UserColumn = "user", ItemColumn = "item", RatingColumn = "rating" };
        using var file = new TempFile(TempFile.WithByteOrderMark("user,item,rating\n1,2,3\n"), ".csv");

        DelimitedRatingReader.ReadLongIds(file.FilePath, format).Rows.Should().Equal(new RatingRow<long, long>(1, 2, 3));
        ReadLong("\uFEFFuser,item,rating\n1,2,3\n", format).Rows.Should().Equal(new RatingRow<long, long>(1, 2, 3));
    }

    [Fact]
    public void ReadLongIds_LongLineCutInMessage()
    {
        string line = "1,2,3," + new string('9', 1000);

        var error = LongError($"1,2,3\n{line}\n", Csv);

        error.Message.Length.Should().BeLessThan(600);
        error.Value.Should().StartWith("1,2,3,999").And.EndWith("…");
    }

    [Fact]
    public void Validate_InconsistentFormatsRejected()
    {
        var cases = new (DelimitedFormat Format, string Parameter)[]
        {
            (Csv with { Separator = '"' }, "Separator"),
            (Csv with { Separator = '\n' }, "Separator"),
            (Csv with { RatingColumn = null }, "RatingColumn"),
            (Csv with { FixedRating = 1 }, "FixedRating"),
            (Csv with { RatingColumn = null, FixedRating = double.NaN }, "FixedRating"),
            (Csv with { ColumnCount = 0 }, "ColumnCount"),
            (Csv with { ColumnCount = 2 }, "RatingColumn"),
            (Csv with { UserColumn = "user" }, "UserColumn"),
            (Csv with { ItemColumn = 0 }, "ItemColumn"),
            (Csv with { HasHeader = true, UserColumn = "id", ItemColumn = "id" }, "ItemColumn"),
            (Csv with { TimestampColumn = 2 }, "TimestampColumn"),
        };

        foreach (var (format, parameter) in cases)
        {
            var act = () => ReadLong("1,2,3\n", format);
            act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(parameter, because: format.ToString());
        }
    }

    [Fact]
    public void ReadStringIds_NullArgumentsRejected()
    {
        FluentActions.Invoking(() => DelimitedRatingReader.ReadStringIds((TextReader)null!, "x", Csv)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DelimitedRatingReader.ReadStringIds(new StringReader("a,b,1\n"), "x", null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => DelimitedRatingReader.ReadStringIds("", Csv)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => DelimitedRatingReader.ReadStringIds(new MemoryStream(), "", Csv)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void DelimitedColumn_ConversionsAndChecks()
    {
        DelimitedColumn byIndex = 3;
        DelimitedColumn byName = "rating";

        byIndex.Should().Be(DelimitedColumn.At(3));
        byIndex.Name.Should().BeNull();
        byIndex.ToString().Should().Be("column 3");
        byName.Should().Be(DelimitedColumn.Named("rating"));
        byName.Index.Should().Be(-1);
        byName.ToString().Should().Be("column 'rating'");
        FluentActions.Invoking(() => DelimitedColumn.At(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => DelimitedColumn.Named("")).Should().Throw<ArgumentException>();
    }
}

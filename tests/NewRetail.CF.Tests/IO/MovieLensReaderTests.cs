using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.IO;

/// <summary>MovieLens u.data, ratings.dat and ratings.csv on small hand-made inputs, well-formed and malformed.</summary>
public class MovieLensReaderTests
{
    private const string UData = "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n";

    private static readonly RatingRow<long, long>[] UDataRows =
    [
        new(196, 242, 3, 881250949),
        new(186, 302, 3, 891717742),
        new(22, 377, 1, 878887116),
    ];

    private static RatingDataException UDataError(string text)
    {
        using var file = new TempFile(text);
        var act = () => MovieLensReader.ReadUData(file.FilePath);
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be(file.FilePath);
        return error;
    }

    private static RatingDataException DatError(string text)
    {
        var act = () => MovieLensReader.ReadDat(new StringReader(text), "ratings.dat");
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("ratings.dat");
        return error;
    }

    private static RatingDataException CsvError(string text)
    {
        var act = () => MovieLensReader.ReadRatingsCsv(new StringReader(text), "ratings.csv");
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("ratings.csv");
        return error;
    }

    [Fact]
    public void ReadUData_File_RowsLinesAndSource()
    {
        using var file = new TempFile(UData);

        var result = MovieLensReader.ReadUData(file.FilePath);

        result.Rows.Should().Equal(UDataRows);
        result.LineNumbers.Should().Equal(1L, 2L, 3L);
        result.SourceName.Should().Be(file.FilePath);
    }

    [Fact]
    public void ReadUData_StreamLeftOpen()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(UData));

        var result = MovieLensReader.ReadUData(stream, "u.data");

        result.Rows.Should().Equal(UDataRows);
        result.SourceName.Should().Be("u.data");
        stream.CanRead.Should().BeTrue();
    }

    [Fact]
    public void ReadUData_TextReaderLeftOpen()
    {
        using var reader = new StringReader(UData);

        var result = MovieLensReader.ReadUData(reader, "u.data");

        result.Rows.Should().Equal(UDataRows);
        reader.Peek().Should().Be(-1);
    }

    [Fact]
    public void ReadUData_ByteOrderMarkSkipped()
    {
        using var file = new TempFile(TempFile.WithByteOrderMark(UData));
        using var stream = new MemoryStream(TempFile.WithByteOrderMark(UData));

        MovieLensReader.ReadUData(file.FilePath).Rows.Should().Equal(UDataRows);
        MovieLensReader.ReadUData(stream, "u.data").Rows.Should().Equal(UDataRows);
        MovieLensReader.ReadUData(new StringReader("\uFEFF" + UData), "u.data").Rows.Should().Equal(UDataRows);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\n\n\n")]
    [InlineData("\r\n")]
    [InlineData("  \n")]
    public void ReadUData_TrailingBlankLinesIgnored(string tail)
    {
        var result = MovieLensReader.ReadUData(new StringReader(UData + tail), "u.data");

        result.Rows.Should().Equal(UDataRows);
        result.LineNumbers.Should().Equal(1L, 2L, 3L);
    }

    [Fact]
    public void ReadUData_CrlfLineEndings()
    {
        var result = MovieLensReader.ReadUData(new StringReader(UData.Replace("\n", "\r\n", StringComparison.Ordinal)), "u.data");

        result.Rows.Should().Equal(UDataRows);
        result.LineNumbers.Should().Equal(1L, 2L, 3L);
    }

    [Fact]
    public void ReadUData_BlankLineBeforeRowsRejected()
    {
        var error = UDataError("196\t242\t3\t881250949\n\n186\t302\t3\t891717742\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("blank").And.Contain("line 3");
    }

    [Theory]
    [InlineData("186\t302\t3", 3)]
    [InlineData("186\t302\t3\t891717742\t9", 5)]
    [InlineData("186 302 3 891717742", 1)]
    [InlineData("186,302,3,891717742", 1)]
    public void ReadUData_WrongFieldCount(string line, int fieldCount)
    {
        var error = UDataError($"196\t242\t3\t881250949\n{line}\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Value.Should().Be(line);
        error.Message.Should().Contain(line).And.Contain($"{fieldCount} field(s)").And.Contain("tab");
        error.Message.Should().NotContain("quote");
    }

    [Fact]
    public void ReadUData_ErrorOnFirstLineNumberedOne()
    {
        var error = UDataError("x\t242\t3\t881250949\n");

        error.RowNumber.Should().Be(1);
        error.Message.Should().Contain(", line 1, field 'user'");
    }

    [Theory]
    [InlineData("u196\t242\t3\t881250949", "user", "u196")]
    [InlineData("196\t24x\t3\t881250949", "item", "24x")]
    [InlineData("1.5\t242\t3\t881250949", "user", "1.5")]
    [InlineData("196\t9223372036854775808\t3\t881250949", "item", "9223372036854775808")]
    [InlineData("\"196\t242\t3\t881250949", "user", "\"196")]
    public void ReadUData_InvalidId(string line, string field, string value)
    {
        var error = UDataError($"196\t242\t3\t881250949\n186\t302\t3\t891717742\n{line}\n");

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be(field);
        error.Value.Should().Be(value);
        error.Message.Should().Contain($"'{value}'");
    }

    [Fact]
    public void ReadUData_EmptyIdRejected()
    {
        var error = UDataError("\t242\t3\t881250949\n");

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("user");
        error.Message.Should().Contain("user id is empty");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("three")]
    [InlineData("3,5")]
    [InlineData("0x3")]
    public void ReadUData_InvalidRating(string rating)
    {
        var error = UDataError($"196\t242\t3\t881250949\n186\t302\t{rating}\t891717742\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("rating");
        error.Value.Should().Be(rating);
        error.Message.Should().Contain($"'{rating}'");
    }

    [Theory]
    [InlineData("881250949.5")]
    [InlineData("1997-12-04")]
    [InlineData("99999999999999999999")]
    public void ReadUData_InvalidTimestamp(string timestamp)
    {
        var error = UDataError($"196\t242\t3\t{timestamp}\n");

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("timestamp");
        error.Value.Should().Be(timestamp);
        error.Message.Should().Contain($"'{timestamp}'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\n\n")]
    public void ReadUData_EmptyFileRejected(string text)
    {
        var error = UDataError(text);

        error.RowNumber.Should().Be(0);
        error.Field.Should().BeNull();
        error.Message.Should().Contain("no rating rows");
    }

    [Fact]
    public void ReadUData_MissingFileThrows()
    {
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-missing-{Guid.NewGuid():N}.data");

        var act = () => MovieLensReader.ReadUData(path);

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void ReadUData_FolderPathThrows()
    {
        string folder = Directory.CreateTempSubdirectory("newretail-cf-").FullName;
        try
        {
            var act = () => MovieLensReader.ReadUData(folder);

            act.Should().Throw<FileNotFoundException>().WithMessage("*is a folder, not a rating file*");
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void ReadUData_SixtyFourBitIdsExact()
    {
        string text = $"0\t{long.MaxValue}\t1\t0\n-7\t4294967296\t2\t-1\n{long.MinValue}\t4294967297\t3\t{long.MaxValue}\n";

        var result = MovieLensReader.ReadUData(new StringReader(text), "ids");

        result.Rows.Should().Equal(
            new RatingRow<long, long>(0, long.MaxValue, 1, 0),
            new RatingRow<long, long>(-7, 4294967296, 2, -1),
            new RatingRow<long, long>(long.MinValue, 4294967297, 3, long.MaxValue));
    }

    [Fact]
    public void ToMatrix_OutOfScaleLineNumber()
    {
        using var file = new TempFile("196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t6\t878887116\n");
        var result = MovieLensReader.ReadUData(file.FilePath);

        var act = () => result.ToMatrix(RatingScale.OneToFive);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be(file.FilePath);
        error.RowNumber.Should().Be(3);
        error.Field.Should().Be("rating");
        error.Value.Should().Be("6");
        error.Message.Should().Contain($"{file.FilePath}, line 3");
    }

    [Fact]
    public void AddRange_OutOfScaleLineNumber()
    {
        var result = MovieLensReader.ReadUData(new StringReader("196\t242\t3\t881250949\n\r\n"), "first.data");
        var second = MovieLensReader.ReadUData(new StringReader("186\t302\t3\t891717742\n22\t377\t0\t878887116\n"), "second.data");
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        builder.AddRange(result);

        var act = () => builder.AddRange(second);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("second.data");
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("rating");
    }

    [Fact]
    public void ReadUData_NullArgumentsRejected()
    {
        FluentActions.Invoking(() => MovieLensReader.ReadUData((string)null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => MovieLensReader.ReadUData(string.Empty)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => MovieLensReader.ReadUData((Stream)null!, "u.data")).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => MovieLensReader.ReadUData(new StringReader(UData), "")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ReadDat_RowsAndTimestamps()
    {
        const string text = "1::1193::5::978300760\n1::661::3::978302109\n71567::65133::3.5::1230381810\n";

        var result = MovieLensReader.ReadDat(new StringReader(text), "ratings.dat");

        result.Rows.Should().Equal(
            new RatingRow<long, long>(1, 1193, 5, 978300760),
            new RatingRow<long, long>(1, 661, 3, 978302109),
            new RatingRow<long, long>(71567, 65133, 3.5, 1230381810));
        result.LineNumbers.Should().Equal(1L, 2L, 3L);
        result.SourceName.Should().Be("ratings.dat");
    }

    [Fact]
    public void ReadDat_FileStreamBomAndCrlf()
    {
        const string text = "1::1193::5::978300760\r\n2::661::3::978302109\r\n\r\n";
        var expected = new RatingRow<long, long>[] { new(1, 1193, 5, 978300760), new(2, 661, 3, 978302109) };
        using var file = new TempFile(TempFile.WithByteOrderMark(text), ".dat");
        using var stream = new MemoryStream(TempFile.WithByteOrderMark(text));

        var fromFile = MovieLensReader.ReadDat(file.FilePath);
        var fromStream = MovieLensReader.ReadDat(stream, "ratings.dat");
        var fromReader = MovieLensReader.ReadDat(new StringReader("\uFEFF" + text), "ratings.dat");

        fromFile.Rows.Should().Equal(expected);
        fromFile.SourceName.Should().Be(file.FilePath);
        fromFile.LineNumbers.Should().Equal(1L, 2L);
        fromStream.Rows.Should().Equal(expected);
        stream.CanRead.Should().BeTrue();
        fromReader.Rows.Should().Equal(expected);
    }

    [Fact]
    public void ReadDat_SixtyFourBitIdsExact()
    {
        string text = $"0::{long.MaxValue}::1::0\n-7::4294967296::2::5\n";

        var result = MovieLensReader.ReadDat(new StringReader(text), "ids");

        result.Rows.Should().Equal(
            new RatingRow<long, long>(0, long.MaxValue, 1, 0),
            new RatingRow<long, long>(-7, 4294967296, 2, 5));
    }

    [Theory]
    [InlineData("1::661::3", 3)]
    [InlineData("1::661::3::978302109::7", 5)]
    [InlineData("1:661::3::978302109", 3)]
    [InlineData("1\t661\t3\t978302109", 1)]
    public void ReadDat_WrongFieldCount(string line, int fieldCount)
    {
        var error = DatError($"1::1193::5::978300760\n{line}\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Value.Should().Be(line);
        error.Message.Should().Contain(line).And.Contain($"{fieldCount} field(s)").And.Contain("'::'");
    }

    [Theory]
    [InlineData("x1::661::3::978302109", "user", "x1")]
    [InlineData("1::::3::978302109", "item", "")]
    [InlineData("1::661::NaN::978302109", "rating", "NaN")]
    [InlineData("1::661::Infinity::978302109", "rating", "Infinity")]
    [InlineData("1::661::3::soon", "timestamp", "soon")]
    public void ReadDat_InvalidField(string line, string field, string value)
    {
        var error = DatError($"1::1193::5::978300760\n1::1194::4::978300761\n{line}\n");

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be(field);
        error.Value.Should().Be(value);
        error.Message.Should().Contain($"field '{field}'");
        if (value.Length > 0)
        {
            error.Message.Should().Contain($"'{value}'");
        }
    }

    [Fact]
    public void ReadDat_BlankLineBeforeRowsRejected()
    {
        var error = DatError("1::1193::5::978300760\n\n\n1::661::3::978302109\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
    }

    [Fact]
    public void ReadDat_EmptyRejected()
    {
        var error = DatError(string.Empty);

        error.RowNumber.Should().Be(0);
        error.Message.Should().Contain("no rating rows");
    }

    private const string RatingsCsv = "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.0,964981247\r\n610,170875,3.0,1493846415\r\n";

    private static readonly RatingRow<long, long>[] RatingsCsvRows =
    [
        new(1, 1, 4.0, 964982703),
        new(1, 3, 4.0, 964981247),
        new(610, 170875, 3.0, 1493846415),
    ];

    [Fact]
    public void ReadRatingsCsv_CrlfRowsAndLines()
    {
        using var file = new TempFile(RatingsCsv, ".csv");

        var result = MovieLensReader.ReadRatingsCsv(file.FilePath);

        result.Rows.Should().Equal(RatingsCsvRows);
        result.LineNumbers.Should().Equal(2L, 3L, 4L);
        result.SourceName.Should().Be(file.FilePath);
    }

    [Fact]
    public void ReadRatingsCsv_LfStreamAndBom()
    {
        string lf = RatingsCsv.Replace("\r\n", "\n", StringComparison.Ordinal);
        using var stream = new MemoryStream(TempFile.WithByteOrderMark(lf));
        using var file = new TempFile(TempFile.WithByteOrderMark(RatingsCsv), ".csv");

        MovieLensReader.ReadRatingsCsv(stream, "ratings.csv").Rows.Should().Equal(RatingsCsvRows);
        MovieLensReader.ReadRatingsCsv(file.FilePath).Rows.Should().Equal(RatingsCsvRows);
        MovieLensReader.ReadRatingsCsv(new StringReader("\uFEFF" + lf), "ratings.csv").Rows.Should().Equal(RatingsCsvRows);
    }

    [Fact]
    public void ReadRatingsCsv_QuotedFields()
    {
        const string text = "\"userId\",\"movieId\",\"rating\",\"timestamp\"\r\n\"1\",\"31\",\"2.5\",\"1260759144\"\r\n";

        var result = MovieLensReader.ReadRatingsCsv(new StringReader(text), "ratings.csv");

        result.Rows.Should().Equal(new RatingRow<long, long>(1, 31, 2.5, 1260759144));
    }

    [Theory]
    [InlineData("1,1,4.0,964982703")]
    [InlineData("user,item,rating,timestamp")]
    [InlineData("userId,movieId,rating")]
    [InlineData("userid,movieid,rating,timestamp")]
    [InlineData("userId;movieId;rating;timestamp")]
    public void ReadRatingsCsv_WrongHeaderRejected(string header)
    {
        var error = CsvError($"{header}\r\n1,1,4.0,964982703\r\n");

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be(header);
        error.Message.Should().Contain(header).And.Contain("userId,movieId,rating,timestamp");
    }

    [Theory]
    [InlineData("")]
    [InlineData("userId,movieId,rating,timestamp\r\n")]
    [InlineData("userId,movieId,rating,timestamp\r\n\r\n")]
    public void ReadRatingsCsv_NoRowsRejected(string text)
    {
        var error = CsvError(text);

        error.RowNumber.Should().Be(0);
        error.Message.Should().Contain("no rating rows");
    }

    [Fact]
    public void ReadRatingsCsv_BlankFirstLineRejected()
    {
        var error = CsvError("\r\nuserId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n");

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
    }

    [Theory]
    [InlineData("1,3,NaN,964981247", "rating", "NaN")]
    [InlineData("1,3,4.0", "line", "1,3,4.0")]
    [InlineData("1,3,4.0,964981247,x", "line", "1,3,4.0,964981247,x")]
    [InlineData("1,tt0114709,4.0,964981247", "item", "tt0114709")]
    [InlineData("1,3,4.0,", "timestamp", "")]
    public void ReadRatingsCsv_InvalidLine(string line, string field, string value)
    {
        var error = CsvError($"userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n{line}\r\n");

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be(field);
        error.Value.Should().Be(value);
        error.Message.Should().Contain($"line 3, field '{field}'");
        if (value.Length > 0)
        {
            error.Message.Should().Contain(value);
        }
    }

    [Fact]
    public void ReadRatingsCsv_OutOfScaleLineNumber()
    {
        var result = MovieLensReader.ReadRatingsCsv(new StringReader(RatingsCsv + "2,5,5.5,964982703\r\n"), "ratings.csv");

        var act = () => result.ToMatrix(RatingScale.HalfToFive);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(5);
        error.SourceName.Should().Be("ratings.csv");
        error.Value.Should().Be("5.5");
    }
}

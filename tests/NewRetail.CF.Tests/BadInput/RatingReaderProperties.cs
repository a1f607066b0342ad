using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Generated rating files, well-formed and malformed, against every rating reader: each file is either read with
/// exactly its rows and line numbers, or rejected with a <see cref="RatingDataException"/> that names the first bad
/// line and its text.
/// </summary>
public class RatingReaderProperties
{
    private const int Cases = 300;

    private static readonly Gen<Field[]> UDataFields = Gen.Select(TextGen.LongId, TextGen.LongId, TextGen.Rating, TextGen.RatingTimestamp)
        .Select((u, i, r, t) => new[] { u, i, r, t });

    [Fact]
    public void ReadUData_GeneratedFiles()
    {
        var file = TextGen.File(RatingLine("\t", UDataFields, firstLineCountsColumns: false));

        PropertyCheck.Run(file, input => Verify(input, () => input.Read(
            MovieLensReader.ReadUData, MovieLensReader.ReadUData, MovieLensReader.ReadUData)), Cases, 0x5EED_0001);
    }

    [Fact]
    public void ReadDat_GeneratedFiles()
    {
        var file = TextGen.File(RatingLine("::", UDataFields, firstLineCountsColumns: false));

        PropertyCheck.Run(file, input => Verify(input, () => input.Read(
            MovieLensReader.ReadDat, MovieLensReader.ReadDat, MovieLensReader.ReadDat)), Cases, 0x5EED_0002);
    }

    [Fact]
    public void ReadRatingsCsv_GeneratedFiles()
    {
        var header = Gen.Frequency(
            (8, Gen.Const(new Line("userId,movieId,rating,timestamp", LineKind.Valid))),
            (1, Gen.OneOf("userId,movieId,rating", "userid,movieid,rating,timestamp", "1,2,3,4", "\"userId\",movieId,rating,timestamp,")
                .Select(text => new Line(text, LineKind.Invalid))));
        var quotedFields = UDataFields.SelectMany(fields => Gen.Bool.Array[fields.Length].Select(quote =>
            fields.Select((f, c) => quote[c] ? f with { Text = $"\"{f.Text}\"" } : f).ToArray()));
        var file = TextGen.File(RatingLine(",", quotedFields, firstLineCountsColumns: false), header);

        PropertyCheck.Run(file, input => Verify(input, () => input.Read(
            MovieLensReader.ReadRatingsCsv, MovieLensReader.ReadRatingsCsv, MovieLensReader.ReadRatingsCsv)), Cases, 0x5EED_0003);
    }

    [Fact]
    public void ReadLongIds_GeneratedFiles()
    {
        var format = new DelimitedFormat { TimestampColumn = 3 };
        var file = TextGen.File(RatingLine(",", UDataFields, firstLineCountsColumns: true));

        PropertyCheck.Run(file, input => Verify(input, () => input.Read(
            (reader, name) => DelimitedRatingReader.ReadLongIds(reader, name, format),
            (stream, name) => DelimitedRatingReader.ReadLongIds(stream, name, format),
            path => DelimitedRatingReader.ReadLongIds(path, format))), Cases, 0x5EED_0004);
    }

    [Fact]
    public void ReadStringIds_GeneratedFiles()
    {
        // Implicit feedback: two text ids per line and a fixed rating of 1. Only an empty id is invalid.
        var format = new DelimitedFormat { Separator = ';', RatingColumn = null, FixedRating = 1 };
        var id = Gen.Frequency(
            (8, Gen.String[Gen.Char["abcXYZ019 -_.\u00E9\u4E2D"], 1, 8].Select(Field.Good)),
            (1, Gen.Const(Field.Bad(string.Empty))));
        var fields = Gen.Select(id, id).Select((u, i) => new[] { u, i });
        var line = Gen.Frequency(
            (10, fields.Select(f => TextGen.Join(";", f, () => new RatingRow<string, string>(f[0].Text, f[1].Text, 1)))),
            (2, TextGen.WrongColumnCount(";", fields).Select(l => l.Text.Split(';').Length > 2 ? l with { Kind = LineKind.Unknown } : l)),
            (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));
        var file = TextGen.File(line);

        // The first line sets the column count, so an extra field is Unknown: on the first line it is no error.
        PropertyCheck.Run(file, input => Verify(input, () => input.Read(
            (reader, name) => DelimitedRatingReader.ReadStringIds(reader, name, format),
            (stream, name) => DelimitedRatingReader.ReadStringIds(stream, name, format),
            path => DelimitedRatingReader.ReadStringIds(path, format))), Cases, 0x5EED_0005);
    }

    /// <summary>
    /// Lines of four rating fields: well-formed, with bad fields, with a wrong column count, or random text.
    /// </summary>
    /// <param name="separator">The field separator.</param>
    /// <param name="fields">The user, item, rating and timestamp fields.</param>
    /// <param name="firstLineCountsColumns">
    /// Whether the first line sets the column count. An extra field is then Unknown, because on the first line it
    /// only changes the count that later lines must have.
    /// </param>
    private static Gen<Line> RatingLine(string separator, Gen<Field[]> fields, bool firstLineCountsColumns)
    {
        return Gen.Frequency(
            (10, fields.Select(f => TextGen.Join(separator, f, () => new RatingRow<long, long>(
                TextGen.ParseLong(Unquote(f[0].Text)), TextGen.ParseLong(Unquote(f[1].Text)), TextGen.ParseDouble(Unquote(f[2].Text)), TextGen.ParseLong(Unquote(f[3].Text)))))),
            (2, TextGen.WrongColumnCount(separator, fields).Select(line =>
                firstLineCountsColumns && line.Text.Split(separator).Length > 4 ? line with { Kind = LineKind.Unknown } : line)),
            (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));
    }

    private static string Unquote(string text) => text.Length >= 2 && text[0] == '"' ? text[1..^1] : text;

    /// <summary>Checks the outcome of reading <paramref name="input"/> against what its lines require.</summary>
    internal static void Verify<TUser, TItem>(TextInput input, Func<RatingFile<TUser, TItem>> read)
        where TUser : notnull
        where TItem : notnull
    {
        var (file, error) = Outcome.DataErrorOr(read);
        var first = input.FirstNonValid;
        var expected = input.Rows();
        VerifyOutcome(input, error, expected.Count);
        if (error is not null || first is not null)
        {
            return;
        }

        file!.Rows.Should().Equal(expected.Select(r => (RatingRow<TUser, TItem>)r.Row));
        file.LineNumbers.Should().Equal(expected.Select(r => r.Line));
    }

    /// <summary>
    /// Checks an error against the first line that is not valid: the exact line when it is invalid, a plausible line
    /// when it is random text, and line 0 when there are no rows at all.
    /// </summary>
    internal static void VerifyOutcome(TextInput input, Exception? error, int expectedRows)
    {
        var first = input.FirstNonValid;
        if (first is { Kind: LineKind.Invalid })
        {
            error.Should().NotBeNull("line {0} is malformed", first.Value.Line);
            var dataError = (RatingDataException)error!;
            dataError.RowNumber.Should().Be(first.Value.Line, dataError.Message);
            dataError.Value.Should().NotBeNull(dataError.Message);
            input.NamesSource(dataError.SourceName).Should().BeTrue(dataError.Message);
            return;
        }

        if (first is { Kind: LineKind.Unknown })
        {
            if (error is RatingDataException unknown)
            {
                input.NamesSource(unknown.SourceName).Should().BeTrue(unknown.Message);
                unknown.RowNumber.Should().BeInRange(0, CountLines(input.Text) + 1, unknown.Message);
                if (unknown.RowNumber > 0)
                {
                    unknown.Value.Should().NotBeNull(unknown.Message);
                }
            }

            return;
        }

        if (expectedRows == 0)
        {
            error.Should().NotBeNull("the source has no rows");
            var empty = (RatingDataException)error!;
            empty.RowNumber.Should().Be(0, empty.Message);
            input.NamesSource(empty.SourceName).Should().BeTrue(empty.Message);
            return;
        }

        error.Should().BeNull("every line is well-formed");
    }

    private static long CountLines(string text)
    {
        long lines = 1;
        for (int c = 0; c < text.Length; c++)
        {
            if (text[c] == '\n' || (text[c] == '\r' && (c + 1 == text.Length || text[c + 1] != '\n')))
            {
                lines++;
            }
        }

        return lines;
    }
}

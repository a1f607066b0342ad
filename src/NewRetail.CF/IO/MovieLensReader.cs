using NewRetail.CF.Data;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>Reads the rating files of the MovieLens data sets published by GroupLens Research.</summary>
/// <remarks>
/// <para>Ids are read as 64-bit integers and timestamps as seconds since 1970-01-01 UTC. Text is read as UTF-8 (the
/// rating files are ASCII), and a byte order mark at the start is skipped. Numbers are parsed with
/// <see cref="System.Globalization.CultureInfo.InvariantCulture"/>.</para>
/// <para>Blank lines at the end are ignored, and a blank line followed by more rows is rejected. Every malformed line
/// raises <see cref="RatingDataException"/> with the source name, the 1-based line number, the field (<c>user</c>,
/// <c>item</c>, <c>rating</c>, <c>timestamp</c>, <c>header</c>, or <c>line</c> for a wrong number of fields or a
/// misplaced blank line) and the offending text. A source with no rows raises it too.</para>
/// <para>Ratings are not checked against a scale here. Pass the result to
/// <see cref="RatingFile{TUser, TItem}.ToMatrix"/> with <see cref="RatingScale.OneToFive"/> (100K, 1M) or
/// <see cref="RatingScale.HalfToFive"/> (10M, ratings.csv) to check them with line numbers.</para>
/// </remarks>
public static class MovieLensReader
{
    /// <summary>The header of MovieLens <c>ratings.csv</c> files.</summary>
    private static readonly string[] RatingsCsvHeader = ["userId", "movieId", "rating", "timestamp"];

    private static readonly DelimitedFormat UDataFormat = new()
    {
        Separator = '\t',
        HasHeader = false,
        UserColumn = 0,
        ItemColumn = 1,
        RatingColumn = 2,
        TimestampColumn = 3,
        ColumnCount = 4,
        ParseQuotes = false,
    };

    private static readonly DelimitedFormat RatingsCsvFormat = new()
    {
        Separator = ',',
        HasHeader = true,
        UserColumn = 0,
        ItemColumn = 1,
        RatingColumn = 2,
        TimestampColumn = 3,
        ColumnCount = 4,
        ParseQuotes = true,
    };

    /// <summary>
    /// Reads a MovieLens 100K <c>u.data</c> file or one of its splits (<c>u1.base</c>, <c>ua.test</c>, …): tab-separated
    /// <c>user item rating timestamp</c> lines without a header.
    /// </summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the file has no rows.</exception>
    public static RatingFile<long, long> ReadUData(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TextSources.RejectFolder(path);
        return DelimitedParser.Read(options => options.FromFile(path), UDataFormat, path, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>Reads MovieLens 100K <c>u.data</c> lines from <paramref name="stream"/>, in the format that <see cref="ReadUData(string)"/> describes.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the stream has no rows.</exception>
    public static RatingFile<long, long> ReadUData(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return DelimitedParser.Read(options => options.From(stream, leaveOpen: true), UDataFormat, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>Reads MovieLens 100K <c>u.data</c> lines from <paramref name="reader"/>, in the format that <see cref="ReadUData(string)"/> describes.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the text has no rows.</exception>
    public static RatingFile<long, long> ReadUData(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        TextSources.SkipByteOrderMark(reader);
        return DelimitedParser.Read(options => options.From(reader, leaveOpen: true), UDataFormat, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>
    /// Reads a MovieLens 1M or 10M <c>ratings.dat</c> file: <c>UserID::MovieID::Rating::Timestamp</c> lines without a
    /// header. A line with more or fewer than four <c>::</c>-separated fields is rejected.
    /// </summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the file has no rows.</exception>
    public static RatingFile<long, long> ReadDat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using StreamReader reader = TextSources.OpenFile(path);
        return DoubleColonParser.Read(reader, path);
    }

    /// <summary>Reads MovieLens <c>ratings.dat</c> lines from <paramref name="stream"/>, in the format that <see cref="ReadDat(string)"/> describes.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the stream has no rows.</exception>
    public static RatingFile<long, long> ReadDat(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        using StreamReader reader = TextSources.Wrap(stream);
        return DoubleColonParser.Read(reader, sourceName);
    }

    /// <summary>Reads MovieLens <c>ratings.dat</c> lines from <paramref name="reader"/>, in the format that <see cref="ReadDat(string)"/> describes.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, or the text has no rows.</exception>
    public static RatingFile<long, long> ReadDat(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        TextSources.SkipByteOrderMark(reader);
        return DoubleColonParser.Read(reader, sourceName);
    }

    /// <summary>
    /// Reads a MovieLens <c>ratings.csv</c> file, such as the one in ml-latest-small: comma-separated with the header
    /// <c>userId,movieId,rating,timestamp</c>, which must be present and exact. CRLF and LF line endings and
    /// RFC 4180 quoting are accepted.
    /// </summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">The header is missing or different, a line is malformed, or the file has no rows.</exception>
    public static RatingFile<long, long> ReadRatingsCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TextSources.RejectFolder(path);
        return DelimitedParser.Read(
            options => options.FromFile(path), RatingsCsvFormat, path, RatingFields.ParseLongId, RatingFields.ParseLongId, RatingsCsvHeader);
    }

    /// <summary>Reads MovieLens <c>ratings.csv</c> text from <paramref name="stream"/>, in the format that <see cref="ReadRatingsCsv(string)"/> describes.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">The header is missing or different, a line is malformed, or the stream has no rows.</exception>
    public static RatingFile<long, long> ReadRatingsCsv(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        return DelimitedParser.Read(
            options => options.From(stream, leaveOpen: true), RatingsCsvFormat, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId, RatingsCsvHeader);
    }

    /// <summary>Reads MovieLens <c>ratings.csv</c> text from <paramref name="reader"/>, in the format that <see cref="ReadRatingsCsv(string)"/> describes.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The rows, with timestamps, and their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">The header is missing or different, a line is malformed, or the text has no rows.</exception>
    public static RatingFile<long, long> ReadRatingsCsv(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        TextSources.SkipByteOrderMark(reader);
        return DelimitedParser.Read(
            options => options.From(reader, leaveOpen: true), RatingsCsvFormat, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId, RatingsCsvHeader);
    }
}

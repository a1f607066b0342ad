using NewRetail.CF.Data;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>
/// Reads rating or interaction data from delimited text (CSV, TSV and similar) laid out as a
/// <see cref="DelimitedFormat"/> describes, with ids read as 64-bit integers or kept as text.
/// </summary>
/// <remarks>
/// <para>Text is read as UTF-8, and a byte order mark at the start is skipped. Numbers are parsed with
/// <see cref="System.Globalization.CultureInfo.InvariantCulture"/>: '.' is the decimal point, and white space around a
/// number is allowed. String ids are kept exactly as written, after quotes are removed.</para>
/// <para>Blank lines at the end are ignored. A blank line followed by more rows is rejected, because it can mean
/// that two files were joined or that a row was lost.</para>
/// <para>Every malformed line raises <see cref="RatingDataException"/> with the source name, the 1-based line number,
/// the field (<c>user</c>, <c>item</c>, <c>rating</c>, <c>timestamp</c>, <c>header</c>, or <c>line</c> for a wrong
/// number of fields or a misplaced blank line) and the offending text. A source with no rows raises it too.
/// Ratings are not checked against a scale here: <see cref="RatingMatrixBuilder{TUser, TItem}.AddRange(RatingFile{TUser, TItem})"/>
/// does that and reports the line numbers kept in the returned file.</para>
/// </remarks>
public static class DelimitedRatingReader
{
    /// <summary>Reads the file at <paramref name="path"/> with user and item ids as 64-bit integers.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <param name="format">The layout of the file.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the file has no rows.</exception>
    public static RatingFile<long, long> ReadLongIds(string path, DelimitedFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(format);
        TextSources.RejectFolder(path);
        return DelimitedParser.Read(options => options.FromFile(path), format, path, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>Reads <paramref name="stream"/> as UTF-8 text with user and item ids as 64-bit integers.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the data.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the stream has no rows.</exception>
    public static RatingFile<long, long> ReadLongIds(Stream stream, string sourceName, DelimitedFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        return DelimitedParser.Read(options => options.From(stream, leaveOpen: true), format, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>Reads text from <paramref name="reader"/> with user and item ids as 64-bit integers.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the text.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the text has no rows.</exception>
    public static RatingFile<long, long> ReadLongIds(TextReader reader, string sourceName, DelimitedFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        TextSources.SkipByteOrderMark(reader);
        return DelimitedParser.Read(options => options.From(reader, leaveOpen: true), format, sourceName, RatingFields.ParseLongId, RatingFields.ParseLongId);
    }

    /// <summary>Reads the file at <paramref name="path"/> with user and item ids kept as text.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <param name="format">The layout of the file.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the file has no rows.</exception>
    public static RatingFile<string, string> ReadStringIds(string path, DelimitedFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(format);
        TextSources.RejectFolder(path);
        return DelimitedParser.Read(options => options.FromFile(path), format, path, RatingFields.ParseStringId, RatingFields.ParseStringId);
    }

    /// <summary>Reads <paramref name="stream"/> as UTF-8 text with user and item ids kept as text.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the data.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the stream has no rows.</exception>
    public static RatingFile<string, string> ReadStringIds(Stream stream, string sourceName, DelimitedFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        return DelimitedParser.Read(options => options.From(stream, leaveOpen: true), format, sourceName, RatingFields.ParseStringId, RatingFields.ParseStringId);
    }

    /// <summary>Reads text from <paramref name="reader"/> with user and item ids kept as text.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the text.</param>
    /// <returns>The rows with their line numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the text has no rows.</exception>
    public static RatingFile<string, string> ReadStringIds(TextReader reader, string sourceName, DelimitedFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        TextSources.SkipByteOrderMark(reader);
        return DelimitedParser.Read(options => options.From(reader, leaveOpen: true), format, sourceName, RatingFields.ParseStringId, RatingFields.ParseStringId);
    }

    private static void Validate(DelimitedFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
    }
}

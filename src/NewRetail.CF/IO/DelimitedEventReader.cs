using NewRetail.CF.Data;
using NewRetail.CF.Events;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>
/// Reads interaction events (views, purchases, returns and so on) from delimited text laid out as a
/// <see cref="DelimitedEventFormat"/> describes, with ids read as 64-bit integers or kept as text.
/// </summary>
/// <remarks>
/// <para>Text is read as UTF-8, and a byte order mark at the start is skipped. Files and streams that start with the
/// gzip bytes 1F 8B are decompressed first, whatever their name. Numbers are parsed with
/// <see cref="System.Globalization.CultureInfo.InvariantCulture"/>. String ids, store ids and session ids are kept
/// exactly as written, after quotes are removed.</para>
/// <para>Blank lines at the end are ignored. A blank line followed by more rows is rejected, because it can mean
/// that two files were joined or that a row was lost.</para>
/// <para>Every malformed line raises <see cref="RatingDataException"/> with the source name, the 1-based line number,
/// the field (<c>user</c>, <c>item</c>, <c>behavior</c>, <c>timestamp</c>, <c>quantity</c>, <c>channel</c>,
/// <c>header</c>, or <c>line</c> for a wrong number of fields or a misplaced blank line) and the offending text. A
/// source with no events raises it too. Each event keeps its line number in
/// <see cref="InteractionEvent{TUser, TItem}.RowNumber"/>, so that <see cref="PreferenceAggregator"/> can name it.</para>
/// </remarks>
public static class DelimitedEventReader
{
    /// <summary>Reads the file at <paramref name="path"/>, plain or gzip, with user and item ids as 64-bit integers.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <param name="format">The layout of the file.</param>
    /// <returns>The events in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the file has no events.</exception>
    public static EventFile<long, long> ReadLongIds(string path, DelimitedEventFormat format)
        => ReadFile(path, format, EventIds.ParseLong, EventIds.ParseLong);

    /// <summary>Reads <paramref name="stream"/>, plain or gzip, with user and item ids as 64-bit integers.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the data.</param>
    /// <returns>The events in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the stream has no events.</exception>
    public static EventFile<long, long> ReadLongIds(Stream stream, string sourceName, DelimitedEventFormat format)
        => ReadStream(stream, sourceName, format, EventIds.ParseLong, EventIds.ParseLong);

    /// <summary>Reads text from <paramref name="reader"/> with user and item ids as 64-bit integers.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the text.</param>
    /// <returns>The events in text order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is not an integer, or the text has no events.</exception>
    public static EventFile<long, long> ReadLongIds(TextReader reader, string sourceName, DelimitedEventFormat format)
        => ReadText(reader, sourceName, format, EventIds.ParseLong, EventIds.ParseLong);

    /// <summary>Reads the file at <paramref name="path"/>, plain or gzip, with user and item ids kept as text.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <param name="format">The layout of the file.</param>
    /// <returns>The events in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the file has no events.</exception>
    public static EventFile<string, string> ReadStringIds(string path, DelimitedEventFormat format)
        => ReadFile(path, format, EventIds.ParseString, EventIds.ParseString);

    /// <summary>Reads <paramref name="stream"/>, plain or gzip, with user and item ids kept as text.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the data.</param>
    /// <returns>The events in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the stream has no events.</exception>
    public static EventFile<string, string> ReadStringIds(Stream stream, string sourceName, DelimitedEventFormat format)
        => ReadStream(stream, sourceName, format, EventIds.ParseString, EventIds.ParseString);

    /// <summary>Reads text from <paramref name="reader"/> with user and item ids kept as text.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="format">The layout of the text.</param>
    /// <returns>The events in text order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="format"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty, or <paramref name="format"/> is inconsistent.</exception>
    /// <exception cref="RatingDataException">A line is malformed, an id is empty, or the text has no events.</exception>
    public static EventFile<string, string> ReadStringIds(TextReader reader, string sourceName, DelimitedEventFormat format)
        => ReadText(reader, sourceName, format, EventIds.ParseString, EventIds.ParseString);

    /// <summary>Opens <paramref name="path"/>, decompressing gzip, and reads it as <paramref name="format"/> describes.</summary>
    internal static EventFile<TUser, TItem> ReadFile<TUser, TItem>(
        string path, DelimitedEventFormat format, ColumnIdParser<TUser> parseUser, ColumnIdParser<TItem> parseItem, int attributeColumn = -1, ItemAttributeReader<TItem>? readAttribute = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(format);
        using ByteSource source = ByteSource.Open(path);
        return EventParser.Read(
            options => options.From(source.Stream, leaveOpen: true), source.IsGzip, format, path, parseUser, parseItem, attributeColumn, readAttribute);
    }

    /// <summary>Reads the caller's <paramref name="stream"/>, decompressing gzip, as <paramref name="format"/> describes.</summary>
    internal static EventFile<TUser, TItem> ReadStream<TUser, TItem>(
        Stream stream, string sourceName, DelimitedEventFormat format, ColumnIdParser<TUser> parseUser, ColumnIdParser<TItem> parseItem, int attributeColumn = -1, ItemAttributeReader<TItem>? readAttribute = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        using ByteSource source = ByteSource.Wrap(stream);
        return EventParser.Read(
            options => options.From(source.Stream, leaveOpen: true), source.IsGzip, format, sourceName, parseUser, parseItem, attributeColumn, readAttribute);
    }

    /// <summary>Reads the caller's <paramref name="reader"/> as <paramref name="format"/> describes.</summary>
    internal static EventFile<TUser, TItem> ReadText<TUser, TItem>(
        TextReader reader, string sourceName, DelimitedEventFormat format, ColumnIdParser<TUser> parseUser, ColumnIdParser<TItem> parseItem, int attributeColumn = -1, ItemAttributeReader<TItem>? readAttribute = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        Validate(format);
        TextSources.SkipByteOrderMark(reader);
        return EventParser.Read(
            options => options.From(reader, leaveOpen: true), isGzip: false, format, sourceName, parseUser, parseItem, attributeColumn, readAttribute);
    }

    private static void Validate(DelimitedEventFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        format.Validate();
    }
}

using System.Globalization;
using nietras.SeparatedValues;
using NewRetail.CF.Data;

namespace NewRetail.CF.IO;

/// <summary>Converts the text of one id field, or throws <see cref="RatingDataException"/> naming the line and the text.</summary>
/// <typeparam name="TId">The id type.</typeparam>
internal delegate TId IdParser<TId>(ReadOnlySpan<char> text, string field, string sourceName, long lineNumber);

/// <summary>
/// Parses the fields of rating files with <see cref="CultureInfo.InvariantCulture"/>, and creates the errors that
/// name the source, the 1-based line number, the field and the offending text.
/// </summary>
internal static class RatingFields
{
    /// <summary>The longest text an error message quotes; longer text is cut and ends with "…".</summary>
    private const int MaxQuotedLength = 200;

    internal const string User = "user";
    internal const string Item = "item";
    internal const string Rating = "rating";
    internal const string Timestamp = "timestamp";
    internal const string Line = "line";
    internal const string Header = "header";

    /// <summary>Parses a 64-bit integer id. White space around the digits is allowed.</summary>
    internal static long ParseLongId(ReadOnlySpan<char> text, string field, string sourceName, long lineNumber)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
        {
            return id;
        }

        if (text.IsWhiteSpace())
        {
            throw Empty(field, $"{field} id", sourceName, lineNumber, text);
        }

        throw Error(
            $"The {field} id '{Shorten(text)}' is not an integer in the 64-bit range. Fix the value, or read the file with " +
            "DelimitedRatingReader.ReadStringIds to keep ids as text.",
            sourceName, lineNumber, field, text);
    }

    /// <summary>Returns the id text unchanged, and rejects an empty field.</summary>
    internal static string ParseStringId(ReadOnlySpan<char> text, string field, string sourceName, long lineNumber)
    {
        if (text.IsEmpty)
        {
            throw Empty(field, $"{field} id", sourceName, lineNumber, text);
        }

        return text.ToString();
    }

    /// <summary>Parses a finite rating, and rejects NaN, infinities and values beyond the range of <see cref="double"/>.</summary>
    internal static double ParseRating(ReadOnlySpan<char> text, string sourceName, long lineNumber)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double rating))
        {
            if (text.IsWhiteSpace())
            {
                throw Empty(Rating, Rating, sourceName, lineNumber, text);
            }

            throw Error(
                $"The rating '{Shorten(text)}' is not a number. Write ratings with '.' as the decimal point and no thousands separator, for example 3.5.",
                sourceName, lineNumber, Rating, text);
        }

        // Since .NET Core 3.0, double.TryParse accepts "NaN" and "Infinity" and returns infinity for values beyond ±1.8e308.
        if (!double.IsFinite(rating))
        {
            throw Error(
                $"The rating '{Shorten(text)}' is not a finite number. Replace it with a finite value or remove the row.",
                sourceName, lineNumber, Rating, text);
        }

        return rating;
    }

    /// <summary>Parses a timestamp in whole seconds since 1970-01-01 UTC.</summary>
    internal static long ParseTimestamp(ReadOnlySpan<char> text, string sourceName, long lineNumber)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long timestamp))
        {
            return timestamp;
        }

        if (text.IsWhiteSpace())
        {
            throw Empty(Timestamp, Timestamp, sourceName, lineNumber, text);
        }

        throw Error(
            $"The timestamp '{Shorten(text)}' is not a whole number of seconds since 1970-01-01 UTC. Fix the value, or read the file without a timestamp column.",
            sourceName, lineNumber, Timestamp, text);
    }

    /// <summary>Creates the error for a line whose number of fields differs from the expected count.</summary>
    /// <param name="line">The text of the line.</param>
    /// <param name="fieldCount">The number of fields found.</param>
    /// <param name="expectedCount">The number of fields required.</param>
    /// <param name="expectedSource">Where <paramref name="expectedCount"/> came from, such as "as in the header, line 1".</param>
    /// <param name="separatorName">The separator as messages name it, such as <c>tab</c> or <c>'::'</c>.</param>
    /// <param name="quotesParsed">Whether quotes group fields, so that an unclosed quote can explain the count.</param>
    /// <param name="sourceName">The source name.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    internal static RatingDataException ColumnCountError(
        ReadOnlySpan<char> line, int fieldCount, int expectedCount, string expectedSource, string separatorName, bool quotesParsed, string sourceName, long lineNumber)
    {
        string check = quotesParsed
            ? $"Check that fields are separated by {separatorName} and that quotes are closed."
            : $"Check that fields are separated by {separatorName}.";
        return Error(
            $"The line has {fieldCount} field(s), but {expectedCount} are expected ({expectedSource}). {check} Line: '{Shorten(line)}'.",
            sourceName, lineNumber, Line, line);
    }

    /// <summary>Reads the column names of a header row, and rejects a blank first line where a header is expected.</summary>
    internal static string[] ReadHeaderNames(SepReader.Row row, long line, string sourceName)
    {
        if (row.ColCount == 1 && row.Span.IsWhiteSpace())
        {
            throw Error(
                "The first line is blank, but the format expects a header row of column names there. Remove the blank line, or set HasHeader to false.",
                sourceName, line, Header, row.Span);
        }

        var names = new string[row.ColCount];
        for (int c = 0; c < names.Length; c++)
        {
            names[c] = row[c].ToString();
        }

        return names;
    }

    /// <summary>Rejects a header whose column count differs from the format's fixed <paramref name="columnCount"/>, when it has one.</summary>
    internal static void CheckHeaderWidth(int? columnCount, int headerColumns, SepReader.Row row, long line, string sourceName)
    {
        if (columnCount is int count && count != headerColumns)
        {
            throw Error(
                $"The header has {headerColumns} column(s), but ColumnCount is {count}. Header: '{Shorten(row.Span)}'.",
                sourceName, line, Header, row.Span);
        }
    }

    /// <summary>Returns how the separator is named in messages: <c>tab</c> or the character in quotes.</summary>
    internal static string NameSeparator(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    /// <summary>Creates an error whose <see cref="RatingDataException.Value"/> is <paramref name="text"/>, cut as <see cref="Shorten"/> does.</summary>
    internal static RatingDataException Error(string message, string sourceName, long lineNumber, string? field, ReadOnlySpan<char> text)
        => new(message, sourceName, lineNumber, field, Shorten(text));

    /// <summary>Returns <paramref name="text"/>, cut to <see cref="MaxQuotedLength"/> characters so that a runaway quoted field cannot flood a message.</summary>
    internal static string Shorten(ReadOnlySpan<char> text)
        => text.Length <= MaxQuotedLength ? text.ToString() : string.Concat(text[..MaxQuotedLength], "…");

    private static RatingDataException Empty(string field, string description, string sourceName, long lineNumber, ReadOnlySpan<char> text)
        => Error($"The {description} is empty. Give every row a {description}, or remove the row.", sourceName, lineNumber, field, text);
}

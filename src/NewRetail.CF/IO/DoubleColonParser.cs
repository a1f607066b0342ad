using NewRetail.CF.Data;

namespace NewRetail.CF.IO;

/// <summary>
/// Reads the <c>UserID::MovieID::Rating::Timestamp</c> lines of MovieLens 1M and 10M <c>ratings.dat</c>.
/// </summary>
/// <remarks>Sep accepts only a single-character separator, so each line is split on <c>"::"</c> here.</remarks>
internal static class DoubleColonParser
{
    private const string Separator = "::";
    private const int FieldCount = 4;

    internal static RatingFile<long, long> Read(TextReader reader, string sourceName)
    {
        var builder = new RatingFileBuilder<long, long>(sourceName);
        Span<Range> fields = stackalloc Range[FieldCount];
        long lineNumber = 0;
        while (reader.ReadLine() is string text)
        {
            lineNumber++;
            ReadOnlySpan<char> line = text;
            if (line.IsWhiteSpace())
            {
                builder.AddBlankLine(lineNumber);
                continue;
            }

            builder.RejectBlankLineBefore(lineNumber);
            int fieldCount = line.Count(Separator.AsSpan()) + 1;
            if (fieldCount != FieldCount)
            {
                throw RatingFields.ColumnCountError(
                    line, fieldCount, FieldCount, "UserID::MovieID::Rating::Timestamp", $"'{Separator}'", quotesParsed: false, sourceName, lineNumber);
            }

            line.Split(fields, Separator.AsSpan());
            long user = RatingFields.ParseLongId(line[fields[0]], RatingFields.User, sourceName, lineNumber);
            long item = RatingFields.ParseLongId(line[fields[1]], RatingFields.Item, sourceName, lineNumber);
            double rating = RatingFields.ParseRating(line[fields[2]], sourceName, lineNumber);
            long timestamp = RatingFields.ParseTimestamp(line[fields[3]], sourceName, lineNumber);
            builder.Add(new RatingRow<long, long>(user, item, rating, timestamp), lineNumber);
        }

        return builder.Build();
    }
}

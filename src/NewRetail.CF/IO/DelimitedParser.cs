using System.Globalization;
using NewRetail.CF.Data;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>Reads delimited rating files with Sep and checks every line against a <see cref="DelimitedFormat"/>.</summary>
internal static class DelimitedParser
{
    /// <summary>Reads every row of the source that <paramref name="open"/> returns.</summary>
    /// <param name="open">Creates the Sep reader from the options built here, and owns the source it reads.</param>
    /// <param name="format">A validated format.</param>
    /// <param name="sourceName">The path or name used in errors and in <see cref="RatingFile{TUser, TItem}.SourceName"/>.</param>
    /// <param name="parseUser">Converts the user id text.</param>
    /// <param name="parseItem">Converts the item id text.</param>
    /// <param name="requiredHeader">The exact column names the header row must have, or <see langword="null"/> for any header.</param>
    internal static RatingFile<TUser, TItem> Read<TUser, TItem>(
        Func<SepReaderOptions, SepReader> open,
        DelimitedFormat format,
        string sourceName,
        IdParser<TUser> parseUser,
        IdParser<TItem> parseItem,
        string[]? requiredHeader = null)
        where TUser : notnull
        where TItem : notnull
    {
        // Sep reads every row as data, so that the header is checked here and its errors name line 1 and its text.
        // The column count is checked here too, so that a wrong count raises RatingDataException instead of Sep's InvalidDataException.
        var options = new SepReaderOptions(new Sep(format.Separator))
        {
            HasHeader = false,
            DisableColCountCheck = true,
            DisableQuotesParsing = !format.ParseQuotes,
            Unescape = format.ParseQuotes,
            CultureInfo = CultureInfo.InvariantCulture,
        };
        using SepReader reader = open(options);
        var builder = new RatingFileBuilder<TUser, TItem>(sourceName);
        Layout? layout = null;
        bool headerPending = format.HasHeader;

        // Sep 0.18.0 reports LineNumberFrom = 2 for the first row when HasHeader is false, so each row is taken to
        // start on the line where the previous row ended (LineNumberToExcl), which Sep reports correctly.
        long nextLine = 1;
        foreach (SepReader.Row row in reader)
        {
            long line = nextLine;
            nextLine = row.LineNumberToExcl;
            if (headerPending)
            {
                headerPending = false;
                layout = ReadHeader(row, line, format, sourceName, requiredHeader);
                continue;
            }

            if (row.ColCount == 1 && row.Span.IsWhiteSpace())
            {
                builder.AddBlankLine(line);
                continue;
            }

            builder.RejectBlankLineBefore(line);
            layout ??= Resolve(format, null, row.ColCount, $"as in the first row, line {line}", sourceName, line, RatingFields.Line, row.Span.ToString());
            if (row.ColCount != layout.ColumnCount)
            {
                throw RatingFields.ColumnCountError(
                    row.Span, row.ColCount, layout.ColumnCount, layout.CountSource, RatingFields.NameSeparator(format.Separator), format.ParseQuotes, sourceName, line);
            }

            TUser user = parseUser(row[layout.User].Span, RatingFields.User, sourceName, line);
            TItem item = parseItem(row[layout.Item].Span, RatingFields.Item, sourceName, line);
            double rating = layout.Rating >= 0
                ? RatingFields.ParseRating(row[layout.Rating].Span, sourceName, line)
                : format.FixedRating.GetValueOrDefault();
            long? timestamp = layout.Timestamp >= 0
                ? RatingFields.ParseTimestamp(row[layout.Timestamp].Span, sourceName, line)
                : null;
            builder.Add(new RatingRow<TUser, TItem>(user, item, rating, timestamp), line);
        }

        return builder.Build();
    }

    private static Layout ReadHeader(SepReader.Row row, long line, DelimitedFormat format, string sourceName, string[]? requiredHeader)
    {
        string[] names = RatingFields.ReadHeaderNames(row, line, sourceName);

        if (requiredHeader is not null && !names.AsSpan().SequenceEqual(requiredHeader))
        {
            string separator = format.Separator.ToString();
            throw RatingFields.Error(
                $"The header is '{RatingFields.Shorten(row.Span)}', but '{string.Join(separator, requiredHeader)}' is expected. " +
                "Check that this is the right file and that its first line is the header.",
                sourceName, line, RatingFields.Header, row.Span);
        }

        RatingFields.CheckHeaderWidth(format.ColumnCount, names.Length, row, line, sourceName);

        return Resolve(format, names, names.Length, $"as in the header, line {line}", sourceName, line, RatingFields.Header, row.Span.ToString());
    }

    /// <summary>Finds the index of each field's column, and checks that each lies inside the row.</summary>
    /// <param name="format">A validated format.</param>
    /// <param name="names">The header's column names, or <see langword="null"/> without a header.</param>
    /// <param name="columnCount">The number of columns in the header or in the first row.</param>
    /// <param name="countSource">Where <paramref name="columnCount"/> came from, for error messages.</param>
    /// <param name="sourceName">The source name for errors.</param>
    /// <param name="line">The line of the header or of the first row, for errors.</param>
    /// <param name="errorField">The field that errors name: <c>header</c> or <c>line</c>.</param>
    /// <param name="lineText">The text of the header or of the first row, the value that errors report.</param>
    private static Layout Resolve(
        DelimitedFormat format, string[]? names, int columnCount, string countSource, string sourceName, long line, string errorField, string lineText)
    {
        if (format.ColumnCount is int count)
        {
            columnCount = count;
            countSource = "as the file format requires";
        }

        string where = names is null ? $"the first row has {columnCount} field(s)" : $"the header has {columnCount} column(s)";
        string hint = $"Check that the separator is {RatingFields.NameSeparator(format.Separator)}.";
        int Find(DelimitedColumn column, string field)
        {
            if (column.Name is null)
            {
                if (column.Index >= columnCount)
                {
                    throw new RatingDataException(
                        $"The format reads the {field} from {column}, but {where}. {hint}", sourceName, line, errorField, RatingFields.Shorten(lineText));
                }

                return column.Index;
            }

            int index = Array.IndexOf(names!, column.Name);
            if (index < 0)
            {
                throw new RatingDataException(
                    $"The header has no column named '{column.Name}' for the {field}. Its columns are: {string.Join(", ", names!.Select(n => $"'{n}'"))}. {hint}",
                    sourceName, line, RatingFields.Header, column.Name);
            }

            if (Array.LastIndexOf(names!, column.Name) != index)
            {
                throw new RatingDataException(
                    $"The header has more than one column named '{column.Name}', so the {field} column is ambiguous. Choose it by index instead.",
                    sourceName, line, RatingFields.Header, column.Name);
            }

            return index;
        }

        int user = Find(format.UserColumn, RatingFields.User);
        int item = Find(format.ItemColumn, RatingFields.Item);
        int rating = format.RatingColumn is DelimitedColumn ratingColumn ? Find(ratingColumn, RatingFields.Rating) : -1;
        int timestamp = format.TimestampColumn is DelimitedColumn timestampColumn ? Find(timestampColumn, RatingFields.Timestamp) : -1;

        // DelimitedFormat.Validate rejects two fields with the same index or the same name, but a name and an index
        // can still point at one column.
        int[] used = [user, item, rating, timestamp];
        for (int a = 0; a < used.Length; a++)
        {
            for (int b = a + 1; b < used.Length; b++)
            {
                if (used[a] >= 0 && used[a] == used[b])
                {
                    throw new RatingDataException(
                        $"Two fields are read from column {used[a]}. Give the user, item, rating and timestamp a column each.",
                        sourceName, line, RatingFields.Header, names?[used[a]]);
                }
            }
        }

        return new Layout(columnCount, countSource, user, item, rating, timestamp);
    }

    /// <summary>The resolved column indices of one file, with -1 for a field that is not read.</summary>
    private sealed record Layout(int ColumnCount, string CountSource, int User, int Item, int Rating, int Timestamp);
}

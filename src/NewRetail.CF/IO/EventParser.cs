using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>Converts the text of one id column, or throws <see cref="RatingDataException"/> naming the line and the text.</summary>
/// <typeparam name="TId">The id type.</typeparam>
internal delegate TId ColumnIdParser<TId>(SepReader.Col column, string field, string sourceName, long lineNumber);

/// <summary>Receives the text of an extra item column, such as a category, for each row.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
internal delegate void ItemAttributeReader<TItem>(TItem item, ReadOnlySpan<char> text, string sourceName, long lineNumber);

/// <summary>The id parsers of the event readers.</summary>
internal static class EventIds
{
    /// <summary>Parses a 64-bit integer id. White space around the digits is allowed.</summary>
    internal static long ParseLong(SepReader.Col column, string field, string sourceName, long lineNumber)
        => ParseLong(column.Span, field, "Fix the value, or read the file with DelimitedEventReader.ReadStringIds to keep ids as text.", sourceName, lineNumber);

    /// <summary>Parses a 64-bit integer id in a file with a fixed layout, whose ids cannot be read as text instead.</summary>
    internal static long ParseFixedLayoutLong(SepReader.Col column, string field, string sourceName, long lineNumber)
        => ParseLong(column.Span, field, "Fix or remove the line.", sourceName, lineNumber);

    /// <summary>Parses a 64-bit integer id, and names <paramref name="hint"/> as the remedy when it is not one.</summary>
    internal static long ParseLong(ReadOnlySpan<char> text, string field, string hint, string sourceName, long lineNumber)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
        {
            return id;
        }

        if (text.IsWhiteSpace())
        {
            throw RatingFields.Error($"The {field} id is empty. Give every row its {field} id, or remove the row.", sourceName, lineNumber, field, text);
        }

        throw RatingFields.Error($"The {field} id '{RatingFields.Shorten(text)}' is not an integer in the 64-bit range. {hint}", sourceName, lineNumber, field, text);
    }

    /// <summary>Returns the id text unchanged, from Sep's per-column string pool, and rejects an empty field.</summary>
    internal static string ParseString(SepReader.Col column, string field, string sourceName, long lineNumber)
    {
        if (column.Span.IsEmpty)
        {
            throw RatingFields.Error($"The {field} id is empty. Give every row its {field} id, or remove the row.", sourceName, lineNumber, field, column.Span);
        }

        return column.ToString();
    }
}

/// <summary>Reads delimited event logs with Sep and checks every line against a <see cref="DelimitedEventFormat"/>.</summary>
internal static class EventParser
{
    /// <summary>The longest text that Sep's string pool keeps; longer ids are allocated one by one.</summary>
    private const int MaxPooledLength = 128;

    /// <summary>Creates the Sep options shared by the event readers.</summary>
    internal static SepReaderOptions SepOptions(char separator, bool parseQuotes) => new(new Sep(separator))
    {
        HasHeader = false,
        DisableColCountCheck = true,
        DisableQuotesParsing = !parseQuotes,
        Unescape = parseQuotes,
        CultureInfo = CultureInfo.InvariantCulture,
        CreateToString = SepToString.PoolPerCol(maximumStringLength: MaxPooledLength),
    };

    /// <summary>Reads every event of the source that <paramref name="open"/> returns.</summary>
    /// <param name="open">Creates the Sep reader from the options built here.</param>
    /// <param name="isGzip">Whether the bytes are decompressed gzip data, whose corruption is reported as a data error.</param>
    /// <param name="format">A validated format.</param>
    /// <param name="sourceName">The path or name used in errors and in <see cref="EventFile{TUser, TItem}.SourceName"/>.</param>
    /// <param name="parseUser">Converts the user id.</param>
    /// <param name="parseItem">Converts the item id.</param>
    /// <param name="attributeColumn">The index of an extra item column, or -1 for none.</param>
    /// <param name="readAttribute">Receives the extra column's text when <paramref name="attributeColumn"/> is ≥ 0.</param>
    internal static EventFile<TUser, TItem> Read<TUser, TItem>(
        Func<SepReaderOptions, SepReader> open,
        bool isGzip,
        DelimitedEventFormat format,
        string sourceName,
        ColumnIdParser<TUser> parseUser,
        ColumnIdParser<TItem> parseItem,
        int attributeColumn = -1,
        ItemAttributeReader<TItem>? readAttribute = null)
        where TUser : notnull
        where TItem : notnull
    {
        var events = new List<InteractionEvent<TUser, TItem>>();
        var behaviors = new TextValueCache<Behavior>();
        var channels = new TextValueCache<Channel>();
        var timestamps = new TimestampReader(format.TimestampFormat);
        Layout? layout = null;
        bool headerPending = format.HasHeader;
        long firstBlankLine = 0;

        // Sep 0.18.0 reports LineNumberFrom = 2 for the first row when HasHeader is false, so each row is taken to
        // start on the line where the previous row ended (LineNumberToExcl), which Sep reports correctly.
        long nextLine = 1;
        try
        {
            using SepReader reader = open(SepOptions(format.Separator, format.ParseQuotes));
            foreach (SepReader.Row row in reader)
            {
                long line = nextLine;
                nextLine = row.LineNumberToExcl;
                if (headerPending)
                {
                    headerPending = false;
                    layout = ReadHeader(row, line, format, sourceName);
                    continue;
                }

                if (row.ColCount == 1 && row.Span.IsWhiteSpace())
                {
                    firstBlankLine = firstBlankLine == 0 ? line : firstBlankLine;
                    continue;
                }

                RejectBlankLineBefore(firstBlankLine, line, sourceName);
                layout ??= Resolve(format, null, row.ColCount, $"as in the first row, line {line}", sourceName, line, RatingFields.Line, row.Span.ToString());
                if (row.ColCount != layout.ColumnCount)
                {
                    throw RatingFields.ColumnCountError(
                        row.Span, row.ColCount, layout.ColumnCount, layout.CountSource, RatingFields.NameSeparator(format.Separator), format.ParseQuotes, sourceName, line);
                }

                TUser user = parseUser(row[layout.User], EventFields.User, sourceName, line);
                TItem item = parseItem(row[layout.Item], EventFields.Item, sourceName, line);
                Behavior behavior = ReadBehavior(row[layout.Behavior].Span, behaviors, format, sourceName, line);
                DateTimeOffset timestamp = timestamps.Read(row[layout.Timestamp].Span, sourceName, line);
                double quantity = layout.Quantity >= 0 ? EventFields.ParseQuantity(row[layout.Quantity].Span, sourceName, line) : 1;
                Channel channel = layout.Channel >= 0 ? ReadChannel(row[layout.Channel].Span, channels, sourceName, line) : Channel.Online;
                string? store = layout.Store >= 0 ? OptionalText(row[layout.Store]) : null;
                string? session = layout.Session >= 0 ? OptionalText(row[layout.Session]) : null;
                readAttribute?.Invoke(item, row[attributeColumn].Span, sourceName, line);
                events.Add(new InteractionEvent<TUser, TItem>(user, item, behavior, timestamp)
                {
                    Quantity = quantity,
                    Channel = channel,
                    StoreId = store,
                    SessionId = session,
                    RowNumber = line,
                });
            }
        }
        catch (InvalidDataException e) when (isGzip)
        {
            throw new RatingDataException(
                $"The gzip data is corrupt or truncated after line {nextLine - 1}: {e.Message} Check the file, or compress it again.",
                sourceName, nextLine, null, null, e);
        }

        if (events.Count == 0)
        {
            throw new RatingDataException(
                "The source contains no events. Check that it is the event log and that it is not empty or truncated.",
                sourceName, 0, null, null);
        }

        return new EventFile<TUser, TItem>(sourceName, events);
    }

    /// <summary>Throws when a blank line came before the non-blank line <paramref name="line"/>.</summary>
    internal static void RejectBlankLineBefore(long firstBlankLine, long line, string sourceName)
    {
        if (firstBlankLine != 0)
        {
            throw new RatingDataException(
                $"The line is blank, but rows follow it on line {line}. Remove the blank line: blank lines are allowed only at the end of a file.",
                sourceName, firstBlankLine, RatingFields.Line, string.Empty);
        }
    }

    private static Behavior ReadBehavior(ReadOnlySpan<char> text, TextValueCache<Behavior> cache, DelimitedEventFormat format, string sourceName, long line)
    {
        Behavior behavior = cache.Get(text, format, static (name, format) =>
            format.BehaviorNames.TryGetValue(name, out Behavior mapped) ? mapped
            : format.CreateCustomBehaviors && !string.IsNullOrWhiteSpace(name) ? new Behavior(name)
            : default);
        if (behavior.Name.Length > 0)
        {
            return behavior;
        }

        if (text.IsWhiteSpace())
        {
            throw RatingFields.Error("The behaviour is empty. Give every row a behaviour name, or remove the row.", sourceName, line, EventFields.Behavior, text);
        }

        string known = string.Join(", ", format.BehaviorNames.Keys.Order(StringComparer.Ordinal).Select(name => $"'{name}'"));
        string message = format.LayoutName is null
            ? $"The behaviour '{RatingFields.Shorten(text)}' is not in BehaviorNames, which maps {known}. Add the name to BehaviorNames, or set CreateCustomBehaviors to keep it as a custom behaviour."
            : $"The behaviour '{RatingFields.Shorten(text)}' is unknown: {format.LayoutName} has only {known}. Check that this is the right file, and fix or remove the line.";
        throw RatingFields.Error(message, sourceName, line, EventFields.Behavior, text);
    }

    private static Channel ReadChannel(ReadOnlySpan<char> text, TextValueCache<Channel> cache, string sourceName, long line)
    {
        if (text.IsWhiteSpace())
        {
            throw RatingFields.Error("The channel is empty. Give every row a channel name, such as online or in-store.", sourceName, line, EventFields.Channel, text);
        }

        return cache.Get(text, 0, static (name, _) => new Channel(name));
    }

    private static string? OptionalText(SepReader.Col column) => column.Span.IsEmpty ? null : column.ToString();

    private static Layout ReadHeader(SepReader.Row row, long line, DelimitedEventFormat format, string sourceName)
    {
        string[] names = RatingFields.ReadHeaderNames(row, line, sourceName);

        RatingFields.CheckHeaderWidth(format.ColumnCount, names.Length, row, line, sourceName);

        return Resolve(format, names, names.Length, $"as in the header, line {line}", sourceName, line, RatingFields.Header, row.Span.ToString());
    }

    /// <summary>Finds the index of each field's column, and checks that each lies inside the row.</summary>
    private static Layout Resolve(
        DelimitedEventFormat format, string[]? names, int columnCount, string countSource, string sourceName, long line, string errorField, string lineText)
    {
        if (format.ColumnCount is int count)
        {
            columnCount = count;
            countSource = "as the file format requires";
        }

        string where = names is null ? $"the first row has {columnCount} field(s)" : $"the header has {columnCount} column(s)";
        string hint = $"Check that the separator is {RatingFields.NameSeparator(format.Separator)}.";
        var columns = format.Columns();
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, _, column) in columns)
        {
            int index;
            if (column.Name is null)
            {
                if (column.Index >= columnCount)
                {
                    throw new RatingDataException($"The format reads the {field} from {column}, but {where}. {hint}", sourceName, line, errorField, RatingFields.Shorten(lineText));
                }

                index = column.Index;
            }
            else
            {
                index = Array.IndexOf(names!, column.Name);
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
            }

            // DelimitedEventFormat.Validate rejects two fields with the same index or the same name, but a name and
            // an index can still point at one column.
            foreach (var (otherField, otherIndex) in indices)
            {
                if (otherIndex == index)
                {
                    throw new RatingDataException(
                        $"The {otherField} and the {field} are both read from column {index}. Give each field its own column.",
                        sourceName, line, RatingFields.Header, names?[index]);
                }
            }

            indices.Add(field, index);
        }

        return new Layout(
            columnCount,
            countSource,
            indices[EventFields.User],
            indices[EventFields.Item],
            indices[EventFields.Behavior],
            indices[EventFields.Timestamp],
            indices.GetValueOrDefault(EventFields.Quantity, -1),
            indices.GetValueOrDefault(EventFields.Channel, -1),
            indices.GetValueOrDefault(EventFields.Store, -1),
            indices.GetValueOrDefault(EventFields.Session, -1));
    }

    /// <summary>The resolved column indices of one file, with -1 for an optional field that is not read.</summary>
    private sealed record Layout(
        int ColumnCount, string CountSource, int User, int Item, int Behavior, int Timestamp, int Quantity, int Channel, int Store, int Session);
}

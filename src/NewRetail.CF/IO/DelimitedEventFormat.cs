using System.Collections.Frozen;
using NewRetail.CF.Events;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>
/// The layout of a delimited event log: the separator, whether a header row comes first, the columns of the user,
/// item, behaviour and timestamp, optional columns for quantity, channel, store and session, how behaviour names map
/// to <see cref="Behavior"/> values, and how timestamps are written.
/// </summary>
/// <remarks>
/// The defaults read comma-separated <c>user,item,behavior,timestamp</c> rows without a header, with the built-in
/// behaviour names (<c>view</c>, <c>click</c>, <c>favorite</c>, <c>add-to-cart</c>, <c>purchase</c>, <c>return</c>)
/// and timestamps in whole seconds since 1970-01-01 UTC.
/// </remarks>
/// <example>
/// A shop log with a header, ISO 8601 times, quantities and channels, whose behaviours are named <c>seen</c> and <c>sold</c>:
/// <code>
/// var format = new DelimitedEventFormat
/// {
///     HasHeader = true,
///     UserColumn = "customer",
///     ItemColumn = "sku",
///     BehaviorColumn = "event",
///     TimestampColumn = "time",
///     QuantityColumn = "qty",
///     ChannelColumn = "channel",
///     BehaviorNames = new Dictionary&lt;string, Behavior&gt; { ["seen"] = Behavior.View, ["sold"] = Behavior.Purchase },
///     TimestampFormat = EventTimestampFormat.Iso8601,
/// };
/// EventFile&lt;string, string&gt; file = DelimitedEventReader.ReadStringIds(path, format);
/// </code>
/// </example>
public sealed record DelimitedEventFormat
{
    private static readonly FrozenDictionary<string, Behavior> BuiltInNames = new Dictionary<string, Behavior>(StringComparer.Ordinal)
    {
        [Behavior.View.Name] = Behavior.View,
        [Behavior.Click.Name] = Behavior.Click,
        [Behavior.Favorite.Name] = Behavior.Favorite,
        [Behavior.AddToCart.Name] = Behavior.AddToCart,
        [Behavior.Purchase.Name] = Behavior.Purchase,
        [Behavior.Return.Name] = Behavior.Return,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The field separator. Default: <c>','</c>. Sep 0.18.0 supports tab and the ASCII characters 31 to 126
    /// except <c>'"'</c> and <c>'#'</c>.
    /// </summary>
    public char Separator { get; init; } = ',';

    /// <summary>Whether the first line is a header row of column names. Default: <see langword="false"/>.</summary>
    public bool HasHeader { get; init; }

    /// <summary>The column of the user id. Default: column 0.</summary>
    public DelimitedColumn UserColumn { get; init; } = 0;

    /// <summary>The column of the item id. Default: column 1.</summary>
    public DelimitedColumn ItemColumn { get; init; } = 1;

    /// <summary>The column of the behaviour name, looked up in <see cref="BehaviorNames"/>. Default: column 2.</summary>
    public DelimitedColumn BehaviorColumn { get; init; } = 2;

    /// <summary>The column of the timestamp, in the form that <see cref="TimestampFormat"/> sets. Default: column 3.</summary>
    public DelimitedColumn TimestampColumn { get; init; } = 3;

    /// <summary>
    /// The column of the number of units, a finite number &gt; 0, or <see langword="null"/> to give every event
    /// quantity 1. Default: <see langword="null"/>.
    /// </summary>
    public DelimitedColumn? QuantityColumn { get; init; }

    /// <summary>
    /// The column of the channel name, or <see langword="null"/> to put every event on <see cref="Channel.Online"/>.
    /// Each value becomes a <see cref="Channel"/> of that name, so write <c>online</c> and <c>in-store</c> for the
    /// built-in channels. An empty value is an error. Default: <see langword="null"/>.
    /// </summary>
    public DelimitedColumn? ChannelColumn { get; init; }

    /// <summary>
    /// The column of the store id, or <see langword="null"/> for none. An empty value gives a
    /// <see langword="null"/> store id. Default: <see langword="null"/>.
    /// </summary>
    public DelimitedColumn? StoreColumn { get; init; }

    /// <summary>
    /// The column of the session, basket or order id, or <see langword="null"/> for none. An empty value gives a
    /// <see langword="null"/> session id. Default: <see langword="null"/>.
    /// </summary>
    public DelimitedColumn? SessionColumn { get; init; }

    /// <summary>
    /// The behaviour of each name found in <see cref="BehaviorColumn"/>, compared with the dictionary's own comparer.
    /// Default: the built-in names, compared ordinally (case-sensitive).
    /// </summary>
    /// <remarks>The names are copied when set. A name missing from the table is an error naming the line and the
    /// value, unless <see cref="CreateCustomBehaviors"/> is set.</remarks>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The table is empty, or maps a name to a default <see cref="Behavior"/>.</exception>
    public IReadOnlyDictionary<string, Behavior> BehaviorNames
    {
        get;
        init => field = FreezeBehaviorNames(value, nameof(BehaviorNames));
    } = BuiltInNames;

    /// <summary>
    /// Whether a behaviour name missing from <see cref="BehaviorNames"/> becomes a custom <see cref="Behavior"/> of
    /// the same name instead of an error. Default: <see langword="false"/>.
    /// </summary>
    /// <remarks>The default is strict because a misspelt or new event type would otherwise flow on unnoticed, and then
    /// be rejected or ignored much later by <see cref="PreferenceAggregator"/>.</remarks>
    public bool CreateCustomBehaviors { get; init; }

    /// <summary>How timestamps are written. Default: <see cref="EventTimestampFormat.UnixSeconds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="EventTimestampFormat"/>.</exception>
    public EventTimestampFormat TimestampFormat
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(TimestampFormat), value, "Invalid timestamp format. Use UnixSeconds, UnixMilliseconds or Iso8601.");
            }

            field = value;
        }
    }

    /// <summary>
    /// The number of fields every row must have, or <see langword="null"/> to take it from the header row, or from
    /// the first data row when there is no header. Default: <see langword="null"/>.
    /// </summary>
    public int? ColumnCount { get; init; }

    /// <summary>
    /// Whether a field may be enclosed in double quotes as in RFC 4180, so that it can contain the separator, a line
    /// break or an escaped quote (<c>""</c>). When <see langword="false"/>, a quote is an ordinary character.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool ParseQuotes { get; init; } = true;

    /// <summary>
    /// The name of the fixed layout a dedicated reader uses, such as "the Taobao UserBehavior layout", or
    /// <see langword="null"/> for a caller's format. Error messages then suggest fixing the file instead of the format.
    /// </summary>
    internal string? LayoutName { get; init; }

    /// <summary>Returns the fields and their columns, required ones first, leaving out optional fields that are not set.</summary>
    internal List<(string Field, string Property, DelimitedColumn Column)> Columns()
    {
        var columns = new List<(string, string, DelimitedColumn)>
        {
            (EventFields.User, nameof(UserColumn), UserColumn),
            (EventFields.Item, nameof(ItemColumn), ItemColumn),
            (EventFields.Behavior, nameof(BehaviorColumn), BehaviorColumn),
            (EventFields.Timestamp, nameof(TimestampColumn), TimestampColumn),
        };
        if (QuantityColumn is DelimitedColumn quantity)
        {
            columns.Add((EventFields.Quantity, nameof(QuantityColumn), quantity));
        }

        if (ChannelColumn is DelimitedColumn channel)
        {
            columns.Add((EventFields.Channel, nameof(ChannelColumn), channel));
        }

        if (StoreColumn is DelimitedColumn store)
        {
            columns.Add((EventFields.Store, nameof(StoreColumn), store));
        }

        if (SessionColumn is DelimitedColumn session)
        {
            columns.Add((EventFields.Session, nameof(SessionColumn), session));
        }

        return columns;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first setting that cannot work.</summary>
    internal void Validate()
    {
        try
        {
            _ = new Sep(Separator);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The separator '{Separator}' (U+{(int)Separator:X4}) is not supported: {e.Message}", nameof(Separator), e);
        }

        if (ColumnCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ColumnCount), ColumnCount, "ColumnCount must be ≥ 1, or null to take it from the file.");
        }

        var columns = Columns();
        for (int c = 0; c < columns.Count; c++)
        {
            var (_, property, column) = columns[c];
            if (column.Name is not null && !HasHeader)
            {
                throw new ArgumentException($"{property} is {column}, but a column can be chosen by name only when HasHeader is true.", property);
            }

            if (column.Name is null && column.Index >= ColumnCount)
            {
                throw new ArgumentOutOfRangeException(property, column.Index, $"{property} is {column}, but ColumnCount is {ColumnCount}, so column indices run from 0 to {ColumnCount - 1}.");
            }

            for (int earlier = 0; earlier < c; earlier++)
            {
                if (columns[earlier].Column == column)
                {
                    throw new ArgumentException($"{columns[earlier].Property} and {property} are both {column}. Give each field its own column.", property);
                }
            }
        }
    }

    private static FrozenDictionary<string, Behavior> FreezeBehaviorNames(IReadOnlyDictionary<string, Behavior> names, string property)
    {
        ArgumentNullException.ThrowIfNull(names, property);
        if (names.Count == 0)
        {
            throw new ArgumentException("BehaviorNames is empty. Map each behaviour name of the file to a Behavior.", property);
        }

        foreach (KeyValuePair<string, Behavior> pair in names)
        {
            if (pair.Value.Name.Length == 0)
            {
                throw new ArgumentException($"BehaviorNames maps '{pair.Key}' to a default Behavior, which has no name. Map it to a built-in behaviour or to one created with a name.", property);
            }
        }

        // A frozen copy keeps the caller's comparer when the caller passed a Dictionary. Any other table is compared ordinally.
        IEqualityComparer<string> comparer = names is Dictionary<string, Behavior> dictionary ? dictionary.Comparer
            : names is FrozenDictionary<string, Behavior> frozen ? frozen.Comparer
            : StringComparer.Ordinal;
        return names.ToFrozenDictionary(comparer);
    }
}

/// <summary>How the timestamps of an event log are written.</summary>
public enum EventTimestampFormat
{
    /// <summary>Whole seconds since 1970-01-01 00:00:00 UTC, such as <c>1511658000</c>.</summary>
    UnixSeconds = 0,

    /// <summary>Whole milliseconds since 1970-01-01 00:00:00 UTC, such as <c>1511658000000</c>.</summary>
    UnixMilliseconds,

    /// <summary>
    /// ISO 8601 date and time, such as <c>2017-11-26T01:00:00Z</c>, <c>2017-11-26 09:00:00+08:00</c>,
    /// <c>2017-11-26T01:00:00.250</c> or the date alone, <c>2017-11-26</c>. 'T' or a space separates date and time.
    /// A value without a zone or offset is read as UTC. A fraction of a second may have any number of digits; digits
    /// after the seventh (finer than 100 ns, the resolution of <see cref="DateTimeOffset"/>) are dropped.
    /// </summary>
    Iso8601,
}

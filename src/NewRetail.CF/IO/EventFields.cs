using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.IO;

/// <summary>
/// Parses the fields of event logs with <see cref="CultureInfo.InvariantCulture"/>: timestamps, quantities, behaviour
/// and channel names. Errors name the source, the 1-based line, the field and the text.
/// </summary>
internal static class EventFields
{
    internal const string User = RatingFields.User;
    internal const string Item = RatingFields.Item;
    internal const string Behavior = "behavior";
    internal const string Timestamp = RatingFields.Timestamp;
    internal const string Quantity = "quantity";
    internal const string Channel = "channel";
    internal const string Store = "store";
    internal const string Session = "session";

    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private static readonly string[] Iso8601Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd' 'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses a quantity, a finite number &gt; 0.</summary>
    internal static double ParseQuantity(ReadOnlySpan<char> text, string sourceName, long lineNumber)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double quantity))
        {
            if (text.IsWhiteSpace())
            {
                throw RatingFields.Error("The quantity is empty. Give every row a quantity, or read the file without a quantity column.", sourceName, lineNumber, Quantity, text);
            }

            throw RatingFields.Error(
                $"The quantity '{RatingFields.Shorten(text)}' is not a number. Write quantities with '.' as the decimal point and no thousands separator.",
                sourceName, lineNumber, Quantity, text);
        }

        if (!(double.IsFinite(quantity) && quantity > 0))
        {
            throw RatingFields.Error(
                $"The quantity '{RatingFields.Shorten(text)}' is not a finite number > 0. Quantities count units; record a return as a return event with a positive quantity.",
                sourceName, lineNumber, Quantity, text);
        }

        return quantity;
    }

    /// <summary>Parses a timestamp in whole seconds or milliseconds since 1970-01-01 UTC.</summary>
    internal static DateTimeOffset ParseUnixTime(ReadOnlySpan<char> text, bool milliseconds, string sourceName, long lineNumber)
    {
        string unit = milliseconds ? "milliseconds" : "seconds";
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            if (text.IsWhiteSpace())
            {
                throw EmptyTimestamp(text, sourceName, lineNumber);
            }

            throw RatingFields.Error(
                $"The timestamp '{RatingFields.Shorten(text)}' is not a whole number of {unit} since 1970-01-01 UTC. Fix the value, or choose the TimestampFormat the file uses.",
                sourceName, lineNumber, Timestamp, text);
        }

        long scale = milliseconds ? 1000 : 1;
        if (value < MinUnixSeconds * scale || value > (MaxUnixSeconds * scale) + (scale - 1))
        {
            throw RatingFields.Error(
                $"The timestamp '{RatingFields.Shorten(text)}' is outside the years 0001 to 9999 as {unit} since 1970-01-01 UTC. Fix the value, or choose the TimestampFormat the file uses.",
                sourceName, lineNumber, Timestamp, text);
        }

        return milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
    }

    /// <summary>
    /// Parses an ISO 8601 time whose fraction of a second has more than 7 digits, as Spark, BigQuery and PostgreSQL
    /// exports write, by dropping the digits after the seventh: 100 ns is the resolution of <see cref="DateTimeOffset"/>.
    /// </summary>
    private static bool TryParseLongFraction(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        int point = text.IndexOf('.');
        if (point < 0 || text.Length > 64)
        {
            return false;
        }

        int digits = 0;
        while (point + 1 + digits < text.Length && char.IsAsciiDigit(text[point + 1 + digits]))
        {
            digits++;
        }

        if (digits <= 7)
        {
            return false;
        }

        Span<char> shortened = stackalloc char[text.Length];
        int keptLength = point + 1 + 7;
        text[..keptLength].CopyTo(shortened);
        ReadOnlySpan<char> rest = text[(point + 1 + digits)..];
        rest.CopyTo(shortened[keptLength..]);
        return DateTimeOffset.TryParseExact(
            shortened[..(keptLength + rest.Length)], Iso8601Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>Parses an ISO 8601 date and time, as <see cref="EventTimestampFormat.Iso8601"/> describes. A value without an offset is UTC.</summary>
    internal static DateTimeOffset ParseIso8601(ReadOnlySpan<char> text, string sourceName, long lineNumber)
    {
        if (TryParseSeconds(text, out DateTimeOffset time)
            || DateTimeOffset.TryParseExact(text, Iso8601Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            || TryParseLongFraction(text, out time))
        {
            return time;
        }

        if (text.IsWhiteSpace())
        {
            throw EmptyTimestamp(text, sourceName, lineNumber);
        }

        throw RatingFields.Error(
            $"The timestamp '{RatingFields.Shorten(text)}' is not an ISO 8601 date and time such as 2017-11-26T01:00:00Z or 2017-11-26 09:00:00+08:00. Fix the value, or choose the TimestampFormat the file uses.",
            sourceName, lineNumber, Timestamp, text);
    }

    /// <summary>
    /// Parses exactly <c>yyyy-MM-ddTHH:mm:ss</c> or <c>yyyy-MM-dd HH:mm:ss</c> as UTC. This common case is checked digit
    /// by digit, without the format matching of <see cref="DateTimeOffset.TryParseExact(ReadOnlySpan{char}, string[], IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
    /// </summary>
    /// <returns><see langword="false"/> for any other text, including an impossible date such as February 30.</returns>
    internal static bool TryParseSeconds(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length != 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute) || !TryDigits(text.Slice(17, 2), out int second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static RatingDataException EmptyTimestamp(ReadOnlySpan<char> text, string sourceName, long lineNumber)
        => RatingFields.Error("The timestamp is empty. Give every row a timestamp, or remove the row.", sourceName, lineNumber, Timestamp, text);
}

/// <summary>
/// Remembers the values of the few distinct texts a column contains, such as behaviour or channel names, so that a
/// row costs a short span comparison instead of a string allocation and a dictionary lookup.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class TextValueCache<T>
{
    private const int MaxEntries = 32;
    private readonly List<(string Text, T Value)> _entries = [];

    /// <summary>Returns the value cached for <paramref name="text"/>, or resolves it and caches it while there is room.</summary>
    internal T Get<TState>(ReadOnlySpan<char> text, TState state, Func<string, TState, T> resolve)
    {
        foreach (var (cached, value) in _entries)
        {
            if (text.SequenceEqual(cached))
            {
                return value;
            }
        }

        string key = text.ToString();
        T resolved = resolve(key, state);
        if (_entries.Count < MaxEntries)
        {
            _entries.Add((key, resolved));
        }

        return resolved;
    }
}

/// <summary>Remembers the last timestamp text and its value, because consecutive rows of a log often share a time.</summary>
internal sealed class TimestampReader
{
    private readonly EventTimestampFormat _format;
    private char[] _lastText = new char[32];
    private int _lastLength = -1;
    private DateTimeOffset _lastValue;

    internal TimestampReader(EventTimestampFormat format)
    {
        _format = format;
    }

    internal DateTimeOffset Read(ReadOnlySpan<char> text, string sourceName, long lineNumber)
    {
        if (_lastLength == text.Length && text.SequenceEqual(_lastText.AsSpan(0, _lastLength)))
        {
            return _lastValue;
        }

        DateTimeOffset value = _format switch
        {
            EventTimestampFormat.UnixMilliseconds => EventFields.ParseUnixTime(text, milliseconds: true, sourceName, lineNumber),
            EventTimestampFormat.Iso8601 => EventFields.ParseIso8601(text, sourceName, lineNumber),
            _ => EventFields.ParseUnixTime(text, milliseconds: false, sourceName, lineNumber),
        };
        if (text.Length > _lastText.Length)
        {
            _lastText = new char[text.Length];
        }

        text.CopyTo(_lastText);
        _lastLength = text.Length;
        _lastValue = value;
        return value;
    }
}

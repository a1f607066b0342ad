using System.Collections.ObjectModel;
using NewRetail.CF.Data;
using NewRetail.CF.Events;

namespace NewRetail.CF.IO;

/// <summary>
/// Reads the Taobao UserBehavior log that Alibaba published on Tianchi ("User Behavior Data from Taobao for
/// Recommendation"): comma-separated <c>user_id,item_id,category_id,behavior_type,timestamp</c> lines without a header.
/// </summary>
/// <remarks>
/// <para>Behaviours map as <c>pv</c> (page view) → <see cref="Behavior.View"/>, <c>fav</c> →
/// <see cref="Behavior.Favorite"/>, <c>cart</c> → <see cref="Behavior.AddToCart"/> and <c>buy</c> →
/// <see cref="Behavior.Purchase"/>. Any other name is an error naming the line. Ids are 64-bit integers, timestamps
/// whole seconds since 1970-01-01 UTC, every event has quantity 1 and channel <see cref="Channel.Online"/>.</para>
/// <para>The category of each item is returned in <see cref="TaobaoUserBehaviorData.ItemCategories"/>. An item listed
/// with two different categories is an error naming both lines' values, because the log gives each item one
/// category.</para>
/// <para>Files and streams that start with the gzip bytes 1F 8B are decompressed first. Errors are reported as
/// <see cref="DelimitedEventReader"/> describes.</para>
/// </remarks>
public static class TaobaoUserBehaviorReader
{
    private const int CategoryColumn = 2;

    private static readonly DelimitedEventFormat Format = new()
    {
        Separator = ',',
        HasHeader = false,
        UserColumn = 0,
        ItemColumn = 1,
        BehaviorColumn = 3,
        TimestampColumn = 4,
        ColumnCount = 5,
        ParseQuotes = false,
        TimestampFormat = EventTimestampFormat.UnixSeconds,
        LayoutName = "the Taobao UserBehavior layout",
        BehaviorNames = new Dictionary<string, Behavior>(StringComparer.Ordinal)
        {
            ["pv"] = Behavior.View,
            ["fav"] = Behavior.Favorite,
            ["cart"] = Behavior.AddToCart,
            ["buy"] = Behavior.Purchase,
        },
    };

    /// <summary>Reads the file at <paramref name="path"/>, plain or gzip, such as <c>UserBehavior.csv</c>.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <returns>The events and the category of each item.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">A line is malformed, a behaviour is unknown, an item has two categories, or the file has no events.</exception>
    public static TaobaoUserBehaviorData Read(string path)
    {
        var categories = new CategoryCollector();
        var events = DelimitedEventReader.ReadFile(path, Format, EventIds.ParseFixedLayoutLong, EventIds.ParseFixedLayoutLong, CategoryColumn, categories.Add);
        return new TaobaoUserBehaviorData(events, categories.Build());
    }

    /// <summary>Reads the log from <paramref name="stream"/>, plain or gzip.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The events and the category of each item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, a behaviour is unknown, an item has two categories, or the stream has no events.</exception>
    public static TaobaoUserBehaviorData Read(Stream stream, string sourceName)
    {
        var categories = new CategoryCollector();
        var events = DelimitedEventReader.ReadStream(stream, sourceName, Format, EventIds.ParseFixedLayoutLong, EventIds.ParseFixedLayoutLong, CategoryColumn, categories.Add);
        return new TaobaoUserBehaviorData(events, categories.Build());
    }

    /// <summary>Reads the log from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <returns>The events and the category of each item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">A line is malformed, a behaviour is unknown, an item has two categories, or the text has no events.</exception>
    public static TaobaoUserBehaviorData Read(TextReader reader, string sourceName)
    {
        var categories = new CategoryCollector();
        var events = DelimitedEventReader.ReadText(reader, sourceName, Format, EventIds.ParseFixedLayoutLong, EventIds.ParseFixedLayoutLong, CategoryColumn, categories.Add);
        return new TaobaoUserBehaviorData(events, categories.Build());
    }

    /// <summary>Collects the category of each item and rejects an item seen with two categories.</summary>
    private sealed class CategoryCollector
    {
        private readonly Dictionary<long, (long Category, long Line)> _categories = [];

        public void Add(long item, ReadOnlySpan<char> text, string sourceName, long lineNumber)
        {
            long category = EventIds.ParseLong(text, "category", "Fix or remove the line.", sourceName, lineNumber);
            if (_categories.TryGetValue(item, out var first))
            {
                if (first.Category != category)
                {
                    throw RatingFields.Error(
                        $"Item {item} has category {category} here but category {first.Category} on line {first.Line}. Each item must have one category; fix the file.",
                        sourceName, lineNumber, "category", text);
                }

                return;
            }

            _categories.Add(item, (category, lineNumber));
        }

        public ReadOnlyDictionary<long, long> Build()
        {
            var categories = new Dictionary<long, long>(_categories.Count);
            foreach (var (item, (category, _)) in _categories)
            {
                categories.Add(item, category);
            }

            return categories.AsReadOnly();
        }
    }
}

/// <summary>The events of a Taobao UserBehavior log and the category of each item.</summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class TaobaoUserBehaviorData
{
    internal TaobaoUserBehaviorData(EventFile<long, long> events, IReadOnlyDictionary<long, long> itemCategories)
    {
        Events = events;
        ItemCategories = itemCategories;
    }

    /// <summary>The events in file order, each with its line number.</summary>
    public EventFile<long, long> Events { get; }

    /// <summary>The category id of each item id that appears in the log.</summary>
    public IReadOnlyDictionary<long, long> ItemCategories { get; }
}

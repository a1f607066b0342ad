namespace NewRetail.CF.Events;

/// <summary>Interaction events read from one file or stream, each carrying the line it came from in <see cref="InteractionEvent{TUser, TItem}.RowNumber"/>.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class EventFile<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal EventFile(string sourceName, List<InteractionEvent<TUser, TItem>> events)
    {
        SourceName = sourceName;
        EventList = events;
    }

    /// <summary>The path or name of the source, used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The events in file order.</summary>
    public IReadOnlyList<InteractionEvent<TUser, TItem>> Events => EventList;

    /// <summary>The number of events.</summary>
    public int Count => EventList.Count;

    internal List<InteractionEvent<TUser, TItem>> EventList { get; }
}

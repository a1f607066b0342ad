namespace NewRetail.CF.Events;

/// <summary>One interaction of a user with an item: a view, a cart addition, a purchase, a return, and so on.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="User">The user id.</param>
/// <param name="Item">The item id.</param>
/// <param name="Behavior">What the user did.</param>
/// <param name="Timestamp">When it happened.</param>
/// <remarks>
/// <para>Events are plain values; the code that consumes them validates them and reports bad ones with
/// <see cref="RowNumber"/>.</para>
/// <para><see cref="Quantity"/> is a positive count of units: a return of three units has behaviour
/// <see cref="Behavior.Return"/> and quantity 3, not −3.</para>
/// </remarks>
public readonly record struct InteractionEvent<TUser, TItem>(TUser User, TItem Item, Behavior Behavior, DateTimeOffset Timestamp)
    where TUser : notnull
    where TItem : notnull
{
    /// <summary>The number of units, &gt; 0. Default: 1.</summary>
    public double Quantity { get; init; } = 1;

    /// <summary>The channel. Default: <see cref="Channel.Online"/>.</summary>
    public Channel Channel { get; init; } = Channel.Online;

    /// <summary>The store id for in-store events, or <see langword="null"/>.</summary>
    public string? StoreId { get; init; }

    /// <summary>The basket, order, invoice or session the event belongs to, or <see langword="null"/>.</summary>
    public string? SessionId { get; init; }

    /// <summary>The 1-based line or row number the event came from, or 0 when unknown; used in error messages.</summary>
    public long RowNumber { get; init; }
}

namespace NewRetail.CF.Events;

/// <summary>
/// The kind of an interaction event: a product view, a click, a favourite, an add-to-cart, a purchase, a return,
/// or a kind the caller defines.
/// </summary>
/// <remarks>
/// Behaviours compare by <see cref="Name"/> with ordinal, case-sensitive equality. The built-in names are lower case
/// (<c>view</c>, <c>click</c>, <c>favorite</c>, <c>add-to-cart</c>, <c>purchase</c>, <c>return</c>).
/// </remarks>
public readonly record struct Behavior
{
    /// <summary>Creates a behaviour with the given name.</summary>
    /// <param name="name">The name, such as <c>wishlist</c>. Must not be empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public Behavior(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name that identifies the behaviour.</summary>
    public string Name => field ?? string.Empty;

    /// <summary>A product page view.</summary>
    public static Behavior View { get; } = new("view");

    /// <summary>A click on a product, for example in a list or an advert.</summary>
    public static Behavior Click { get; } = new("click");

    /// <summary>A product marked as a favourite or added to a wish list.</summary>
    public static Behavior Favorite { get; } = new("favorite");

    /// <summary>A product added to the shopping cart.</summary>
    public static Behavior AddToCart { get; } = new("add-to-cart");

    /// <summary>A purchase, online or at the till.</summary>
    public static Behavior Purchase { get; } = new("purchase");

    /// <summary>A returned or cancelled purchase.</summary>
    public static Behavior Return { get; } = new("return");

    /// <inheritdoc />
    public override string ToString() => Name;
}

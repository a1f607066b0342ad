using System.Globalization;

namespace NewRetail.CF.Events;

/// <summary>The lines of one basket, order or invoice that no known user is tied to, such as a guest checkout.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Lines keep their order. An item may appear on more than one line, as it does on a till receipt that scans
/// the same product twice.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class Basket<TItem>
    where TItem : notnull
{
    private readonly TItem[] _items;
    private readonly double[] _quantities;

    /// <summary>Creates a basket from its lines.</summary>
    /// <param name="id">The basket, order or invoice id. Must not be empty.</param>
    /// <param name="timestamp">When the basket was bought.</param>
    /// <param name="items">The item of each line. They are copied.</param>
    /// <param name="quantities">The units of each line, parallel to <paramref name="items"/>, each a finite number &gt; 0. They are copied.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty, an item is null, or the lists differ in length.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or <paramref name="quantities"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A quantity is NaN, infinite, zero or negative.</exception>
    public Basket(string id, DateTimeOffset timestamp, IReadOnlyList<TItem> items, IReadOnlyList<double> quantities)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(quantities);
        if (items.Count != quantities.Count)
        {
            throw new ArgumentException($"Basket '{id}' has {items.Count} item(s) but {quantities.Count} quantities. Give one quantity per line.", nameof(quantities));
        }

        _items = [.. items];
        _quantities = [.. quantities];
        for (int line = 0; line < _items.Length; line++)
        {
            if (_items[line] is null)
            {
                throw new ArgumentException($"Line {line} of basket '{id}' has no item (null).", nameof(items));
            }

            double quantity = _quantities[line];
            if (!(double.IsFinite(quantity) && quantity > 0))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(quantities), quantity, $"Line {line} of basket '{id}' has quantity {quantity.ToString(CultureInfo.InvariantCulture)}; quantities must be finite numbers > 0.");
            }
        }

        Id = id;
        Timestamp = timestamp;
        Items = Array.AsReadOnly(_items);
        Quantities = Array.AsReadOnly(_quantities);
    }

    /// <summary>The basket, order or invoice id.</summary>
    public string Id { get; }

    /// <summary>When the basket was bought.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The item of each line, in line order.</summary>
    public IReadOnlyList<TItem> Items { get; }

    /// <summary>The units of each line, parallel to <see cref="Items"/>.</summary>
    public IReadOnlyList<double> Quantities { get; }

    /// <summary>The number of lines.</summary>
    public int Count => _items.Length;

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({_items.Length} line(s))";
}

using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>The items of a basket or session: every given id, and the known ones as sorted indices with summed weights.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
internal sealed class WeightedBasket<TItem>
    where TItem : notnull
{
    private WeightedBasket(HashSet<TItem> ids, int[] indices, double[] weights)
    {
        Ids = ids;
        Indices = indices;
        Weights = weights;
    }

    /// <summary>Every given id, known to the model or not.</summary>
    public HashSet<TItem> Ids { get; }

    /// <summary>The indices of the known items with a weight &gt; 0, in increasing order so that sums are reproducible.</summary>
    public int[] Indices { get; }

    /// <summary>The summed weight of each known item, parallel to <see cref="Indices"/>; 1 under binary values.</summary>
    public double[] Weights { get; }

    /// <summary>Checks and collects <paramref name="items"/>.</summary>
    /// <exception cref="ArgumentException">An id is null, or a weight is negative, NaN or infinite.</exception>
    public static WeightedBasket<TItem> Collect(IEnumerable<WeightedItem<TItem>> items, IdMap<TItem> map, bool binary)
    {
        var ids = new HashSet<TItem>();
        var weights = new SortedDictionary<int, double>();
        int position = 0;
        foreach (var (item, weight) in items)
        {
            if (item is null)
            {
                throw new ArgumentException($"The item id at position {position} is null. Remove it or give its id.", nameof(items));
            }

            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new ArgumentException(
                    $"The weight {weight.ToString("R", CultureInfo.InvariantCulture)} of item {item} at position {position} is not a finite number ≥ 0. Use 1 when all items count alike.",
                    nameof(items));
            }

            ids.Add(item);
            if (map.TryGetIndex(item, out int index))
            {
                weights[index] = weights.GetValueOrDefault(index) + weight;
            }

            position++;
        }

        var positive = weights.Where(pair => pair.Value > 0).ToArray();
        var indices = new int[positive.Length];
        var summed = new double[positive.Length];
        for (int t = 0; t < positive.Length; t++)
        {
            indices[t] = positive[t].Key;
            summed[t] = binary ? 1 : positive[t].Value;
        }

        return new WeightedBasket<TItem>(ids, indices, summed);
    }
}

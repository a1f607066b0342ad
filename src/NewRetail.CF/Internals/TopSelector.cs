using System.Buffers;
using NewRetail.CF.Data;

namespace NewRetail.CF.Internals;

/// <summary>
/// Keeps the <c>capacity</c> best (item, score) pairs of a stream in a bounded min-heap: highest score first, ties by
/// lower item index, which follows id order. Adding n pairs costs O(n log capacity) and allocates nothing beyond
/// the pooled heap, which <see cref="ToArray{TItem}"/> returns.
/// </summary>
/// <remarks>A mutable struct: pass it by reference.</remarks>
internal struct TopSelector
{
    private (int Item, double Score)[]? _heap;
    private readonly int _capacity;
    private int _count;

    public TopSelector(int capacity)
    {
        _capacity = capacity;
        _heap = capacity > 0 ? ArrayPool<(int Item, double Score)>.Shared.Rent(capacity) : null;
    }

    public void Add(int item, double score)
    {
        if (_count < _capacity)
        {
            // Fill, then heapify once when full.
            _heap![_count++] = (item, score);
            if (_count == _capacity)
            {
                for (int start = (_capacity / 2) - 1; start >= 0; start--)
                {
                    SiftDown(start);
                }
            }

            return;
        }

        if (_capacity > 0 && IsBetter((item, score), _heap![0]))
        {
            _heap[0] = (item, score);
            SiftDown(0);
        }
    }

    /// <summary>Returns the kept pairs, best first, mapped to ids, and returns the heap to the pool.</summary>
    public ScoredItem<TItem>[] ToArray<TItem>(IdMap<TItem> items)
        where TItem : notnull
    {
        if (_heap is null)
        {
            return [];
        }

        var best = _heap.AsSpan(0, _count);
        best.Sort(static (a, b) => IsBetter(a, b) ? -1 : IsBetter(b, a) ? 1 : 0);
        var result = new ScoredItem<TItem>[best.Length];
        for (int r = 0; r < best.Length; r++)
        {
            result[r] = new ScoredItem<TItem>(items.IdArray[best[r].Item], best[r].Score);
        }

        ArrayPool<(int Item, double Score)>.Shared.Return(_heap);
        _heap = null;
        return result;
    }

    private readonly void SiftDown(int position)
    {
        var heap = _heap!;
        int length = _count;
        var entry = heap[position];
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= length)
            {
                break;
            }

            // Follow the worse child, so the root stays the worst pair kept.
            if (child + 1 < length && IsBetter(heap[child], heap[child + 1]))
            {
                child++;
            }

            if (!IsBetter(entry, heap[child]))
            {
                break;
            }

            heap[position] = heap[child];
            position = child;
        }

        heap[position] = entry;
    }

    private static bool IsBetter((int Item, double Score) a, (int Item, double Score) b)
        => a.Score > b.Score || (a.Score == b.Score && a.Item < b.Item);
}

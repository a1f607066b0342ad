namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// Keeps the best <see cref="Capacity"/> (score, index) pairs seen so far in a bounded heap, so that choosing the top k
/// of m candidates costs O(m log k) and never sorts all of them.
/// </summary>
/// <remarks>
/// "Better" is a higher score, then a lower index, which is a strict total order on distinct indices: the pairs kept
/// do not depend on the order in which candidates arrive. The root of the heap is the worst pair kept.
/// </remarks>
internal sealed class TopSelector
{
    private double[] _scores;
    private int[] _indices;

    public TopSelector(int capacity)
    {
        _scores = new double[capacity];
        _indices = new int[capacity];
        Capacity = capacity;
    }

    public int Capacity { get; private set; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The score of the worst pair kept; valid when <see cref="Count"/> &gt; 0.</summary>
    public double WorstScore => _scores[0];

    /// <summary>Empties the selector and sets a new capacity, growing the storage when needed.</summary>
    public void Reset(int capacity)
    {
        if (capacity > _scores.Length)
        {
            _scores = new double[capacity];
            _indices = new int[capacity];
        }

        Capacity = capacity;
        Count = 0;
    }

    /// <summary>Returns whether <see cref="Add"/> would keep the pair.</summary>
    public bool Accepts(double score, int index)
        => Count < Capacity || (Capacity > 0 && IsBetter(score, index, _scores[0], _indices[0]));

    /// <summary>Offers a pair; it is kept when the selector is not full or when it beats the worst pair kept.</summary>
    public void Add(double score, int index)
    {
        if (Count < Capacity)
        {
            int position = Count++;
            SiftUp(position, score, index);
            return;
        }

        if (Capacity == 0 || !IsBetter(score, index, _scores[0], _indices[0]))
        {
            return;
        }

        SiftDown(0, score, index, Count);
    }

    /// <summary>Writes the pairs kept, best first, and empties the selector.</summary>
    /// <returns>The number of pairs written.</returns>
    public int DrainBestFirst(Span<double> scores, Span<int> indices)
    {
        int count = Count;

        // Popping the worst pair repeatedly yields the list from its end.
        for (int last = count - 1; last >= 0; last--)
        {
            scores[last] = _scores[0];
            indices[last] = _indices[0];
            if (last > 0)
            {
                SiftDown(0, _scores[last], _indices[last], last);
            }
        }

        Count = 0;
        return count;
    }

    private static bool IsBetter(double score, int index, double otherScore, int otherIndex)
        => score > otherScore || (score == otherScore && index < otherIndex);

    private void SiftUp(int position, double score, int index)
    {
        while (position > 0)
        {
            int parent = (position - 1) >> 1;
            if (!IsBetter(_scores[parent], _indices[parent], score, index))
            {
                break;
            }

            _scores[position] = _scores[parent];
            _indices[position] = _indices[parent];
            position = parent;
        }

        _scores[position] = score;
        _indices[position] = index;
    }

    /// <summary>Places (score, index) at <paramref name="position"/> and moves it down within the first <paramref name="count"/> slots.</summary>
    private void SiftDown(int position, double score, int index, int count)
    {
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= count)
            {
                break;
            }

            // The worse child moves up, so the root stays the worst pair.
            if (child + 1 < count && IsBetter(_scores[child], _indices[child], _scores[child + 1], _indices[child + 1]))
            {
                child++;
            }

            if (!IsBetter(score, index, _scores[child], _indices[child]))
            {
                break;
            }

            _scores[position] = _scores[child];
            _indices[position] = _indices[child];
            position = child;
        }

        _scores[position] = score;
        _indices[position] = index;
    }
}

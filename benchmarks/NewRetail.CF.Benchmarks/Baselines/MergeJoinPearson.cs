using NewRetail.CF.Benchmarks.Data;

namespace NewRetail.CF.Benchmarks.Baselines;

/// <summary>
/// The reference that library fits are measured against: all user-user Pearson correlations computed pair by pair
/// with a scalar merge join of the two users' rating lists, sorted by item.
/// </summary>
/// <remarks>
/// <para>The result matches what <c>UserKnn</c> with <c>Similarity.Pearson</c> stores. Correlations are taken around
/// the co-rated means in a second pass and clamped to [−1, 1]. They are 0 below a support of 2, for a side with
/// constant ratings, and on the diagonal. The matrix is a dense n×n <see cref="float"/> array indexed in ascending
/// user id order.</para>
/// <para>Like the library, it spreads rows over all cores with <see cref="Parallel.For(int, int, Action{int})"/>, so
/// a ratio to it measures the algorithm rather than the thread count. The cost is n²/2 merges of two lists.</para>
/// </remarks>
public sealed class MergeJoinPearson
{
    private readonly int[] _rowPointers;
    private readonly int[] _items;
    private readonly double[] _ratings;

    /// <summary>Sorts the ratings into per-user lists ordered by item.</summary>
    public MergeJoinPearson(RatingTriples triples)
    {
        int[] userIds = triples.Users.Distinct().Order().ToArray();
        var userIndex = new Dictionary<int, int>(userIds.Length);
        for (int u = 0; u < userIds.Length; u++)
        {
            userIndex.Add(userIds[u], u);
        }

        var order = Enumerable.Range(0, triples.Count)
            .OrderBy(r => userIndex[triples.Users[r]])
            .ThenBy(r => triples.Items[r])
            .ToArray();

        UserCount = userIds.Length;
        _rowPointers = new int[UserCount + 1];
        _items = new int[order.Length];
        _ratings = new double[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            int r = order[k];
            _rowPointers[userIndex[triples.Users[r]] + 1]++;
            _items[k] = triples.Items[r];
            _ratings[k] = triples.Ratings[r];
        }

        for (int u = 0; u < UserCount; u++)
        {
            _rowPointers[u + 1] += _rowPointers[u];
        }
    }

    public int UserCount { get; }

    /// <summary>Computes every user-user correlation into a new n×n matrix.</summary>
    public float[] ComputeAll()
    {
        int n = UserCount;
        var similarities = new float[(long)n * n];
        Parallel.For(0, n, a =>
        {
            for (int b = a + 1; b < n; b++)
            {
                float similarity = (float)Correlation(a, b);
                similarities[((long)a * n) + b] = similarity;
                similarities[((long)b * n) + a] = similarity;
            }
        });

        return similarities;
    }

    /// <summary>Returns users <paramref name="a"/> and <paramref name="b"/>'s co-rated values, in item order.</summary>
    public (double[] X, double[] Y) CoRated(int a, int b)
    {
        var x = new List<double>();
        var y = new List<double>();
        int i = _rowPointers[a], j = _rowPointers[b];
        while (i < _rowPointers[a + 1] && j < _rowPointers[b + 1])
        {
            if (_items[i] == _items[j])
            {
                x.Add(_ratings[i++]);
                y.Add(_ratings[j++]);
            }
            else if (_items[i] < _items[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return ([.. x], [.. y]);
    }

    /// <summary>Computes the Pearson correlation of two users over their co-rated items.</summary>
    public double Correlation(int a, int b)
    {
        int startA = _rowPointers[a], endA = _rowPointers[a + 1];
        int startB = _rowPointers[b], endB = _rowPointers[b + 1];

        // 1. Co-rated count and sums, for the means.
        int count = 0;
        double sumX = 0, sumY = 0;
        for (int i = startA, j = startB; i < endA && j < endB;)
        {
            if (_items[i] == _items[j])
            {
                count++;
                sumX += _ratings[i++];
                sumY += _ratings[j++];
            }
            else if (_items[i] < _items[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        if (count < 2)
        {
            return 0;
        }

        // 2. Centred sums around the co-rated means, in a second merge, so no cancellation occurs.
        double meanX = sumX / count, meanY = sumY / count;
        double centredXX = 0, centredYY = 0, centredXY = 0;
        for (int i = startA, j = startB; i < endA && j < endB;)
        {
            if (_items[i] == _items[j])
            {
                double dx = _ratings[i++] - meanX;
                double dy = _ratings[j++] - meanY;
                centredXX += dx * dx;
                centredYY += dy * dy;
                centredXY += dx * dy;
            }
            else if (_items[i] < _items[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        double denominator = Math.Sqrt(centredXX * centredYY);
        return denominator > 0 ? Math.Clamp(centredXY / denominator, -1, 1) : 0;
    }
}

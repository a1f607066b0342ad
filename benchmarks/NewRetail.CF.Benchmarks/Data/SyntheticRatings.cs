namespace NewRetail.CF.Benchmarks.Data;

/// <summary>
/// Generates a deterministic rating data set with power-law user activity and item popularity, so that the
/// benchmarks run, and scale past MovieLens 100K, without any data files.
/// </summary>
/// <remarks>
/// <para>Shape: by default √R·3 users and √R·5 items for R ratings, which keeps the density at about 6.7 % for every
/// R (MovieLens 100K: 943 users, 1,682 items, 6.3 %). For R = 10^5 that is 949 users and 1,581 items. For R = 10^6 it
/// is 3,000 users and 5,000 items. The overload with explicit counts makes other shapes, such as a retail catalogue
/// of 100,000 items that most users barely touch.</para>
/// <para>Activity: every user gets at least <see cref="MinRatingsPerUser"/> ratings, as in MovieLens, and at most
/// half of the catalogue. The rest is shared in proportion to rank^−<see cref="UserActivityExponent"/>. Each user's
/// items are drawn without replacement with probability proportional to rank^−<see cref="ItemPopularityExponent"/>.
/// Ranks are assigned to ids in shuffled order, so id order carries no information about activity or
/// popularity.</para>
/// <para>Sampling: the default shape uses Efraimidis-Spirakis weighted sampling, which draws a key for every item and
/// user, so it costs users × items. The explicit-count shape draws item by item from a Fenwick tree of integer
/// weights, which costs about log2(items) steps per rating. Both give a sample without replacement with the same
/// probabilities, but from different random numbers, so the default shape keeps its own sampler and its data sets
/// stay as they were.</para>
/// <para>Ratings: round(3.5 + user bias + item bias + noise), clipped to 1..5, with normal biases (σ 0.4 and 0.6)
/// and noise (σ 0.9), so that similarities are neither all 1 nor all 0.</para>
/// <para>The random numbers come from SplitMix64, implemented below, so the sequence for a seed is fixed by this
/// file and not by the runtime's <see cref="Random"/>. NOTE: Math.Log, Math.Pow and Math.Cos may round differently
/// in the last bit on another platform, which could move a rare rating across a rounding boundary.</para>
/// </remarks>
public static class SyntheticRatings
{
    public const int DefaultSeed = 20_260_101;

    public const int MinRatingsPerUser = 20;

    public const double UserActivityExponent = 0.8;

    public const double ItemPopularityExponent = 1.0;

    /// <summary>The integer weight of the most popular item in the Fenwick sampler: 2^40, so that rank 10^6 still weighs about 10^6.</summary>
    private const double WeightScale = 1L << 40;

    /// <summary>Generates <paramref name="ratingCount"/> ratings in the default shape, √R·3 users and √R·5 items.</summary>
    /// <param name="ratingCount">The number of ratings R, at least 1,000 so that every user can get the minimum.</param>
    /// <param name="seed">The random seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratingCount"/> is below 1,000.</exception>
    public static RatingTriples Generate(int ratingCount, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratingCount, 1_000);

        int userCount = (int)Math.Round(3 * Math.Sqrt(ratingCount));
        int itemCount = (int)Math.Round(5 * Math.Sqrt(ratingCount));
        var random = new SplitMix64(seed);
        var (activity, itemWeights, userBiases, itemBiases) = Draw(random, ratingCount, userCount, itemCount);

        var users = new int[ratingCount];
        var items = new int[ratingCount];
        var ratings = new float[ratingCount];
        var keys = new double[itemCount];
        var order = new int[itemCount];
        int next = 0;
        for (int u = 0; u < userCount; u++)
        {
            // Efraimidis-Spirakis: the k largest keys ln(U)/w form a weighted sample without replacement.
            for (int i = 0; i < itemCount; i++)
            {
                keys[i] = Math.Log(1.0 - random.NextDouble()) / itemWeights[i];
                order[i] = i;
            }

            Array.Sort(keys, order);
            for (int position = itemCount - activity[u]; position < itemCount; position++)
            {
                int item = order[position];
                double value = Math.Round(3.5 + userBiases[u] + itemBiases[item] + (0.9 * NextNormal(random)));
                users[next] = u;
                items[next] = item;
                ratings[next] = (float)Math.Clamp(value, 1, 5);
                next++;
            }
        }

        return new RatingTriples($"synthetic-{ratingCount}", users, items, ratings);
    }

    /// <summary>
    /// Generates <paramref name="ratingCount"/> ratings among <paramref name="userCount"/> users and
    /// <paramref name="itemCount"/> items, drawing each user's items one by one from a Fenwick tree.
    /// </summary>
    /// <param name="ratingCount">The number of ratings R.</param>
    /// <param name="userCount">The number of users. Every one of them gets at least <see cref="MinRatingsPerUser"/> ratings.</param>
    /// <param name="itemCount">The number of items, at least 2 × <see cref="MinRatingsPerUser"/>. An item that is never drawn is absent from the data.</param>
    /// <param name="seed">The random seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count is not positive, the items are fewer than 2 × <see cref="MinRatingsPerUser"/>, or R cannot be split
    /// into shares of <see cref="MinRatingsPerUser"/> to itemCount / 2 per user.
    /// </exception>
    public static RatingTriples Generate(int ratingCount, int userCount, int itemCount, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratingCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 2 * MinRatingsPerUser);

        var random = new SplitMix64(seed);
        var (activity, itemWeights, userBiases, itemBiases) = Draw(random, ratingCount, userCount, itemCount);

        // Integer weights make every removal from the tree exact, so a drawn item's weight is exactly 0 afterwards and
        // it cannot be drawn twice.
        var integerWeights = new long[itemCount];
        for (int i = 0; i < itemCount; i++)
        {
            integerWeights[i] = Math.Max(1, (long)Math.Round(WeightScale * itemWeights[i]));
        }

        var urn = new WeightedUrn(integerWeights);
        var users = new int[ratingCount];
        var items = new int[ratingCount];
        var ratings = new float[ratingCount];
        int next = 0;
        for (int u = 0; u < userCount; u++)
        {
            int first = next;
            for (int t = 0; t < activity[u]; t++)
            {
                int item = urn.Take(random.NextUInt64() % (ulong)urn.Total);
                double value = Math.Round(3.5 + userBiases[u] + itemBiases[item] + (0.9 * NextNormal(random)));
                users[next] = u;
                items[next] = item;
                ratings[next] = (float)Math.Clamp(value, 1, 5);
                next++;
            }

            // Put this user's items back for the next user.
            for (int r = first; r < next; r++)
            {
                urn.Restore(items[r]);
            }
        }

        return new RatingTriples($"synthetic-{ratingCount}-{userCount}x{itemCount}", users, items, ratings);
    }

    /// <summary>
    /// Draws, in this order, each user's number of ratings, each item's popularity weight, and the user and item biases.
    /// </summary>
    private static (int[] Activity, double[] ItemWeights, double[] UserBiases, double[] ItemBiases) Draw(
        SplitMix64 random, int ratingCount, int userCount, int itemCount)
    {
        int[] activity = ShareByRank(ratingCount, userCount, MinRatingsPerUser, itemCount / 2, UserActivityExponent);
        Shuffle(random, activity);

        var itemWeights = new double[itemCount];
        for (int rank = 0; rank < itemCount; rank++)
        {
            itemWeights[rank] = Math.Pow(rank + 1, -ItemPopularityExponent);
        }

        Shuffle(random, itemWeights);

        var userBiases = new double[userCount];
        for (int u = 0; u < userCount; u++)
        {
            userBiases[u] = 0.4 * NextNormal(random);
        }

        var itemBiases = new double[itemCount];
        for (int i = 0; i < itemCount; i++)
        {
            itemBiases[i] = 0.6 * NextNormal(random);
        }

        return (activity, itemWeights, userBiases, itemBiases);
    }

    /// <summary>
    /// Splits <paramref name="total"/> into <paramref name="count"/> shares of at least <paramref name="min"/> and at
    /// most <paramref name="max"/>, the part above the minimum in proportion to rank^−exponent. Shares that hit the
    /// maximum are fixed there and the rest is shared again among the others.
    /// </summary>
    private static int[] ShareByRank(int total, int count, int min, int max, double exponent)
    {
        if ((long)count * min > total || (long)count * max < total)
        {
            throw new ArgumentOutOfRangeException(
                nameof(total), total, $"Cannot split {total} into {count} shares of {min} to {max}.");
        }

        var shares = new int[count];
        var capped = new bool[count];
        bool changed = true;
        while (changed)
        {
            changed = false;
            long fixedTotal = 0;
            double weightTotal = 0;
            int open = 0;
            for (int rank = 0; rank < count; rank++)
            {
                if (capped[rank])
                {
                    fixedTotal += max;
                }
                else
                {
                    weightTotal += Math.Pow(rank + 1, -exponent);
                    open++;
                }
            }

            double spare = total - fixedTotal - ((long)open * min);
            for (int rank = 0; rank < count; rank++)
            {
                if (capped[rank])
                {
                    shares[rank] = max;
                    continue;
                }

                double share = min + (spare * Math.Pow(rank + 1, -exponent) / weightTotal);
                if (share >= max)
                {
                    capped[rank] = true;
                    changed = true;
                }

                shares[rank] = (int)Math.Min(Math.Floor(share), max);
            }
        }

        // Flooring leaves fewer than `count` ratings unassigned. They go one by one to the most active open ranks.
        int missing = total - shares.Sum();
        for (int rank = 0; missing > 0; rank = (rank + 1) % count)
        {
            if (shares[rank] < max)
            {
                shares[rank]++;
                missing--;
            }
        }

        return shares;
    }

    private static void Shuffle<T>(SplitMix64 random, T[] values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Draws from the standard normal distribution with the Box-Muller transform.</summary>
    private static double NextNormal(SplitMix64 random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Integer weights in a Fenwick tree, from which items are drawn without replacement in proportion to their
    /// weights, in O(log n) per draw and per restore.
    /// </summary>
    private sealed class WeightedUrn
    {
        private readonly long[] _weights;
        private readonly long[] _tree;
        private readonly int _highestStep;

        public WeightedUrn(long[] weights)
        {
            _weights = weights;
            _tree = new long[weights.Length + 1];
            for (int i = 1; i <= weights.Length; i++)
            {
                // Each node adds its own weight and passes its partial sum to its parent, which builds the tree in O(n).
                _tree[i] += weights[i - 1];
                int parent = i + (i & -i);
                if (parent <= weights.Length)
                {
                    _tree[parent] += _tree[i];
                }

                Total += weights[i - 1];
            }

            _highestStep = 1;
            while (_highestStep * 2 <= weights.Length)
            {
                _highestStep *= 2;
            }
        }

        /// <summary>The sum of the weights of the items not taken.</summary>
        public long Total { get; private set; }

        /// <summary>
        /// Takes the item whose share of the cumulative weight contains <paramref name="target"/>, in 0..Total-1, and
        /// sets its weight to 0 until <see cref="Restore"/>.
        /// </summary>
        public int Take(ulong target)
        {
            // Descend the tree: the result is the first item whose cumulative weight exceeds target. A taken item adds
            // 0 to every prefix, so it is never the first to exceed it.
            long remaining = (long)target;
            int position = 0;
            for (int step = _highestStep; step > 0; step >>= 1)
            {
                int candidate = position + step;
                if (candidate < _tree.Length && _tree[candidate] <= remaining)
                {
                    position = candidate;
                    remaining -= _tree[candidate];
                }
            }

            Add(position, -_weights[position]);
            return position;
        }

        /// <summary>Gives a taken item its weight back.</summary>
        public void Restore(int item) => Add(item, _weights[item]);

        private void Add(int item, long delta)
        {
            for (int i = item + 1; i < _tree.Length; i += i & -i)
            {
                _tree[i] += delta;
            }

            Total += delta;
        }
    }

    /// <summary>SplitMix64: a 64-bit generator built from integer arithmetic only, so its output depends only on the seed.</summary>
    private sealed class SplitMix64(long seed)
    {
        private ulong _state = (ulong)seed;

        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Returns a uniform double in [0, 1) from the top 53 bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Returns a uniform integer in [0, <paramref name="bound"/>).</summary>
        public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);
    }
}

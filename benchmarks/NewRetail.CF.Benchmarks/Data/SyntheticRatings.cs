namespace NewRetail.CF.Benchmarks.Data;

/// <summary>
/// Generates a deterministic rating data set with power-law user activity and item popularity, so that the
/// benchmarks run, and scale past MovieLens 100K, without any data files.
/// </summary>
/// <remarks>
/// <para>Shape: √R·3 users and √R·5 items for R ratings, which keeps the density at about 6.7 % for every R
/// (MovieLens 100K: 943 users, 1,682 items, 6.3 %). For R = 10^5 that is 949 users and 1,581 items. For R = 10^6 it
/// is 3,000 users and 5,000 items.</para>
/// <para>Activity: every user gets at least <see cref="MinRatingsPerUser"/> ratings, as in MovieLens, and at most
/// half of the catalogue. The rest is shared in proportion to rank^−<see cref="UserActivityExponent"/>. Each user's
/// items are drawn without replacement with probability proportional to rank^−<see cref="ItemPopularityExponent"/>,
/// by Efraimidis-Spirakis weighted sampling. Ranks are assigned to ids in shuffled order, so id order carries no
/// information about activity or popularity.</para>
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

    /// <summary>Generates <paramref name="ratingCount"/> ratings.</summary>
    /// <param name="ratingCount">The number of ratings R, at least 1,000 so that every user can get the minimum.</param>
    /// <param name="seed">The random seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratingCount"/> is below 1,000.</exception>
    public static RatingTriples Generate(int ratingCount, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratingCount, 1_000);

        int userCount = (int)Math.Round(3 * Math.Sqrt(ratingCount));
        int itemCount = (int)Math.Round(5 * Math.Sqrt(ratingCount));
        var random = new SplitMix64(seed);

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

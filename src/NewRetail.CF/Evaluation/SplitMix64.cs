namespace NewRetail.CF.Evaluation;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014),
/// used for shuffles that must give the same result on every .NET version and platform.
/// </summary>
/// <remarks>
/// <para>The documentation of <see cref="Random"/> does not promise the same sequence across .NET versions, so splits
/// do not use it. This generator is fully defined by the code below: the state starts at the seed, each call adds
/// 0x9E3779B97F4A7C15 and mixes the state with two xor-shift-multiply rounds.</para>
/// <para>It is not cryptographically secure.</para>
/// </remarks>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(long seed) => _state = unchecked((ulong)seed);

    /// <summary>Returns the next 64-bit value.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Returns a uniformly distributed integer in [0, <paramref name="bound"/>).</summary>
    /// <remarks>
    /// Values from the top 2^64 mod bound of the 64-bit range are drawn again, so every result is equally likely.
    /// </remarks>
    public int NextInt32(int bound)
    {
        ulong range = (ulong)bound;
        ulong remainder = ((ulong.MaxValue % range) + 1) % range;
        ulong value = NextUInt64();
        if (remainder != 0)
        {
            // The largest multiple of range that fits in 2^64 values is 2^64 − remainder.
            ulong limit = unchecked(0UL - remainder);
            while (value >= limit)
            {
                value = NextUInt64();
            }
        }

        return (int)(value % range);
    }

    /// <summary>Returns a permutation of 0..count-1: the identity, shuffled by <see cref="Shuffle"/> with a new generator.</summary>
    public static int[] Permutation(int count, long seed)
    {
        var permutation = new int[count];
        for (int p = 0; p < count; p++)
        {
            permutation[p] = p;
        }

        new SplitMix64(seed).Shuffle(permutation);
        return permutation;
    }

    /// <summary>
    /// Shuffles <paramref name="values"/> in place by the Fisher–Yates shuffle: for p from length − 1 down to 1, swap
    /// the entries at p and <see cref="NextInt32"/>(p + 1).
    /// </summary>
    public void Shuffle(Span<int> values)
    {
        for (int p = values.Length - 1; p > 0; p--)
        {
            int other = NextInt32(p + 1);
            (values[p], values[other]) = (values[other], values[p]);
        }
    }
}

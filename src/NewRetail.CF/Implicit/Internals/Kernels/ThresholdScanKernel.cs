using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewRetail.CF.Implicit.Internals.Kernels;

/// <summary>Finds the first value above a threshold in a dense score array.</summary>
/// <remarks>
/// <para>Top-N selection over the scores of a whole catalogue spends most of its time on items that cannot enter the
/// list (score 0, or below the current N-th best). Comparing four or two doubles per instruction skips them in blocks,
/// and only the lanes that pass go to scalar code.</para>
/// <para>NaN is never above a threshold, on every path.</para>
/// </remarks>
internal static class ThresholdScanKernel
{
    /// <summary>Returns the index of the first value &gt; <paramref name="threshold"/>, or -1 when there is none.</summary>
    public static int IndexOfGreater(ReadOnlySpan<double> values, double threshold)
    {
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<double>.Count)
        {
            return IndexOfGreaterVector256(values, threshold);
        }

        if (Vector128.IsHardwareAccelerated && values.Length >= Vector128<double>.Count)
        {
            return IndexOfGreaterVector128(values, threshold);
        }

        return IndexOfGreaterScalar(values, threshold);
    }

    /// <summary>The reference loop, and the path for inputs shorter than one vector.</summary>
    public static int IndexOfGreaterScalar(ReadOnlySpan<double> values, double threshold)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > threshold)
            {
                return i;
            }
        }

        return -1;
    }

    internal static int IndexOfGreaterVector256(ReadOnlySpan<double> values, double threshold)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        var limit = Vector256.Create(threshold);
        int last = values.Length - Vector256<double>.Count;
        for (int i = 0; i <= last; i += Vector256<double>.Count)
        {
            uint mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), limit).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        // The tail is one overlapping vector ending at the last value. Its leading lanes were already found ≤ the
        // threshold, so its first set bit is the first new match.
        if (values.Length % Vector256<double>.Count != 0)
        {
            uint mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)last), limit).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return last + BitOperations.TrailingZeroCount(mask);
            }
        }

        return -1;
    }

    internal static int IndexOfGreaterVector128(ReadOnlySpan<double> values, double threshold)
    {
        ref double start = ref MemoryMarshal.GetReference(values);
        var limit = Vector128.Create(threshold);
        int last = values.Length - Vector128<double>.Count;
        for (int i = 0; i <= last; i += Vector128<double>.Count)
        {
            uint mask = Vector128.GreaterThan(Vector128.LoadUnsafe(ref start, (nuint)i), limit).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return i + BitOperations.TrailingZeroCount(mask);
            }
        }

        if (values.Length % Vector128<double>.Count != 0)
        {
            uint mask = Vector128.GreaterThan(Vector128.LoadUnsafe(ref start, (nuint)last), limit).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return last + BitOperations.TrailingZeroCount(mask);
            }
        }

        return -1;
    }
}

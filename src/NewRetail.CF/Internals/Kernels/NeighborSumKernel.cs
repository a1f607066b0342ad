using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewRetail.CF.Internals.Kernels;

/// <summary>
/// Adds one neighbour's contribution to the score sums of every candidate at once:
/// numerator[i] += (w[i]·deviation) / divisor, denominator[i] += |w[i]|, count[i] += 1, for each i with a usable weight
/// (w ≠ 0, or w &gt; 0 when only positive weights count).
/// </summary>
/// <remarks>
/// <para>Every lane performs the same double operations in the same order as the scalar loop (widen, multiply, divide,
/// add; no fused multiply-add), so the vector and scalar paths give bit-identical sums. A skipped weight adds +0 or −0,
/// which leaves a sum that started at +0 unchanged.</para>
/// </remarks>
internal static class NeighborSumKernel
{
    public static void Accumulate(
        ReadOnlySpan<float> weights,
        double deviation,
        double divisor,
        bool positiveOnly,
        Span<double> numerator,
        Span<double> denominator,
        Span<double> count)
    {
        if (numerator.Length != weights.Length || denominator.Length != weights.Length || count.Length != weights.Length)
        {
            throw new ArgumentException("All spans must have the length of the weights.", nameof(numerator));
        }

        int done = 0;
        if (Vector256.IsHardwareAccelerated && weights.Length >= Vector256<float>.Count)
        {
            done = AccumulateVector256(weights, deviation, divisor, positiveOnly, numerator, denominator, count);
        }
        else if (Vector128.IsHardwareAccelerated && weights.Length >= Vector128<float>.Count)
        {
            done = AccumulateVector128(weights, deviation, divisor, positiveOnly, numerator, denominator, count);
        }

        AccumulateScalar(weights[done..], deviation, divisor, positiveOnly, numerator[done..], denominator[done..], count[done..]);
    }

    /// <summary>The reference loop; also finishes the tail that no full vector covers.</summary>
    public static void AccumulateScalar(
        ReadOnlySpan<float> weights,
        double deviation,
        double divisor,
        bool positiveOnly,
        Span<double> numerator,
        Span<double> denominator,
        Span<double> count)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            if (w == 0 || (positiveOnly && w < 0))
            {
                continue;
            }

            numerator[i] += w * deviation / divisor;
            denominator[i] += Math.Abs(w);
            count[i] += 1;
        }
    }

    private static int AccumulateVector256(
        ReadOnlySpan<float> weights,
        double deviation,
        double divisor,
        bool positiveOnly,
        Span<double> numerator,
        Span<double> denominator,
        Span<double> count)
    {
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref double num = ref MemoryMarshal.GetReference(numerator);
        ref double den = ref MemoryMarshal.GetReference(denominator);
        ref double cnt = ref MemoryMarshal.GetReference(count);
        var deviationVector = Vector256.Create(deviation);
        var divisorVector = Vector256.Create(divisor);
        int last = weights.Length - Vector256<float>.Count;
        int i = 0;
        for (; i <= last; i += Vector256<float>.Count)
        {
            // Eight floats widen to two vectors of four doubles; each half is processed like the scalar loop.
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref w, (nuint)i));
            Step(lower, deviationVector, divisorVector, positiveOnly, ref num, ref den, ref cnt, i);
            Step(upper, deviationVector, divisorVector, positiveOnly, ref num, ref den, ref cnt, i + Vector256<double>.Count);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        Vector256<double> weight,
        Vector256<double> deviation,
        Vector256<double> divisor,
        bool positiveOnly,
        ref double num,
        ref double den,
        ref double cnt,
        int offset)
    {
        var usable = positiveOnly
            ? Vector256.GreaterThan(weight, Vector256<double>.Zero)
            : ~Vector256.Equals(weight, Vector256<double>.Zero);
        var contribution = Vector256.ConditionalSelect(usable, (weight * deviation) / divisor, Vector256<double>.Zero);
        var magnitude = Vector256.ConditionalSelect(usable, Vector256.Abs(weight), Vector256<double>.Zero);
        var increment = Vector256.ConditionalSelect(usable, Vector256<double>.One, Vector256<double>.Zero);
        (Vector256.LoadUnsafe(ref num, (nuint)offset) + contribution).StoreUnsafe(ref num, (nuint)offset);
        (Vector256.LoadUnsafe(ref den, (nuint)offset) + magnitude).StoreUnsafe(ref den, (nuint)offset);
        (Vector256.LoadUnsafe(ref cnt, (nuint)offset) + increment).StoreUnsafe(ref cnt, (nuint)offset);
    }

    private static int AccumulateVector128(
        ReadOnlySpan<float> weights,
        double deviation,
        double divisor,
        bool positiveOnly,
        Span<double> numerator,
        Span<double> denominator,
        Span<double> count)
    {
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref double num = ref MemoryMarshal.GetReference(numerator);
        ref double den = ref MemoryMarshal.GetReference(denominator);
        ref double cnt = ref MemoryMarshal.GetReference(count);
        var deviationVector = Vector128.Create(deviation);
        var divisorVector = Vector128.Create(divisor);
        int last = weights.Length - Vector128<float>.Count;
        int i = 0;
        for (; i <= last; i += Vector128<float>.Count)
        {
            var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref w, (nuint)i));
            Step128(lower, deviationVector, divisorVector, positiveOnly, ref num, ref den, ref cnt, i);
            Step128(upper, deviationVector, divisorVector, positiveOnly, ref num, ref den, ref cnt, i + Vector128<double>.Count);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step128(
        Vector128<double> weight,
        Vector128<double> deviation,
        Vector128<double> divisor,
        bool positiveOnly,
        ref double num,
        ref double den,
        ref double cnt,
        int offset)
    {
        var usable = positiveOnly
            ? Vector128.GreaterThan(weight, Vector128<double>.Zero)
            : ~Vector128.Equals(weight, Vector128<double>.Zero);
        var contribution = Vector128.ConditionalSelect(usable, (weight * deviation) / divisor, Vector128<double>.Zero);
        var magnitude = Vector128.ConditionalSelect(usable, Vector128.Abs(weight), Vector128<double>.Zero);
        var increment = Vector128.ConditionalSelect(usable, Vector128<double>.One, Vector128<double>.Zero);
        (Vector128.LoadUnsafe(ref num, (nuint)offset) + contribution).StoreUnsafe(ref num, (nuint)offset);
        (Vector128.LoadUnsafe(ref den, (nuint)offset) + magnitude).StoreUnsafe(ref den, (nuint)offset);
        (Vector128.LoadUnsafe(ref cnt, (nuint)offset) + increment).StoreUnsafe(ref cnt, (nuint)offset);
    }
}

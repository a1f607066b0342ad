using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewRetail.CF.Internals.Kernels;

/// <summary>
/// Finishes a block of correlations at once: s = clamp(xy / √(xx·yy), −1, 1), or 0 when xx·yy is 0, then the zero
/// tolerance and the shrinkage of <see cref="SimilarityEngine.Finish"/>, rounded to <see cref="float"/>.
/// </summary>
/// <remarks>
/// <para>Every lane performs the same double operations in the same order as the scalar loop (convert, multiply,
/// square root, divide, clamp, compare, multiply, add, divide, round to float; no fused multiply-add). Those operations
/// are correctly rounded in both forms, so the vector and scalar paths give bit-identical results.</para>
/// <para>The inputs are the exact integer sums, below 2^51 in magnitude, so every conversion to <see cref="double"/>
/// is exact. A pair that is not usable, because it was never co-rated or has too little support, is passed with
/// xx = 0 and gets 0.</para>
/// </remarks>
internal static class CorrelationKernel
{
    public static void Finish(
        ReadOnlySpan<long> products,
        ReadOnlySpan<long> squaresX,
        ReadOnlySpan<long> squaresY,
        ReadOnlySpan<long> counts,
        double shrinkage,
        Span<float> destination)
    {
        int length = destination.Length;
        if (products.Length < length || squaresX.Length < length || squaresY.Length < length || counts.Length < length)
        {
            throw new ArgumentException("Every input span must be at least as long as the destination.", nameof(destination));
        }

        int done = 0;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<double>.Count)
        {
            done = FinishVector256(products, squaresX, squaresY, counts, shrinkage, destination);
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<double>.Count)
        {
            done = FinishVector128(products, squaresX, squaresY, counts, shrinkage, destination);
        }

        FinishScalar(products[done..], squaresX[done..], squaresY[done..], counts[done..], shrinkage, destination[done..]);
    }

    /// <summary>
    /// Finishes the pairs one at a time with the arithmetic of the scalar packed path. It is the reference for the
    /// vector loops, and it also finishes their tail.
    /// </summary>
    public static void FinishScalar(
        ReadOnlySpan<long> products,
        ReadOnlySpan<long> squaresX,
        ReadOnlySpan<long> squaresY,
        ReadOnlySpan<long> counts,
        double shrinkage,
        Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            double denominator = Math.Sqrt((double)squaresX[i] * squaresY[i]);
            double similarity = denominator > 0 ? Math.Clamp(products[i] / denominator, -1, 1) : double.NaN;
            destination[i] = (float)SimilarityEngine.Finish(similarity, counts[i], shrinkage);
        }
    }

    private static int FinishVector256(
        ReadOnlySpan<long> products,
        ReadOnlySpan<long> squaresX,
        ReadOnlySpan<long> squaresY,
        ReadOnlySpan<long> counts,
        double shrinkage,
        Span<float> destination)
    {
        ref long xy = ref MemoryMarshal.GetReference(products);
        ref long xx = ref MemoryMarshal.GetReference(squaresX);
        ref long yy = ref MemoryMarshal.GetReference(squaresY);
        ref long count = ref MemoryMarshal.GetReference(counts);
        ref float result = ref MemoryMarshal.GetReference(destination);
        int last = destination.Length - Vector256<double>.Count;
        int i = 0;
        for (; i <= last; i += Vector256<double>.Count)
        {
            var similarity = Finish256(
                ToDouble(Vector256.LoadUnsafe(ref xy, (nuint)i)),
                ToDouble(Vector256.LoadUnsafe(ref xx, (nuint)i)),
                ToDouble(Vector256.LoadUnsafe(ref yy, (nuint)i)),
                ToDouble(Vector256.LoadUnsafe(ref count, (nuint)i)),
                shrinkage);
            similarity.StoreUnsafe(ref result, (nuint)i);
        }

        return i;
    }

    /// <summary>Finishes four pairs from their terms and support as doubles, and rounds the results to floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Finish256(
        Vector256<double> products,
        Vector256<double> squaresX,
        Vector256<double> squaresY,
        Vector256<double> counts,
        double shrinkage)
    {
        var denominator = Vector256.Sqrt(squaresX * squaresY);
        var similarity = Vector256.Min(Vector256.Max(products / denominator, Vector256.Create(-1.0)), Vector256<double>.One);

        // A residue below the tolerance and an undefined correlation (denominator 0, ratio NaN) both become +0.
        var usable = Vector256.GreaterThan(denominator, Vector256<double>.Zero)
            & ~Vector256.LessThan(Vector256.Abs(similarity), Vector256.Create(SimilarityEngine.ZeroTolerance));
        if (shrinkage > 0)
        {
            var supportLessOne = counts - Vector256<double>.One;
            similarity = similarity * supportLessOne / (supportLessOne + Vector256.Create(shrinkage));
        }

        similarity = Vector256.ConditionalSelect(usable, similarity, Vector256<double>.Zero);

        // Narrowing rounds each lane to the nearest float, as the scalar cast does.
        return Vector128.Narrow(similarity.GetLower(), similarity.GetUpper());
    }

    private static int FinishVector128(
        ReadOnlySpan<long> products,
        ReadOnlySpan<long> squaresX,
        ReadOnlySpan<long> squaresY,
        ReadOnlySpan<long> counts,
        double shrinkage,
        Span<float> destination)
    {
        ref long xy = ref MemoryMarshal.GetReference(products);
        ref long xx = ref MemoryMarshal.GetReference(squaresX);
        ref long yy = ref MemoryMarshal.GetReference(squaresY);
        ref long count = ref MemoryMarshal.GetReference(counts);
        ref float result = ref MemoryMarshal.GetReference(destination);
        int last = destination.Length - Vector128<double>.Count;
        int i = 0;
        for (; i <= last; i += Vector128<double>.Count)
        {
            var similarity = Step128(
                ToDouble(Vector128.LoadUnsafe(ref xy, (nuint)i)),
                ToDouble(Vector128.LoadUnsafe(ref xx, (nuint)i)),
                ToDouble(Vector128.LoadUnsafe(ref yy, (nuint)i)),
                ToDouble(Vector128.LoadUnsafe(ref count, (nuint)i)),
                shrinkage);
            Unsafe.Add(ref result, i) = (float)similarity.GetElement(0);
            Unsafe.Add(ref result, i + 1) = (float)similarity.GetElement(1);
        }

        return i;
    }

    /// <summary>The bit pattern of 1.5 × 2^52, where one unit in the last place is exactly 1.</summary>
    private const long MagicBits = 0x4338000000000000;

    /// <summary>1.5 × 2^52.</summary>
    private const double Magic = 6755399441055744.0;

    /// <summary>
    /// Converts integers below 2^51 in magnitude to doubles exactly, as the scalar cast does, without the conversion
    /// instruction that AVX2 lacks: the integer is added to the bit pattern of 1.5 × 2^52 and 1.5 × 2^52 is subtracted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> ToDouble(Vector256<long> value)
        => (value + Vector256.Create(MagicBits)).AsDouble() - Vector256.Create(Magic);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ToDouble(Vector128<long> value)
        => (value + Vector128.Create(MagicBits)).AsDouble() - Vector128.Create(Magic);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Step128(Vector128<double> xy, Vector128<double> xx, Vector128<double> yy, Vector128<double> count, double shrinkage)
    {
        var denominator = Vector128.Sqrt(xx * yy);
        var similarity = Vector128.Min(Vector128.Max(xy / denominator, Vector128.Create(-1.0)), Vector128<double>.One);
        var usable = Vector128.GreaterThan(denominator, Vector128<double>.Zero)
            & ~Vector128.LessThan(Vector128.Abs(similarity), Vector128.Create(SimilarityEngine.ZeroTolerance));
        if (shrinkage > 0)
        {
            var supportLessOne = count - Vector128<double>.One;
            similarity = similarity * supportLessOne / (supportLessOne + Vector128.Create(shrinkage));
        }

        return Vector128.ConditionalSelect(usable, similarity, Vector128<double>.Zero);
    }
}

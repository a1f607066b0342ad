using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NewRetail.CF.Implicit.Internals.Kernels;

/// <summary>Adds a scaled sparse vector to a dense one: destination[indices[t]] += scale·values[t].</summary>
/// <remarks>
/// <para>This is the whole of scoring: a neighbour list (item-based) or a neighbour's row (user-based) scaled by one
/// weight and added to the scores of the catalogue.</para>
/// <para>The vector path widens and multiplies four values per instruction and then adds them one by one, because
/// x86 and Arm have no scatter store below AVX-512. Every product is the same double operation as in the scalar loop
/// and the adds keep their order, so both paths give bit-identical sums.</para>
/// </remarks>
internal static class ScatterKernel
{
    public static void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double scale, Span<double> destination)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"The indices ({indices.Length}) and values ({values.Length}) must have the same length.", nameof(values));
        }

        int done = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<double>.Count)
        {
            done = AddVector256(indices, values, scale, destination);
        }

        AddScalar(indices[done..], values[done..], scale, destination);
    }

    /// <summary>The reference loop; also finishes the tail that no full vector covers.</summary>
    public static void AddScalar(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double scale, Span<double> destination)
    {
        for (int t = 0; t < indices.Length; t++)
        {
            destination[indices[t]] += scale * values[t];
        }
    }

    private static int AddVector256(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double scale, Span<double> destination)
    {
        ref float value = ref MemoryMarshal.GetReference(values);
        var scaleVector = Vector256.Create(scale);
        int last = values.Length - Vector256<double>.Count;
        int t = 0;
        for (; t <= last; t += Vector256<double>.Count)
        {
            var products = Vector256.WidenLower(Vector128.LoadUnsafe(ref value, (nuint)t).ToVector256Unsafe()) * scaleVector;

            // The bounds-checked indexer keeps a bad index from writing outside the destination.
            destination[indices[t]] += products.GetElement(0);
            destination[indices[t + 1]] += products.GetElement(1);
            destination[indices[t + 2]] += products.GetElement(2);
            destination[indices[t + 3]] += products.GetElement(3);
        }

        return t;
    }
}

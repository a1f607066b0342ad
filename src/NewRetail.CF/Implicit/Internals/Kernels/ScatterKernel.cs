namespace NewRetail.CF.Implicit.Internals.Kernels;

/// <summary>Adds a scaled sparse vector to a dense one: destination[indices[t]] += scale·values[t].</summary>
/// <remarks>
/// <para>This is the whole of scoring: a neighbour list (item-based) or a neighbour's row (user-based) scaled by one
/// weight and added to the scores of the catalogue.</para>
/// <para>The loop is scalar on purpose. Its cost is the random access to the destination; a variant that multiplied
/// four values per instruction and then added them one by one (x86 and Arm have no scatter store below AVX-512) ran
/// within the noise of this loop, at 0.92 and 0.96 of its time for 50 and 1,003 entries, in a BenchmarkDotNet run on
/// the 2-core AVX2 machine of benchmarks/README.md.</para>
/// </remarks>
internal static class ScatterKernel
{
    public static void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double scale, Span<double> destination)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"The indices ({indices.Length}) and values ({values.Length}) must have the same length.", nameof(values));
        }

        for (int t = 0; t < indices.Length; t++)
        {
            destination[indices[t]] += scale * values[t];
        }
    }
}

namespace NewRetail.CF.Data;

/// <summary>One row or column of a sparse matrix: strictly increasing indices and their values.</summary>
public readonly ref struct SparseVector
{
    internal SparseVector(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        Indices = indices;
        Values = values;
    }

    /// <summary>The indices of the stored entries, in increasing order.</summary>
    public ReadOnlySpan<int> Indices { get; }

    /// <summary>The stored values, parallel to <see cref="Indices"/>.</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>The number of stored entries.</summary>
    public int Length => Indices.Length;
}

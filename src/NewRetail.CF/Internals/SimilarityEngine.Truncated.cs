using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>
/// Each entity's most similar neighbours, in compressed rows: the neighbours of entity a are
/// <c>Indices[Pointers[a]..Pointers[a + 1]]</c> with <c>Weights</c> at the same positions, sorted by similarity, highest
/// first, ties by lower index. Only non-zero similarities are stored.
/// </summary>
internal sealed class NeighborLists
{
    /// <param name="pointers">Where each entity's list starts.</param>
    /// <param name="indices">The neighbours.</param>
    /// <param name="weights">Their similarities.</param>
    /// <param name="withReverseIndex">Whether to build the reverse index that scoring all items of an item-based model reads.</param>
    public NeighborLists(int[] pointers, int[] indices, float[] weights, bool withReverseIndex)
    {
        Pointers = pointers;
        Indices = indices;
        Weights = weights;
        if (!withReverseIndex)
        {
            ReversePointers = ReversePositions = ReverseOwners = [];
            return;
        }

        // The reverse index: for each entity j, the list positions p where j is a neighbour, in increasing p. Counting
        // then placing keeps each reverse list sorted.
        int n = pointers.Length - 1;
        var reversePointers = new int[n + 1];
        foreach (int j in indices)
        {
            reversePointers[j + 1]++;
        }

        for (int j = 0; j < n; j++)
        {
            reversePointers[j + 1] += reversePointers[j];
        }

        var next = reversePointers.AsSpan(0, n).ToArray();
        var reversePositions = new int[indices.Length];
        var reverseOwners = new int[indices.Length];
        for (int a = 0; a < n; a++)
        {
            for (int p = pointers[a]; p < pointers[a + 1]; p++)
            {
                int slot = next[indices[p]]++;
                reversePositions[slot] = p;
                reverseOwners[slot] = a;
            }
        }

        ReversePointers = reversePointers;
        ReversePositions = reversePositions;
        ReverseOwners = reverseOwners;
    }

    public int[] Pointers { get; }

    public int[] Indices { get; }

    public float[] Weights { get; }

    /// <summary>Where the reverse list of each entity starts in <see cref="ReversePositions"/> and <see cref="ReverseOwners"/>.</summary>
    public int[] ReversePointers { get; }

    /// <summary>List positions (into <see cref="Indices"/> and <see cref="Weights"/>) that name the entity.</summary>
    public int[] ReversePositions { get; }

    /// <summary>The entity whose list contains each reverse position.</summary>
    public int[] ReverseOwners { get; }

    public long Bytes =>
        ((long)(Pointers.Length + ReversePointers.Length + ReversePositions.Length + ReverseOwners.Length) * sizeof(int))
        + ((long)Indices.Length * (sizeof(int) + sizeof(float)));

    public ReadOnlySpan<int> IndicesOf(int a) => Indices.AsSpan(Pointers[a], Pointers[a + 1] - Pointers[a]);

    public ReadOnlySpan<float> WeightsOf(int a) => Weights.AsSpan(Pointers[a], Pointers[a + 1] - Pointers[a]);
}

/// <summary>
/// The memory-bounded path: each row a is compared with every other row, its similarities land in a per-thread dense
/// row, and only the <c>maxStored</c> highest are kept. Memory is O(n·M) for the result plus O(n) per thread, and no
/// n × n array is allocated.
/// </summary>
/// <remarks>
/// Every pair is computed twice, once from each side, so that a row is complete when it is selected. The work is
/// therefore twice the co-rated pair updates of the dense path, and still proportional to them.
/// </remarks>
internal static partial class SimilarityEngine
{
    internal static NeighborLists ComputeTruncated(
        SparseView view,
        SimilarityMetric metric,
        int minSupport,
        double shrinkage,
        BaselineBiases? biases,
        bool userBased,
        int maxStored,
        ParallelOptions options,
        bool allowPacked = true,
        StageProgress? progress = null)
    {
        int n = view.RowCount;
        int listLength = Math.Min(maxStored, Math.Max(n - 1, 0));
        var counts = new int[n];
        var indices = new int[(long)n * listLength];
        var weights = new float[(long)n * listLength];

        // 1. Each row: accumulate against every other row, finish the similarities, keep the best.
        var kernel = new FullRowKernel(view, metric, minSupport, shrinkage, biases, userBased, allowPacked);
        var workspaces = new WorkspacePool<TruncatedWorkspace>(kernel.CreateWorkspace);
        Parallel.For(
            0,
            n,
            options,
            workspaces.Rent,
            (a, _, w) =>
            {
                var touched = kernel.Compute(a, w);
                counts[a] = KeepBest(touched, w.Row, w.Candidates, listLength, indices.AsSpan(a * listLength, listLength), weights.AsSpan(a * listLength, listLength));
                progress?.Advance();
                return w;
            },
            workspaces.Return);

        // 2. Compact the fixed-size blocks into compressed rows.
        var pointers = new int[n + 1];
        for (int a = 0; a < n; a++)
        {
            pointers[a + 1] = pointers[a] + counts[a];
        }

        var packedIndices = new int[pointers[n]];
        var packedWeights = new float[pointers[n]];
        for (int a = 0; a < n; a++)
        {
            indices.AsSpan(a * listLength, counts[a]).CopyTo(packedIndices.AsSpan(pointers[a]));
            weights.AsSpan(a * listLength, counts[a]).CopyTo(packedWeights.AsSpan(pointers[a]));
        }

        return new NeighborLists(pointers, packedIndices, packedWeights, withReverseIndex: !userBased);
    }

    /// <summary>
    /// Moves the non-zero similarities of the touched rows out of <paramref name="row"/> (leaving it zeroed), keeps the
    /// <paramref name="listLength"/> highest, sorted, and returns how many were written.
    /// </summary>
    private static int KeepBest(
        ReadOnlySpan<int> touched,
        float[] row,
        NeighborhoodCore.Candidate[] candidates,
        int listLength,
        Span<int> indices,
        Span<float> weights)
    {
        int count = 0;
        foreach (int b in touched)
        {
            float similarity = row[b];
            row[b] = 0;
            if (similarity != 0)
            {
                candidates[count++] = new NeighborhoodCore.Candidate(b, similarity, 0);
            }
        }

        var best = candidates.AsSpan(0, count);
        if (count > listLength)
        {
            best = NeighborhoodCore.SelectBest(best, listLength);
        }

        best.Sort(static (x, y) => x.Weight != y.Weight ? y.Weight.CompareTo(x.Weight) : x.Index.CompareTo(y.Index));
        for (int t = 0; t < best.Length; t++)
        {
            indices[t] = best[t].Index;
            weights[t] = best[t].Weight;
        }

        return best.Length;
    }

    /// <summary>
    /// Adds the sums of every pair (a, b ≠ a) that shares a column, in the slot of b, and returns how many slots were
    /// touched, listed in the workspace.
    /// </summary>
    private static int AccumulatePackedFullRow(SparseView view, int[] rowValues, int[] columnValues, int a, PackedAccumulators s)
    {
        ref PackedSlot slots = ref MemoryMarshal.GetArrayDataReference(s.Slots);
        var touched = s.Touched;
        int touchedCount = 0;
        for (int k = view.RowPointers[a]; k < view.RowPointers[a + 1]; k++)
        {
            int column = view.ColumnIndices[k];
            int columnEnd = view.ColumnPointers[column + 1];
            long x = rowValues[k];
            long left = 1 + (x << FieldBits) + ((x * x) << (2 * FieldBits));
            long xyField = 1 + (x << (2 * FieldBits));
            for (int p = view.ColumnPointers[column]; p < columnEnd; p++)
            {
                int b = view.RowIndices[p];
                if (b == a)
                {
                    continue;
                }

                long y = columnValues[p];
                ref PackedSlot slot = ref Unsafe.Add(ref slots, b);
                if (slot.Left == 0)
                {
                    touched[touchedCount++] = b;
                }

                slot.Left += left;
                slot.Right += y * ((y << FieldBits) + xyField);
            }
        }

        return touchedCount;
    }

    private sealed class TruncatedWorkspace
    {
        public TruncatedWorkspace(int n, bool packed, bool slotMetric, SimilarityStatistics needed)
        {
            Row = new float[n];
            Candidates = new NeighborhoodCore.Candidate[n];
            if (packed)
            {
                Packed = new PackedAccumulators(n);
            }
            else if (slotMetric)
            {
                Slots = new SlotAccumulators(n);
            }
            else
            {
                General = new Accumulators(n, needed);
            }
        }

        public float[] Row { get; }

        public NeighborhoodCore.Candidate[] Candidates { get; }

        public PackedAccumulators? Packed { get; }

        public SlotAccumulators? Slots { get; }

        public Accumulators? General { get; }
    }
}

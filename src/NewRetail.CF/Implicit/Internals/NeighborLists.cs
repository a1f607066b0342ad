using System.Collections.Concurrent;
using StageProgress = NewRetail.CF.Internals.StageProgress;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// The top-k neighbour list of every entity in compressed rows: neighbours sorted by similarity, highest first, ties
/// by index. Immutable and safe to share between threads.
/// </summary>
internal sealed class NeighborLists
{
    internal NeighborLists(int[] pointers, int[] indices, float[] similarities)
    {
        Pointers = pointers;
        Indices = indices;
        Similarities = similarities;
    }

    public int[] Pointers { get; }

    public int[] Indices { get; }

    public float[] Similarities { get; }

    /// <summary>The total number of stored neighbours.</summary>
    public int Count => Indices.Length;

    /// <summary>The bytes of the three arrays.</summary>
    public long Bytes => ((long)Pointers.Length * sizeof(int)) + ((long)Indices.Length * (sizeof(int) + sizeof(float)));

    public ReadOnlySpan<int> NeighborsOf(int entity) => Indices.AsSpan(Pointers[entity], Pointers[entity + 1] - Pointers[entity]);

    public ReadOnlySpan<float> SimilaritiesOf(int entity) => Similarities.AsSpan(Pointers[entity], Pointers[entity + 1] - Pointers[entity]);

    /// <summary>Returns the stored similarity from <paramref name="entity"/> to <paramref name="other"/>, or 0 when it is not a stored neighbour.</summary>
    public double Find(int entity, int other)
    {
        int position = NeighborsOf(entity).IndexOf(other);
        return position < 0 ? 0 : SimilaritiesOf(entity)[position];
    }

    /// <summary>Computes the neighbour lists of every entity of <paramref name="space"/>.</summary>
    /// <remarks>
    /// Rows are computed in parallel, each by one thread from the data alone, so the result does not depend on the
    /// number of threads. Cost: Σ over features of (entities per feature)², and one accumulator row per thread. The
    /// token is checked before each row, and <paramref name="progress"/> counts rows.
    /// </remarks>
    public static NeighborLists Build(
        SimilaritySpace space,
        int maxNeighbors,
        bool normalizeByRowMax,
        int maxDegreeOfParallelism,
        CancellationToken cancellationToken,
        StageProgress? progress = null)
    {
        int entityCount = space.EntityCount;
        var rowIndices = new int[entityCount][];
        var rowSimilarities = new float[entityCount][];
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : -1,
        };

        // Small ranges balance rows of very different cost (a best seller against a niche item).
        var workspaces = new NewRetail.CF.Internals.WorkspacePool<RowWorkspace>(() => new RowWorkspace(entityCount, maxNeighbors));
        Parallel.ForEach(
            Partitioner.Create(0, entityCount, 64),
            options,
            workspaces.Rent,
            (range, _, workspace) =>
            {
                for (int e = range.Item1; e < range.Item2; e++)
                {
                    // The loop itself checks the token only between ranges, and a range of popular entities can be slow.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return workspace;
                    }

                    (rowIndices[e], rowSimilarities[e]) = ComputeRow(space, e, normalizeByRowMax, workspace);
                }

                progress?.Advance(range.Item2 - range.Item1);
                return workspace;
            },
            workspaces.Return);

        // A range left early leaves rows unset. Parallel.ForEach usually throws for the cancellation itself, and this check
        // covers a cancellation it noticed too late.
        cancellationToken.ThrowIfCancellationRequested();

        return FromRows(rowIndices, rowSimilarities);
    }

    /// <summary>Computes the stored list of one entity, as <see cref="Build"/> does for every entity.</summary>
    /// <param name="space">The entities and their values.</param>
    /// <param name="entity">The entity whose list is computed.</param>
    /// <param name="normalizeByRowMax">Whether the list is divided by its largest similarity.</param>
    /// <param name="workspace">Scratch space created with the entity count of <paramref name="space"/> and k.</param>
    public static (int[] Indices, float[] Similarities) ComputeRow(SimilaritySpace space, int entity, bool normalizeByRowMax, RowWorkspace workspace)
    {
        var top = workspace.Top;
        top.Reset(top.Capacity);
        space.FindNeighbors(entity, space.FeaturesOf(entity), space.ValuesOf(entity), space.NormOf(entity), space.SizeOf(entity), workspace);
        var scores = new double[top.Count];
        var indices = new int[top.Count];
        top.DrainBestFirst(scores, indices);
        return (indices, ToStored(scores, normalizeByRowMax));
    }

    /// <summary>Packs one list per entity into compressed rows.</summary>
    public static NeighborLists FromRows(int[][] rowIndices, float[][] rowSimilarities)
    {
        int entityCount = rowIndices.Length;
        var pointers = new int[entityCount + 1];
        for (int e = 0; e < entityCount; e++)
        {
            pointers[e + 1] = pointers[e] + rowIndices[e].Length;
        }

        var allIndices = new int[pointers[entityCount]];
        var allSimilarities = new float[pointers[entityCount]];
        for (int e = 0; e < entityCount; e++)
        {
            rowIndices[e].CopyTo(allIndices, pointers[e]);
            rowSimilarities[e].CopyTo(allSimilarities, pointers[e]);
        }

        return new NeighborLists(pointers, allIndices, allSimilarities);
    }

    /// <summary>Converts a best-first row to stored floats, divided by its first (largest) value when asked.</summary>
    public static float[] ToStored(ReadOnlySpan<double> bestFirst, bool normalizeByRowMax)
    {
        var stored = new float[bestFirst.Length];
        double divisor = normalizeByRowMax && bestFirst.Length > 0 ? bestFirst[0] : 1;
        for (int t = 0; t < stored.Length; t++)
        {
            stored[t] = (float)(bestFirst[t] / divisor);
        }

        return stored;
    }
}

using NewRetail.CF.Similarities;

namespace NewRetail.CF.Internals;

/// <summary>
/// Brings a fitted <see cref="NeighborhoodCore"/> up to date with changed ratings by recomputing only the similarity
/// rows the change can reach, so the result equals a fit on the new data.
/// </summary>
/// <remarks>
/// <para>A similarity is a function of the two entities' co-rated entries and of the centring their metric applies.
/// Row x is "dirty" when one of its entries changed, or, for a metric centred on the other side's means, when one of
/// its columns changed. A pair of clean rows keeps its similarity, so recomputing every dirty row completely, from
/// scratch and with the kernels of a fit, reproduces the fit.</para>
/// <para>Stored neighbour lists of clean rows change only where they name a dirty or removed entity. Such a list keeps
/// the entries it can prove, and is recomputed (repaired) when it can no longer prove M of them.</para>
/// </remarks>
internal static class NeighborhoodUpdate
{
    /// <summary>The updated core and what the update did.</summary>
    /// <param name="Core">The new core.</param>
    /// <param name="Recomputed">Rows recomputed because the change reached them.</param>
    /// <param name="Repaired">Clean rows whose stored list had to be recomputed.</param>
    /// <param name="RefitReason">Why the update fell back to a full fit, or null.</param>
    public sealed record Outcome(NeighborhoodCore Core, int Recomputed, int Repaired, string? RefitReason);

    /// <summary>
    /// Updates <paramref name="old"/> to <paramref name="data"/>. The maps give each new index its old index, or −1 for
    /// an entity the old data did not have. The flags mark, by new index, the users whose row changed and the items
    /// whose column changed.
    /// </summary>
    public static Outcome Apply(
        NeighborhoodCore old,
        SparseRatings data,
        int[] userNewToOld,
        int[] itemNewToOld,
        bool[] changedUsers,
        bool[] changedItems,
        double refitFraction,
        CancellationToken cancellationToken)
    {
        var options = old.Options;
        bool userBased = old.UserBased;
        var metric = options.Similarity;
        var view = data.View(userBased);
        int n = view.RowCount;
        int[] rowNewToOld = userBased ? userNewToOld : itemNewToOld;

        // 1. Dirty rows: changed entries, and for other-side centring every row that shares a changed column.
        var dirty = (bool[])(userBased ? changedUsers : changedItems).Clone();
        if (metric.Centering == EntryCentering.OtherMean)
        {
            var changedColumns = userBased ? changedItems : changedUsers;
            for (int column = 0; column < changedColumns.Length; column++)
            {
                if (!changedColumns[column])
                {
                    continue;
                }

                for (int p = view.ColumnPointers[column]; p < view.ColumnPointers[column + 1]; p++)
                {
                    dirty[view.RowIndices[p]] = true;
                }
            }
        }

        var rows = new List<int>();
        for (int a = 0; a < n; a++)
        {
            if (dirty[a])
            {
                rows.Add(a);
            }
        }

        // 2. Cases where recomputing rows is not exact or not cheaper: a full fit gives the same result.
        string? reason = RefitReason(old, view, n, rows.Count, refitFraction);
        if (reason is not null)
        {
            return new Outcome(NeighborhoodCore.Fit(data, old.Scale, userBased, options, cancellationToken), n, 0, reason);
        }

        // 3. Baselines are global least-squares estimates, so they are refitted whenever the options read them.
        var biases = options.NeedsBaselines ? BaselineBiases.Fit(data, options.Baseline, cancellationToken) : null;
        var parallel = SimilarityEngine.ParallelOptionsFor(options.MaxDegreeOfParallelism, cancellationToken);
        var dirtyRows = rows.ToArray();
        if (old.DenseSimilarities is { } oldMatrix)
        {
            var matrix = UpdateDense(oldMatrix, old.EntityCount, view, metric, options, biases, userBased, rowNewToOld, dirty, dirtyRows, parallel);
            var core = new NeighborhoodCore(data, old.Scale, userBased, options, biases, matrix, neighbors: null);
            return new Outcome(core, dirtyRows.Length, 0, null);
        }

        var (lists, repaired) = UpdateLists(old, view, metric, options, biases, userBased, rowNewToOld, dirty, dirtyRows, parallel);
        return new Outcome(new NeighborhoodCore(data, old.Scale, userBased, options, biases, similarities: null, lists), dirtyRows.Length, repaired, null);
    }

    private static string? RefitReason(NeighborhoodCore old, SparseView view, int n, int dirtyCount, double refitFraction)
    {
        var options = old.Options;
        var metric = options.Similarity;
        if (metric.Centering == EntryCentering.Baseline)
        {
            return "the similarity is centred on baselines, which every rating moves";
        }

        var oldView = old.Data.View(old.UserBased);
        if (SimilarityEngine.PathScale(oldView, metric, options.AllowPackedSums) != SimilarityEngine.PathScale(view, metric, options.AllowPackedSums))
        {
            return "the new ratings change the arithmetic a fit chooses (exact integer or double sums)";
        }

        return dirtyCount > refitFraction * n ? "the change reaches most rows, so a full fit is cheaper" : null;
    }

    private static float[] UpdateDense(
        float[] oldMatrix,
        int oldN,
        SparseView view,
        SimilarityMetric metric,
        KnnOptions options,
        BaselineBiases? biases,
        bool userBased,
        int[] rowNewToOld,
        bool[] dirty,
        int[] dirtyRows,
        ParallelOptions parallel)
    {
        int n = view.RowCount;
        var matrix = new float[(long)n * n];
        bool identity = n == oldN && IsIdentity(rowNewToOld);

        // 1. Clean rows keep their values; the entries of dirty columns are overwritten in step 3.
        Parallel.For(0, n, parallel, a =>
        {
            if (dirty[a])
            {
                return;
            }

            var source = oldMatrix.AsSpan(rowNewToOld[a] * oldN, oldN);
            var target = matrix.AsSpan(a * n, n);
            if (identity)
            {
                source.CopyTo(target);
                return;
            }

            for (int b = 0; b < n; b++)
            {
                int oldB = rowNewToOld[b];
                target[b] = oldB >= 0 ? source[oldB] : 0f;
            }
        });

        // 2. Dirty rows, complete. The rows start zeroed, so only the touched entries are written.
        SimilarityEngine.ComputeRows(
            view,
            metric,
            options.EffectiveMinSupport,
            options.Shrinkage,
            biases,
            userBased,
            dirtyRows,
            options.AllowPackedSums,
            parallel,
            (a, touched, values, _) =>
            {
                var target = matrix.AsSpan(a * n, n);
                foreach (int b in touched)
                {
                    target[b] = values[b];
                }
            });

        // 3. Symmetry: a dirty row's values go into its column of clean rows. Between two dirty rows the lower index
        //    gives the value, because a fit computes each pair once from its lower index. Each dirty row a writes
        //    only column a of clean rows and its own entries below the diagonal, so no two threads write one element.
        Parallel.For(0, dirtyRows.Length, parallel, t =>
        {
            int a = dirtyRows[t];
            long rowA = (long)a * n;
            for (int b = 0; b < n; b++)
            {
                if (!dirty[b])
                {
                    matrix[((long)b * n) + a] = matrix[rowA + b];
                }
                else if (b < a)
                {
                    matrix[rowA + b] = matrix[((long)b * n) + a];
                }
            }
        });

        return matrix;
    }

    private static (NeighborLists Lists, int Repaired) UpdateLists(
        NeighborhoodCore old,
        SparseView view,
        SimilarityMetric metric,
        KnnOptions options,
        BaselineBiases? biases,
        bool userBased,
        int[] rowNewToOld,
        bool[] dirty,
        int[] dirtyRows,
        ParallelOptions parallel)
    {
        int n = view.RowCount;
        int listLength = Math.Min(options.MaxStoredNeighbors!.Value, Math.Max(n - 1, 0));
        var oldLists = old.Neighbors!;
        var oldToNew = new int[old.EntityCount];
        Array.Fill(oldToNew, -1);
        for (int a = 0; a < n; a++)
        {
            if (rowNewToOld[a] >= 0)
            {
                oldToNew[rowNewToOld[a]] = a;
            }
        }

        var newIndices = new int[n][];
        var newWeights = new float[n][];

        // 1. Dirty rows: complete recomputation, keeping every non-zero value for the clean rows' lists. The
        //    similarities are symmetric, so row a's value for b is also row b's value for a.
        var complete = new (int[] Receivers, double[] Values)[n];
        void Compute(int[] rows, bool keepComplete) => SimilarityEngine.ComputeRows(
            view,
            metric,
            options.EffectiveMinSupport,
            options.Shrinkage,
            biases,
            userBased,
            rows,
            options.AllowPackedSums,
            parallel,
            (a, touched, values, scratch) =>
            {
                if (keepComplete)
                {
                    var nonZero = new List<int>();
                    foreach (int b in touched)
                    {
                        if (values[b] != 0)
                        {
                            nonZero.Add(b);
                        }
                    }

                    var weights = new double[nonZero.Count];
                    for (int t = 0; t < weights.Length; t++)
                    {
                        weights[t] = values[nonZero[t]];
                    }

                    complete[a] = ([.. nonZero], weights);
                }

                (newIndices[a], newWeights[a]) = SimilarityEngine.BestOfRow(touched, values, scratch, listLength);
            });

        Compute(dirtyRows, keepComplete: true);

        // 2. The values dirty rows offer each clean row, grouped by the clean row.
        var offers = StoredListMerge.GroupOffers(n, dirtyRows, complete, dirty);

        // 3. Clean rows: merge the surviving entries with the offers, and keep the prefix that is provably the list.
        var repair = new bool[n];
        Parallel.For(
            0,
            n,
            parallel,
            () => new List<StoredListMerge.Entry>(),
            (b, _, merged) =>
            {
                if (dirty[b])
                {
                    return merged;
                }

                merged.Clear();
                int oldB = rowNewToOld[b];
                var oldIndices = oldLists.IndicesOf(oldB);
                var oldWeights = oldLists.WeightsOf(oldB);
                bool allKnown = StoredListMerge.StoredEveryValue(oldIndices.Length, options.MaxStoredNeighbors.Value, old.EntityCount);
                float threshold = oldIndices.Length > 0 ? oldWeights[^1] : 0f;
                bool touchedByChange = false;
                for (int t = 0; t < oldIndices.Length; t++)
                {
                    int a = oldToNew[oldIndices[t]];
                    if (a >= 0 && !dirty[a])
                    {
                        merged.Add(new StoredListMerge.Entry(a, oldWeights[t], Proven: true));
                    }
                    else
                    {
                        touchedByChange = true;
                    }
                }

                for (int p = offers.Pointers[b]; p < offers.Pointers[b + 1]; p++)
                {
                    bool proven = allKnown || offers.Values[p] > threshold;
                    merged.Add(new StoredListMerge.Entry(offers.From[p], offers.Values[p], proven));
                    touchedByChange = true;
                }

                if (!touchedByChange)
                {
                    newIndices[b] = RemapAll(oldIndices, oldToNew);
                    newWeights[b] = oldWeights.ToArray();
                    return merged;
                }

                int length = StoredListMerge.SortAndProve(merged, listLength, allKnown);
                if (length < 0)
                {
                    repair[b] = true;
                    return merged;
                }

                var indices = new int[length];
                var weights = new float[length];
                for (int t = 0; t < length; t++)
                {
                    indices[t] = merged[t].Index;
                    weights[t] = (float)merged[t].Value;
                }

                newIndices[b] = indices;
                newWeights[b] = weights;
                return merged;
            },
            _ => { });

        // 4. Repairs: a clean row that lost entries it cannot replace from known values is recomputed completely.
        var repairRows = Enumerable.Range(0, n).Where(b => repair[b]).ToArray();
        Compute(repairRows, keepComplete: false);

        // 5. Compressed rows.
        var pointers = new int[n + 1];
        for (int a = 0; a < n; a++)
        {
            pointers[a + 1] = pointers[a] + newIndices[a].Length;
        }

        var allIndices = new int[pointers[n]];
        var allWeights = new float[pointers[n]];
        for (int a = 0; a < n; a++)
        {
            newIndices[a].CopyTo(allIndices, pointers[a]);
            newWeights[a].CopyTo(allWeights, pointers[a]);
        }

        return (new NeighborLists(pointers, allIndices, allWeights, withReverseIndex: !userBased), repairRows.Length);
    }

    private static int[] RemapAll(ReadOnlySpan<int> oldIndices, int[] oldToNew)
    {
        var indices = new int[oldIndices.Length];
        for (int t = 0; t < indices.Length; t++)
        {
            indices[t] = oldToNew[oldIndices[t]];
        }

        return indices;
    }

    private static bool IsIdentity(int[] map)
    {
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i] != i)
            {
                return false;
            }
        }

        return true;
    }
}

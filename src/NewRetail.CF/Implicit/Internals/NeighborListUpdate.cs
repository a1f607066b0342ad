using System.Collections.Concurrent;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// Brings the neighbour lists of a fitted implicit model up to date with changed data by recomputing only the rows
/// the change reaches, so that the lists equal those of a fit on the new data, bit for bit.
/// </summary>
/// <remarks>
/// <para>Without a weighting and without <see cref="ImplicitKnnOptions.InverseFrequency"/>, s(b→o) is a function of
/// the pair's shared sum Σ_f v(b, f)·v(o, f), of the norm or set size of b and of the norm or set size of o (and, for
/// log-likelihood, of N, the number of features with an interaction). The shared sum is symmetric, and the
/// norms and sizes belong to one entity each, so a pair of unchanged ("clean") rows keeps its similarity. Recomputing
/// the rows whose vectors changed ("dirty") therefore reproduces the fit. The value of a clean row b for a dirty x
/// is computed from b's side with the shared sum found for x, because conditional probability and log-likelihood are
/// not symmetric.</para>
/// <para>The list of a clean row changes only where it names a dirty or removed entity, or where a dirty entity
/// now ranks above its last entry. Such a list is merged by <see cref="StoredListMerge"/>. Its kept entries keep their
/// stored floats, the exact values rounded, except where two entries round to the same float or the list is divided
/// by its maximum (<see cref="ImplicitKnnOptions.NormalizeByRowMax"/>). There the values are recomputed pair by pair
/// (<see cref="SimilaritySpace.PairSimilarity"/>), so the order and the division come out as in a fit. A list that
/// cannot prove k entries is recomputed completely.</para>
/// <para>Options whose factors depend on global counts change every row, so the update fits every row instead.</para>
/// </remarks>
internal static class NeighborListUpdate
{
    /// <summary>The updated lists and what the update did.</summary>
    /// <param name="Space">The similarity space of the new data.</param>
    /// <param name="Lists">The new neighbour lists.</param>
    /// <param name="Recomputed">Rows recomputed because the change reached them; every row for a full fit.</param>
    /// <param name="Repaired">Clean rows whose list had to be recomputed.</param>
    /// <param name="RefitReason">Why the update fitted every row, or null.</param>
    public sealed record Outcome(SimilaritySpace Space, NeighborLists Lists, int Recomputed, int Repaired, string? RefitReason);

    /// <summary>Updates the lists of a model fitted on <paramref name="oldEntries"/> to <paramref name="newEntries"/>.</summary>
    /// <param name="oldEntries">The positive entries the old lists were fitted on.</param>
    /// <param name="oldSpace">The old model's similarity space, or null to build it from <paramref name="oldEntries"/> when needed.</param>
    /// <param name="oldLists">The old neighbour lists.</param>
    /// <param name="newEntries">The positive entries after the change.</param>
    /// <param name="userBased">Whether rows are users (true) or items (false).</param>
    /// <param name="options">The model's options.</param>
    /// <param name="rowNewToOld">The old index of each new row, or −1 for a row the old data did not have.</param>
    /// <param name="changedRows">By new row index: whether the row's entries differ from before.</param>
    /// <param name="refitFraction">The share of dirty rows above which every row is fitted, because that is cheaper.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public static Outcome Apply(
        PositiveEntries oldEntries,
        SimilaritySpace? oldSpace,
        NeighborLists oldLists,
        PositiveEntries newEntries,
        bool userBased,
        ImplicitKnnOptions options,
        int[] rowNewToOld,
        bool[] changedRows,
        double refitFraction,
        CancellationToken cancellationToken)
    {
        var space = new SimilaritySpace(newEntries, userBased, options);
        int n = space.EntityCount;

        // 1. Dirty rows: changed entries, and rows the old data did not have.
        var dirty = new bool[n];
        var rows = new List<int>();
        for (int a = 0; a < n; a++)
        {
            if (changedRows[a] || rowNewToOld[a] < 0)
            {
                dirty[a] = true;
                rows.Add(a);
            }
        }

        // 2. Options under which recomputing rows is not exact, and changes where it is not cheaper.
        string? reason = RefitReason(options, userBased, oldEntries, space, rows.Count, refitFraction);
        if (reason is not null)
        {
            var fitted = NeighborLists.Build(space, options.MaxNeighbors, options.NormalizeByRowMax, options.MaxDegreeOfParallelism, cancellationToken);
            return new Outcome(space, fitted, n, 0, reason);
        }

        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : -1,
        };
        var dirtyRows = rows.ToArray();
        var newIndices = new int[n][];
        var newSimilarities = new float[n][];

        // 3. Dirty rows: their own lists, and the value of every clean row that shares a feature with them.
        var offered = ComputeDirtyRows(space, options, dirty, dirtyRows, newIndices, newSimilarities, parallel);
        var offers = StoredListMerge.GroupOffers(n, dirtyRows, offered, dirty);

        // 4. Clean rows: keep, merge or mark for repair.
        var oldSpaceOnce = oldSpace is not null
            ? new Lazy<SimilaritySpace>(oldSpace)
            : new Lazy<SimilaritySpace>(() => new SimilaritySpace(oldEntries, userBased, options), LazyThreadSafetyMode.ExecutionAndPublication);
        var cleanRows = new CleanRows(space, oldSpaceOnce, oldLists, options, rowNewToOld, dirty, offers);
        var states = new RowState[n];
        Parallel.For(
            0,
            n,
            parallel,
            () => new List<StoredListMerge.Entry>(),
            (b, _, merged) =>
            {
                states[b] = dirty[b] ? RowState.Computed : cleanRows.Update(b, merged, out newIndices[b], out newSimilarities[b]);
                return merged;
            },
            _ => { });

        // 5. Repairs: a clean row whose list lost entries that known values cannot replace is recomputed completely.
        var repairRows = Enumerable.Range(0, n).Where(b => states[b] == RowState.NeedsRepair).ToArray();
        if (repairRows.Length > 0)
        {
            RepairRows(space, options, repairRows, newIndices, newSimilarities, parallel);
        }

        var lists = Assemble(oldLists, cleanRows.OldToNew, rowNewToOld, states, newIndices, newSimilarities);
        return new Outcome(space, lists, dirtyRows.Length, repairRows.Length, null);
    }

    /// <summary>What step 4 of <see cref="Apply"/> found for a row.</summary>
    private enum RowState : byte
    {
        /// <summary>The list is in the new arrays: a dirty row, or a clean row whose list was merged or repaired.</summary>
        Computed,

        /// <summary>The list is the old one, with the neighbours' new indices.</summary>
        Unchanged,

        /// <summary>The list must be recomputed completely.</summary>
        NeedsRepair,
    }

    /// <summary>Packs the new lists, copying unchanged ones straight from the old lists.</summary>
    private static NeighborLists Assemble(
        NeighborLists oldLists, int[] oldToNew, int[] rowNewToOld, RowState[] states, int[][] newIndices, float[][] newSimilarities)
    {
        int n = states.Length;
        var pointers = new int[n + 1];
        for (int a = 0; a < n; a++)
        {
            int length = states[a] == RowState.Unchanged ? oldLists.NeighborsOf(rowNewToOld[a]).Length : newIndices[a].Length;
            pointers[a + 1] = pointers[a] + length;
        }

        var indices = new int[pointers[n]];
        var similarities = new float[pointers[n]];
        for (int a = 0; a < n; a++)
        {
            var indexTarget = indices.AsSpan(pointers[a], pointers[a + 1] - pointers[a]);
            var similarityTarget = similarities.AsSpan(pointers[a], pointers[a + 1] - pointers[a]);
            if (states[a] != RowState.Unchanged)
            {
                newIndices[a].CopyTo(indexTarget);
                newSimilarities[a].CopyTo(similarityTarget);
                continue;
            }

            var oldIndices = oldLists.NeighborsOf(rowNewToOld[a]);
            for (int t = 0; t < oldIndices.Length; t++)
            {
                indexTarget[t] = oldToNew[oldIndices[t]];
            }

            oldLists.SimilaritiesOf(rowNewToOld[a]).CopyTo(similarityTarget);
        }

        return new NeighborLists(pointers, indices, similarities);
    }

    private static void RepairRows(
        SimilaritySpace space, ImplicitKnnOptions options, int[] repairRows, int[][] newIndices, float[][] newSimilarities, ParallelOptions parallel)
    {
        int n = space.EntityCount;
        var workspaces = new NewRetail.CF.Internals.WorkspacePool<RowWorkspace>(() => new RowWorkspace(n, options.MaxNeighbors));
        Parallel.ForEach(
            Partitioner.Create(0, repairRows.Length, 16),
            parallel,
            workspaces.Rent,
            (range, _, workspace) =>
            {
                for (int t = range.Item1; t < range.Item2; t++)
                {
                    int b = repairRows[t];
                    (newIndices[b], newSimilarities[b]) = NeighborLists.ComputeRow(space, b, options.NormalizeByRowMax, workspace);
                }

                return workspace;
            },
            workspaces.Return);
    }

    private static string? RefitReason(ImplicitKnnOptions options, bool userBased, PositiveEntries oldEntries, SimilaritySpace space, int dirtyCount, double refitFraction)
    {
        string entities = userBased ? "users" : "items";
        string features = userBased ? "items" : "users";
        if (!options.UsesSets && options.Weighting == InteractionWeighting.TfIdf)
        {
            return $"TF-IDF weights depend on the number of {entities} and on each of the {features}' frequencies, so the change can move every value";
        }

        if (!options.UsesSets && options.Weighting == InteractionWeighting.Bm25)
        {
            return $"BM25 weights depend on the number of {entities}, on each of the {features}' frequencies and on the mean length, so the change can move every value";
        }

        if (options.InverseFrequency)
        {
            return $"InverseFrequency weighs each of the {features} by its number of {entities}, so the change can move every pair that shares a changed one";
        }

        if (options.Similarity == ImplicitSimilarity.LogLikelihood)
        {
            int oldActive = CountActive(userBased ? oldEntries.ItemPointers : oldEntries.UserPointers);
            if (oldActive != space.ActiveFeatureCount)
            {
                return $"the number of {features} with an interaction, N of the log-likelihood test, changed from {oldActive} to {space.ActiveFeatureCount}, and every similarity depends on it";
            }
        }

        return dirtyCount > refitFraction * space.EntityCount ? "the change reaches most rows, so a full fit is cheaper" : null;
    }

    private static int CountActive(int[] pointers)
    {
        int count = 0;
        for (int f = 0; f + 1 < pointers.Length; f++)
        {
            if (pointers[f + 1] > pointers[f])
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Computes the list of every dirty row, and returns by dirty row the clean rows it reaches with their similarity
    /// to it, s(b→x) computed from b's side.
    /// </summary>
    private static (int[] Receivers, double[] Values)[] ComputeDirtyRows(
        SimilaritySpace space,
        ImplicitKnnOptions options,
        bool[] dirty,
        int[] dirtyRows,
        int[][] newIndices,
        float[][] newSimilarities,
        ParallelOptions parallel)
    {
        int n = space.EntityCount;
        var offered = new (int[] Receivers, double[] Values)[n];
        if (dirtyRows.Length == 0)
        {
            return offered;
        }

        Parallel.ForEach(
            Partitioner.Create(0, dirtyRows.Length, 16),
            parallel,
            () => new DirtyRowScratch(n, options.MaxNeighbors),
            (range, _, local) =>
            {
                var (workspace, others, sums, receivers, values) = local;
                var top = workspace.Top;
                for (int t = range.Item1; t < range.Item2; t++)
                {
                    int x = dirtyRows[t];
                    double norm = space.NormOf(x);
                    double size = space.SizeOf(x);
                    top.Reset(top.Capacity);
                    others.Clear();
                    sums.Clear();
                    receivers.Clear();
                    values.Clear();
                    space.SharedSums(x, space.FeaturesOf(x), space.ValuesOf(x), workspace, others, sums);
                    for (int p = 0; p < others.Count; p++)
                    {
                        int other = others[p];
                        double sum = sums[p];

                        // Row x's value, as its fit computes it.
                        double similarity = space.Similarity(sum, norm, size, other);
                        if (similarity > 0)
                        {
                            top.Add(similarity, other);
                        }

                        // The clean row's value for x, with the clean row as the query.
                        if (!dirty[other])
                        {
                            double reverse = space.Similarity(sum, space.NormOf(other), space.SizeOf(other), x);
                            if (reverse > 0)
                            {
                                receivers.Add(other);
                                values.Add(reverse);
                            }
                        }
                    }

                    var scores = new double[top.Count];
                    var indices = new int[top.Count];
                    top.DrainBestFirst(scores, indices);
                    newIndices[x] = indices;
                    newSimilarities[x] = NeighborLists.ToStored(scores, options.NormalizeByRowMax);
                    offered[x] = ([.. receivers], [.. values]);
                }

                return local;
            },
            _ => { });

        return offered;
    }

    /// <summary>One thread's scratch space for dirty rows: the accumulator and the lists of shared sums and offers.</summary>
    private sealed record DirtyRowScratch(RowWorkspace Workspace, List<int> Others, List<double> Sums, List<int> Receivers, List<double> Values)
    {
        public DirtyRowScratch(int entityCount, int maxNeighbors)
            : this(new RowWorkspace(entityCount, maxNeighbors), [], [], [], [])
        {
        }
    }

    /// <summary>The update of the lists of clean rows, one row at a time; safe to call from several threads.</summary>
    private sealed class CleanRows(
        SimilaritySpace space,
        Lazy<SimilaritySpace> oldSpace,
        NeighborLists oldLists,
        ImplicitKnnOptions options,
        int[] rowNewToOld,
        bool[] dirty,
        StoredListMerge.OfferTable offers)
    {
        private readonly int[] _oldToNew = Invert(rowNewToOld, oldLists.Pointers.Length - 1);

        /// <summary>The new index of each old row, or −1 for a removed one.</summary>
        public int[] OldToNew => _oldToNew;

        /// <summary>Brings the list of clean row <paramref name="b"/> up to date, or finds that it needs a repair.</summary>
        /// <param name="b">The row, by new index.</param>
        /// <param name="merged">Scratch space.</param>
        /// <param name="indices">The new list, when the result is <see cref="RowState.Computed"/>.</param>
        /// <param name="similarities">The stored values of the new list, when the result is <see cref="RowState.Computed"/>.</param>
        public RowState Update(int b, List<StoredListMerge.Entry> merged, out int[] indices, out float[] similarities)
        {
            int oldB = rowNewToOld[b];
            var oldIndices = oldLists.NeighborsOf(oldB);
            var oldSimilarities = oldLists.SimilaritiesOf(oldB);
            int k = options.MaxNeighbors;
            bool allKnown = StoredListMerge.StoredEveryValue(oldIndices.Length, k, oldLists.Pointers.Length - 1);
            indices = [];
            similarities = [];
            if (!LosesEntry(oldIndices) && !OfferEnters(b, oldIndices, oldSimilarities, allKnown))
            {
                return RowState.Unchanged;
            }

            // 1. The kept entries. A stored float divided by the row maximum does not give the value, so such a list
            //    gets exact values. A plain stored float is the value rounded, and step 3 makes it exact where needed.
            bool plain = !options.NormalizeByRowMax;
            merged.Clear();
            for (int t = 0; t < oldIndices.Length; t++)
            {
                int a = _oldToNew[oldIndices[t]];
                if (a >= 0 && !dirty[a])
                {
                    merged.Add(new StoredListMerge.Entry(a, plain ? oldSimilarities[t] : space.PairSimilarity(b, a), Proven: true));
                }
            }

            // 2. The offers. Every pair the old list did not store is at most its last value, which a dirty or
            //    removed entry can only give from the old data.
            double threshold = double.NaN;
            for (int p = offers.Pointers[b]; p < offers.Pointers[b + 1]; p++)
            {
                double value = offers.Values[p];
                bool proven = allKnown;
                if (!proven && plain && (float)value != oldSimilarities[^1])
                {
                    // Rounding keeps order, so a float above the stored last value is above the exact one.
                    proven = (float)value > oldSimilarities[^1];
                }
                else if (!proven)
                {
                    if (double.IsNaN(threshold))
                    {
                        int oldLast = oldIndices[^1];
                        int last = _oldToNew[oldLast];
                        threshold = last >= 0 && !dirty[last] ? space.PairSimilarity(b, last) : oldSpace.Value.PairSimilarity(oldB, oldLast);
                    }

                    proven = value > threshold;
                }

                merged.Add(new StoredListMerge.Entry(offers.From[p], value, proven));
            }

            // 3. Rounded values order correctly unless two entries round to the same float.
            if (plain)
            {
                MakeTiesExact(b, merged);
            }

            int length = StoredListMerge.SortAndProve(merged, k, allKnown);
            if (length < 0)
            {
                return RowState.NeedsRepair;
            }

            indices = new int[length];
            var values = new double[length];
            for (int t = 0; t < length; t++)
            {
                indices[t] = merged[t].Index;
                values[t] = merged[t].Value;
            }

            similarities = NeighborLists.ToStored(values, options.NormalizeByRowMax);
            return RowState.Computed;
        }

        /// <summary>
        /// Replaces the rounded value of each kept entry that rounds to the same float as another entry with its
        /// exact value, so that sorting orders every entry as the exact values do.
        /// </summary>
        /// <remarks>
        /// A kept entry's stored float is its exact value rounded, and rounding keeps order. Two entries with
        /// different floats therefore sort by their floats as by their exact values. Only entries that share a float
        /// need the exact value, and after sorting they form runs of equal floats.
        /// </remarks>
        private void MakeTiesExact(int b, List<StoredListMerge.Entry> merged)
        {
            StoredListMerge.SortBestFirst(merged);
            int start = 0;
            for (int t = 1; t <= merged.Count; t++)
            {
                if (t < merged.Count && (float)merged[t].Value == (float)merged[start].Value)
                {
                    continue;
                }

                for (int u = start; t - start > 1 && u < t; u++)
                {
                    var entry = merged[u];
                    if (!dirty[entry.Index])
                    {
                        merged[u] = entry with { Value = space.PairSimilarity(b, entry.Index) };
                    }
                }

                start = t;
            }
        }

        private bool LosesEntry(ReadOnlySpan<int> oldIndices)
        {
            foreach (int oldA in oldIndices)
            {
                int a = _oldToNew[oldA];
                if (a < 0 || dirty[a])
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Returns whether an offer to a list of clean entries ranks above its last entry, so the list changes.</summary>
        private bool OfferEnters(int b, ReadOnlySpan<int> oldIndices, ReadOnlySpan<float> oldSimilarities, bool allKnown)
        {
            int start = offers.Pointers[b];
            int end = offers.Pointers[b + 1];
            if (start == end || allKnown)
            {
                return start < end;
            }

            // Rounding to float keeps order, so an offer whose float is below the stored last value is below the
            // exact one. Only a list without row-maximum division stores the plain value.
            if (!options.NormalizeByRowMax)
            {
                bool near = false;
                for (int p = start; p < end && !near; p++)
                {
                    near = (float)offers.Values[p] >= oldSimilarities[^1];
                }

                if (!near)
                {
                    return false;
                }
            }

            int last = _oldToNew[oldIndices[^1]];
            double lastValue = space.PairSimilarity(b, last);
            for (int p = start; p < end; p++)
            {
                double value = offers.Values[p];
                if (value > lastValue || (value == lastValue && offers.From[p] < last))
                {
                    return true;
                }
            }

            return false;
        }

        private static int[] Invert(int[] newToOld, int oldCount)
        {
            var oldToNew = new int[oldCount];
            Array.Fill(oldToNew, -1);
            for (int a = 0; a < newToOld.Length; a++)
            {
                if (newToOld[a] >= 0)
                {
                    oldToNew[newToOld[a]] = a;
                }
            }

            return oldToNew;
        }
    }
}

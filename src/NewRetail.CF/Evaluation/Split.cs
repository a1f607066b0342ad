using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Evaluation;

/// <summary>Splits ratings into training matrices and held-out test rows: k-fold, random train/test, or predefined.</summary>
/// <remarks>
/// <para>Splits of a <see cref="RatingMatrix{TUser, TItem}"/> number its ratings 0..Count-1 in the order of
/// <see cref="RatingMatrix{TUser, TItem}.Rows"/>: by user index, then by item index. A matrix contains one rating per
/// (user, item) pair, so a row that is held out takes its pair out of the training data entirely.</para>
/// <para>Training matrices keep the scale and the user and item orderings of the source matrix. Each one contains only
/// the users and items that have a training rating. Test rows carry the stored ratings, which are 32-bit floats.</para>
/// <para>Seeded shuffles use <see cref="Permutation"/>, which gives the same permutation for the same seed on every
/// .NET version and platform.</para>
/// </remarks>
public static class Split
{
    /// <summary>Shuffles the positions 0..count-1 with a seeded generator.</summary>
    /// <param name="count">The number of positions, ≥ 0.</param>
    /// <param name="seed">The seed. The same seed always gives the same permutation.</param>
    /// <returns>The permutation, where entry p is the row placed at position p.</returns>
    /// <remarks>
    /// The shuffle is Fisher–Yates driven by the SplitMix64 generator, with rejection sampling so that every
    /// permutation is equally likely. It is defined by this library's code, unlike <see cref="Random"/>, whose
    /// documentation does not promise the same sequence across major .NET versions.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static int[] Permutation(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return SplitMix64.Permutation(count, seed);
    }

    /// <summary>Assigns rows to k test folds by their position in a permutation.</summary>
    /// <param name="permutation">A permutation of 0..n-1, where entry p is the row placed at position p.</param>
    /// <param name="folds">The number of folds k, in 2..n.</param>
    /// <returns>
    /// For each fold f, the rows at the positions p with p mod k = f, sorted ascending. Every row is in exactly one fold,
    /// and fold sizes differ by at most one.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="permutation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or greater than n.</exception>
    /// <exception cref="ArgumentException"><paramref name="permutation"/> is not a permutation of 0..n-1.</exception>
    public static int[][] KFoldTestRows(IReadOnlyList<int> permutation, int folds)
    {
        ArgumentNullException.ThrowIfNull(permutation);
        CheckFolds(folds, permutation.Count);
        CheckPermutation(permutation, permutation.Count);

        var rowsOfFold = new List<int>[folds];
        for (int f = 0; f < folds; f++)
        {
            rowsOfFold[f] = new List<int>((permutation.Count / folds) + 1);
        }

        for (int p = 0; p < permutation.Count; p++)
        {
            rowsOfFold[p % folds].Add(permutation[p]);
        }

        var result = new int[folds][];
        for (int f = 0; f < folds; f++)
        {
            result[f] = [.. rowsOfFold[f]];
            Array.Sort(result[f]);
        }

        return result;
    }

    /// <summary>Splits the ratings into k folds after a seeded shuffle, so that every rating is tested exactly once.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The ratings to split.</param>
    /// <param name="folds">The number of folds k, in 2..ratings.Count.</param>
    /// <param name="seed">The shuffle seed. The same seed gives the same folds.</param>
    /// <returns>
    /// k splits. Split f tests the rows that <see cref="KFoldTestRows"/> assigns to fold f under
    /// <see cref="Permutation"/>(ratings.Count, seed), in row order, and trains on all other rows. All k training
    /// matrices are built at once and kept in memory.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or greater than the number of ratings.</exception>
    public static IReadOnlyList<TrainTestSplit<TUser, TItem>> KFold<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, int folds, long seed)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        CheckFolds(folds, ratings.Count);
        return KFold(ratings, folds, SplitMix64.Permutation(ratings.Count, seed));
    }

    /// <summary>Splits the ratings into k folds in the order of a given permutation, so that every rating is tested exactly once.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The ratings to split.</param>
    /// <param name="folds">The number of folds k, in 2..ratings.Count.</param>
    /// <param name="permutation">A permutation of 0..ratings.Count-1, where entry p is the row placed at position p.</param>
    /// <returns>
    /// k splits. Split f tests the rows that <see cref="KFoldTestRows"/> assigns to fold f, in row order, and trains on
    /// all other rows.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> or <paramref name="permutation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or greater than the number of ratings.</exception>
    /// <exception cref="ArgumentException"><paramref name="permutation"/> is not a permutation of 0..ratings.Count-1.</exception>
    public static IReadOnlyList<TrainTestSplit<TUser, TItem>> KFold<TUser, TItem>(
        RatingMatrix<TUser, TItem> ratings,
        int folds,
        IReadOnlyList<int> permutation)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(permutation);
        if (permutation.Count != ratings.Count)
        {
            throw new ArgumentException(
                $"The permutation has {permutation.Count} entries but the matrix has {ratings.Count} ratings. Pass a permutation of 0..{ratings.Count - 1}.",
                nameof(permutation));
        }

        int[][] testRows = KFoldTestRows(permutation, folds);
        var splits = new TrainTestSplit<TUser, TItem>[folds];
        for (int f = 0; f < folds; f++)
        {
            splits[f] = MakeSplit(ratings, testRows[f], f);
        }

        return splits;
    }

    /// <summary>Holds out a random fraction of the ratings as the test set.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The ratings to split.</param>
    /// <param name="testFraction">The fraction of ratings to hold out, between 0 and 1, both excluded.</param>
    /// <param name="seed">The shuffle seed. The same seed gives the same split.</param>
    /// <returns>
    /// One split that tests the rows at the first t positions of <see cref="Permutation"/>(ratings.Count, seed), in row
    /// order, where t = round(testFraction · ratings.Count) with halves rounded up, and trains on the rest.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="testFraction"/> is not strictly between 0 and 1, or it leaves the test set or the training set empty.
    /// </exception>
    public static TrainTestSplit<TUser, TItem> TrainTest<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, double testFraction, long seed)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), testFraction, "The test fraction must be between 0 and 1, both excluded, for example 0.2.");
        }

        int count = ratings.Count;
        int testCount = (int)Math.Round(testFraction * count, MidpointRounding.AwayFromZero);
        if (testCount < 1 || testCount > count - 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction),
                testFraction,
                $"A test fraction of {testFraction.ToString(CultureInfo.InvariantCulture)} of {count} ratings gives {testCount} test rows. " +
                "Both the test set and the training set need at least one row, so choose another fraction or use more ratings.");
        }

        int[] permutation = SplitMix64.Permutation(count, seed);
        int[] testRows = permutation[..testCount];
        Array.Sort(testRows);
        return MakeSplit(ratings, testRows, 0);
    }

    /// <summary>Makes a split from given training and test rows, such as MovieLens 100K's <c>u1.base</c> and <c>u1.test</c>.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="trainRows">The training rows. Each (user, item) pair may appear once.</param>
    /// <param name="testRows">The test rows, kept in the given order. Each pair may appear once, and not in the training rows.</param>
    /// <param name="scale">The valid rating range of both sides.</param>
    /// <param name="userOrder">The order of user indices in the training matrix. Default: <see cref="IdOrder.Default{TId}"/>.</param>
    /// <param name="itemOrder">The order of item indices in the training matrix. Default: <see cref="IdOrder.Default{TId}"/>.</param>
    /// <returns>One split with index 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="trainRows"/> or <paramref name="testRows"/> is null.</exception>
    /// <exception cref="RatingDataException">
    /// A row has a null id or a rating that is not finite or outside <paramref name="scale"/>, a pair repeats on one side,
    /// a pair is on both sides, or there are no training rows or no test rows. Its <see cref="RatingDataException.RowNumber"/>
    /// is the 1-based number of the failing row on its own side, or 0 when a side is empty.
    /// </exception>
    public static TrainTestSplit<TUser, TItem> Predefined<TUser, TItem>(
        IEnumerable<RatingRow<TUser, TItem>> trainRows,
        IEnumerable<RatingRow<TUser, TItem>> testRows,
        RatingScale scale,
        IComparer<TUser>? userOrder = null,
        IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(trainRows);
        ArgumentNullException.ThrowIfNull(testRows);

        var builder = new RatingMatrixBuilder<TUser, TItem>(scale, DuplicatePolicy.Error, userOrder, itemOrder);
        builder.AddRange(trainRows);
        var train = builder.Build();
        if (train.IsEmpty)
        {
            throw new RatingDataException("There are no training rows. Pass at least one training row.");
        }

        var test = testRows.ToList();
        if (test.Count == 0)
        {
            throw new RatingDataException("There are no test rows. Pass at least one test row.");
        }

        var pairs = new HashSet<(TUser, TItem)>(test.Count);
        for (int r = 0; r < test.Count; r++)
        {
            CheckTestRow(test[r], r + 1, scale, train, pairs);
        }

        return new TrainTestSplit<TUser, TItem>(0, train, test);
    }

    private static void CheckTestRow<TUser, TItem>(
        RatingRow<TUser, TItem> row,
        int rowNumber,
        RatingScale scale,
        RatingMatrix<TUser, TItem> train,
        HashSet<(TUser, TItem)> pairs)
        where TUser : notnull
        where TItem : notnull
    {
        if (row.User is null || row.Item is null)
        {
            throw new RatingDataException(
                $"Test row {rowNumber} has a missing (null) user or item id. Give every row both ids.", null, rowNumber, row.User is null ? "user" : "item", null);
        }

        if (!scale.Contains(row.Rating))
        {
            string text = row.Rating.ToString("R", CultureInfo.InvariantCulture);
            throw new RatingDataException(
                $"Test row {rowNumber} rates ({row.User}, {row.Item}) {text}, which is not a finite number inside the scale {scale}. Fix the value or declare a wider scale.",
                null,
                rowNumber,
                "rating",
                text);
        }

        if (!pairs.Add((row.User, row.Item)))
        {
            throw new RatingDataException(
                $"Test row {rowNumber} repeats the pair ({row.User}, {row.Item}). Each pair may appear once in the test rows.", null, rowNumber, null, $"({row.User}, {row.Item})");
        }

        if (train.TryGetRating(row.User, row.Item, out _))
        {
            throw new RatingDataException(
                $"Test row {rowNumber} holds out ({row.User}, {row.Item}), which is also a training row. Remove the pair from one side so the test cannot see its own answer.",
                null,
                rowNumber,
                null,
                $"({row.User}, {row.Item})");
        }
    }

    /// <summary>Holds out the given rows and builds the training matrix from the others.</summary>
    /// <remarks>
    /// <para>Row r of <see cref="RatingMatrix{TUser, TItem}.Rows"/> is position r of the source's compressed rows, so
    /// the training matrix is those arrays without the held-out positions. Users and items keep their source order
    /// and lose only the indices of those left with no training rating. Building from the arrays skips the sort and
    /// the id lookups of <see cref="RatingMatrixBuilder{TUser, TItem}"/>. The result is the matrix such a builder, with
    /// the source's comparers, would build from the same rows, because a subset of sorted ids is still sorted.</para>
    /// </remarks>
    private static TrainTestSplit<TUser, TItem> MakeSplit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, int[] sortedTestRows, int index)
        where TUser : notnull
        where TItem : notnull
    {
        var core = ratings.Core;
        var userIds = ratings.Users.IdArray;
        var itemIds = ratings.Items.IdArray;

        // 1. The test rows, and a mark on every held-out position.
        var isTest = new bool[core.Count];
        var test = new RatingRow<TUser, TItem>[sortedTestRows.Length];
        int user = 0;
        for (int t = 0; t < sortedTestRows.Length; t++)
        {
            int position = sortedTestRows[t];
            while (core.RowPointers[user + 1] <= position)
            {
                user++;
            }

            isTest[position] = true;
            test[t] = new RatingRow<TUser, TItem>(userIds[user], itemIds[core.ColumnIndices[position]], core.Values[position]);
        }

        // 2. Training ratings per user and per item. Those with none are left out of the training matrix.
        var userTrainCount = new int[core.UserCount];
        var itemTrainCount = new int[core.ItemCount];
        for (int u = 0; u < core.UserCount; u++)
        {
            for (int k = core.RowPointers[u]; k < core.RowPointers[u + 1]; k++)
            {
                if (!isTest[k])
                {
                    userTrainCount[u]++;
                    itemTrainCount[core.ColumnIndices[k]]++;
                }
            }
        }

        var users = IdsWithRatings(ratings.Users, userTrainCount, out int[] newUserIndex);
        var items = IdsWithRatings(ratings.Items, itemTrainCount, out int[] newItemIndex);

        // 3. The compressed rows without the held-out positions, in the new indices.
        int trainCount = core.Count - sortedTestRows.Length;
        var rowPointers = new int[users.Count + 1];
        var columnIndices = new int[trainCount];
        var values = new float[trainCount];
        int next = 0;
        for (int u = 0; u < core.UserCount; u++)
        {
            if (newUserIndex[u] < 0)
            {
                continue;
            }

            for (int k = core.RowPointers[u]; k < core.RowPointers[u + 1]; k++)
            {
                if (!isTest[k])
                {
                    columnIndices[next] = newItemIndex[core.ColumnIndices[k]];
                    values[next] = core.Values[k];
                    next++;
                }
            }

            rowPointers[newUserIndex[u] + 1] = next;
        }

        var trainCore = new SparseRatings(users.Count, items.Count, rowPointers, columnIndices, values);
        return new TrainTestSplit<TUser, TItem>(index, new RatingMatrix<TUser, TItem>(users, items, ratings.Scale, trainCore), test);
    }

    /// <summary>
    /// Returns the map of the ids whose count is positive, in source order, and the new index of every source index
    /// (−1 for an id left out). The source map itself is returned when no id is left out.
    /// </summary>
    private static IdMap<TId> IdsWithRatings<TId>(IdMap<TId> source, int[] counts, out int[] newIndex)
        where TId : notnull
    {
        newIndex = new int[counts.Length];
        int remaining = 0;
        for (int x = 0; x < counts.Length; x++)
        {
            newIndex[x] = counts[x] > 0 ? remaining++ : -1;
        }

        if (remaining == counts.Length)
        {
            return source;
        }

        var ids = new TId[remaining];
        for (int x = 0; x < counts.Length; x++)
        {
            if (newIndex[x] >= 0)
            {
                ids[newIndex[x]] = source.IdArray[x];
            }
        }

        return new IdMap<TId>(ids, source.Comparer, IdOrder.DefaultEquality<TId>());
    }

    private static void CheckFolds(int folds, int count)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "The number of folds must be ≥ 2.");
        }

        if (folds > count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(folds), folds, $"The number of folds ({folds}) must not exceed the number of ratings ({count}), or some folds would be empty.");
        }
    }

    private static void CheckPermutation(IReadOnlyList<int> permutation, int count)
    {
        var seen = new bool[count];
        for (int p = 0; p < permutation.Count; p++)
        {
            int row = permutation[p];
            if ((uint)row >= (uint)count)
            {
                throw new ArgumentException(
                    $"Entry {p} of the permutation is {row}, outside 0..{count - 1}. Pass a permutation of 0..{count - 1}.", nameof(permutation));
            }

            if (seen[row])
            {
                throw new ArgumentException(
                    $"Row {row} appears more than once in the permutation (again at entry {p}). Pass a permutation of 0..{count - 1}.", nameof(permutation));
            }

            seen[row] = true;
        }
    }
}

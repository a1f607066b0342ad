namespace NewRetail.CF.Internals;

/// <summary>
/// The index-level rating data: compressed rows by user (CSR), compressed columns by item (CSC), counts and means.
/// </summary>
/// <remarks>
/// Column indices inside each CSR row and row indices inside each CSC column are strictly increasing.
/// <see cref="CsrToCsc"/> maps each CSR entry to the position of the same rating in the CSC arrays.
/// </remarks>
internal sealed class SparseRatings
{
    public SparseRatings(int userCount, int itemCount, int[] rowPointers, int[] columnIndices, float[] values)
    {
        UserCount = userCount;
        ItemCount = itemCount;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;

        // 1. Count the ratings per item, then place each CSR entry in its column. Walking users in order keeps the
        //    row indices of every column sorted.
        var columnPointers = new int[itemCount + 1];
        foreach (int item in columnIndices)
        {
            columnPointers[item + 1]++;
        }

        for (int i = 0; i < itemCount; i++)
        {
            columnPointers[i + 1] += columnPointers[i];
        }

        var next = columnPointers.AsSpan(0, itemCount).ToArray();
        var rowIndices = new int[values.Length];
        var columnValues = new float[values.Length];
        var csrToCsc = new int[values.Length];
        for (int user = 0; user < userCount; user++)
        {
            for (int k = rowPointers[user]; k < rowPointers[user + 1]; k++)
            {
                int position = next[columnIndices[k]]++;
                rowIndices[position] = user;
                columnValues[position] = values[k];
                csrToCsc[k] = position;
            }
        }

        ColumnPointers = columnPointers;
        RowIndices = rowIndices;
        ColumnValues = columnValues;
        CsrToCsc = csrToCsc;

        // 2. Means in double: a float sum of thousands of ratings would lose digits that the predictors use.
        UserMeans = new double[userCount];
        double total = 0;
        for (int user = 0; user < userCount; user++)
        {
            double sum = 0;
            for (int k = rowPointers[user]; k < rowPointers[user + 1]; k++)
            {
                sum += values[k];
            }

            total += sum;
            int count = rowPointers[user + 1] - rowPointers[user];
            UserMeans[user] = count == 0 ? 0 : sum / count;
        }

        ItemMeans = new double[itemCount];
        for (int item = 0; item < itemCount; item++)
        {
            double sum = 0;
            for (int k = columnPointers[item]; k < columnPointers[item + 1]; k++)
            {
                sum += columnValues[k];
            }

            int count = columnPointers[item + 1] - columnPointers[item];
            ItemMeans[item] = count == 0 ? 0 : sum / count;
        }

        GlobalMean = values.Length == 0 ? 0 : total / values.Length;

        // 3. A user or item registered without ratings has no mean of its own, so it gets the global mean and
        //    centring and fallbacks stay finite.
        FillEmpty(UserMeans, rowPointers, GlobalMean);
        FillEmpty(ItemMeans, columnPointers, GlobalMean);
    }

    public int UserCount { get; }

    public int ItemCount { get; }

    public int Count => Values.Length;

    public int[] RowPointers { get; }

    public int[] ColumnIndices { get; }

    public float[] Values { get; }

    public int[] ColumnPointers { get; }

    public int[] RowIndices { get; }

    public float[] ColumnValues { get; }

    public int[] CsrToCsc { get; }

    public double[] UserMeans { get; }

    public double[] ItemMeans { get; }

    public double GlobalMean { get; }

    private static void FillEmpty(double[] means, int[] pointers, double globalMean)
    {
        for (int x = 0; x < means.Length; x++)
        {
            if (pointers[x + 1] == pointers[x])
            {
                means[x] = globalMean;
            }
        }
    }

    public int UserRatingCount(int user) => RowPointers[user + 1] - RowPointers[user];

    public int ItemRatingCount(int item) => ColumnPointers[item + 1] - ColumnPointers[item];

    /// <summary>Returns the CSR position of (user, item), or -1 when the user did not rate the item.</summary>
    public int FindInRow(int user, int item)
    {
        int start = RowPointers[user];
        int found = Array.BinarySearch(ColumnIndices, start, RowPointers[user + 1] - start, item);
        return found >= 0 ? found : -1;
    }

    /// <summary>The same data seen from the user side (rows are users) or the item side (rows are items).</summary>
    public SparseView View(bool userBased) => userBased
        ? new SparseView(RowPointers, ColumnIndices, Values, ColumnPointers, RowIndices, ColumnValues, CsrToCsc, UserMeans, ItemMeans)
        : new SparseView(ColumnPointers, RowIndices, ColumnValues, RowPointers, ColumnIndices, Values, InverseOf(CsrToCsc), ItemMeans, UserMeans);

    private int[]? _cscToCsr;

    private int[] InverseOf(int[] csrToCsc)
    {
        return LazyInitializer.EnsureInitialized(ref _cscToCsr, () =>
        {
            var inverse = new int[csrToCsc.Length];
            for (int k = 0; k < csrToCsc.Length; k++)
            {
                inverse[csrToCsc[k]] = k;
            }

            return inverse;
        });
    }
}

/// <summary>
/// A direction-neutral view: "rows" are the entities being compared (users for user-based, items for item-based)
/// and "columns" are the other side.
/// </summary>
internal readonly record struct SparseView(
    int[] RowPointers,
    int[] ColumnIndices,
    float[] Values,
    int[] ColumnPointers,
    int[] RowIndices,
    float[] ColumnValues,
    int[] RowToColumnPosition,
    double[] RowMeans,
    double[] ColumnMeans)
{
    public int RowCount => RowPointers.Length - 1;

    public int ColumnCount => ColumnPointers.Length - 1;
}

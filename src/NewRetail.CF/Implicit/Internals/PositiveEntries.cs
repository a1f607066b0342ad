using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// The entries of a preference matrix with a value &gt; 0, by user (CSR) and by item (CSC), with every value replaced
/// by 1 when the model counts interactions only.
/// </summary>
/// <remarks>Stored zeros are left out here, so similarities and scores never see them; the top-N filters still do.</remarks>
internal sealed class PositiveEntries
{
    private PositiveEntries(
        int[] userPointers, int[] userItems, float[] userValues, int[] itemPointers, int[] itemUsers, float[] itemValues, int zeroCount)
    {
        UserPointers = userPointers;
        UserItems = userItems;
        UserValues = userValues;
        ItemPointers = itemPointers;
        ItemUsers = itemUsers;
        ItemValues = itemValues;
        ZeroCount = zeroCount;
    }

    public int UserCount => UserPointers.Length - 1;

    public int ItemCount => ItemPointers.Length - 1;

    public int[] UserPointers { get; }

    public int[] UserItems { get; }

    public float[] UserValues { get; }

    public int[] ItemPointers { get; }

    public int[] ItemUsers { get; }

    public float[] ItemValues { get; }

    /// <summary>The number of stored entries with value 0, which are left out.</summary>
    public int ZeroCount { get; }

    /// <summary>The bytes of both layouts.</summary>
    public long Bytes => ((long)(UserPointers.Length + ItemPointers.Length) * sizeof(int)) + ((long)UserItems.Length * 2 * (sizeof(int) + sizeof(float)));

    public ReadOnlySpan<int> UserRowItems(int user) => UserItems.AsSpan(UserPointers[user], UserPointers[user + 1] - UserPointers[user]);

    public ReadOnlySpan<float> UserRowValues(int user) => UserValues.AsSpan(UserPointers[user], UserPointers[user + 1] - UserPointers[user]);

    /// <summary>Checks that <paramref name="ratings"/> can train an implicit model and keeps its positive entries.</summary>
    /// <exception cref="RatingDataException">The matrix is empty, has a negative value, or has no positive value.</exception>
    public static PositiveEntries From<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, bool binary)
        where TUser : notnull
        where TItem : notnull
    {
        var core = ratings.Core;
        if (core.Count == 0)
        {
            throw new RatingDataException("The preference matrix is empty, so there is nothing to fit. Add at least one interaction before fitting.");
        }

        int zeroCount = 0;
        for (int user = 0; user < core.UserCount; user++)
        {
            for (int k = core.RowPointers[user]; k < core.RowPointers[user + 1]; k++)
            {
                float value = core.Values[k];
                if (value < 0)
                {
                    string text = value.ToString("R", CultureInfo.InvariantCulture);
                    throw new RatingDataException(
                        $"The preference weight {text} of (user {ratings.Users.IdArray[user]}, item {ratings.Items.IdArray[core.ColumnIndices[k]]}) is negative. " +
                        "Implicit models need weights ≥ 0: fix the value, or map negative feedback to 0 before building the matrix.",
                        null, 0, "rating", text);
                }

                if (value == 0)
                {
                    zeroCount++;
                }
            }
        }

        if (zeroCount == core.Count)
        {
            throw new RatingDataException(
                $"All {core.Count:N0} preference weights are 0, so no interaction has any weight. Give interactions positive weights before fitting.");
        }

        var (userPointers, userItems, userValues) = Keep(core.RowPointers, core.ColumnIndices, core.Values, core.Count - zeroCount, binary);
        var (itemPointers, itemUsers, itemValues) = Keep(core.ColumnPointers, core.RowIndices, core.ColumnValues, core.Count - zeroCount, binary);
        return new PositiveEntries(userPointers, userItems, userValues, itemPointers, itemUsers, itemValues, zeroCount);
    }

    private static (int[] Pointers, int[] Indices, float[] Values) Keep(int[] pointers, int[] indices, float[] values, int positiveCount, bool binary)
    {
        var keptPointers = new int[pointers.Length];
        var keptIndices = new int[positiveCount];
        var keptValues = new float[positiveCount];
        int next = 0;
        for (int row = 0; row < pointers.Length - 1; row++)
        {
            for (int k = pointers[row]; k < pointers[row + 1]; k++)
            {
                if (values[k] > 0)
                {
                    keptIndices[next] = indices[k];
                    keptValues[next] = binary ? 1f : values[k];
                    next++;
                }
            }

            keptPointers[row + 1] = next;
        }

        return (keptPointers, keptIndices, keptValues);
    }
}

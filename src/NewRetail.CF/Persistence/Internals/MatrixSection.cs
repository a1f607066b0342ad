using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>What a model kind needs of its training matrix beyond the invariants of every matrix.</summary>
internal enum MatrixRule
{
    /// <summary>At least one rating, as every fit requires.</summary>
    NotEmpty,

    /// <summary>At least one value &gt; 0 and none &lt; 0, as the implicit fits require.</summary>
    PreferenceWeights,
}

/// <summary>The USER, ITEM and MTRX sections: the id maps, the rating scale and the ratings by user (CSR).</summary>
internal static class MatrixSection
{
    public static void Write<TUser, TItem>(ContentWriter writer, RatingMatrix<TUser, TItem> ratings)
        where TUser : notnull
        where TItem : notnull
    {
        writer.WriteSection(SectionTag.Users, w => IdCodec.WriteMap(w, ratings.Users, "user"));
        writer.WriteSection(SectionTag.Items, w => IdCodec.WriteMap(w, ratings.Items, "item"));
        writer.WriteSection(SectionTag.Matrix, w =>
        {
            var core = ratings.Core;
            w.WriteDouble(ratings.Scale.Min);
            w.WriteDouble(ratings.Scale.Max);
            w.WriteInt32(core.Count);
            w.WriteInt32s(core.RowPointers);
            w.WriteInt32s(core.ColumnIndices);
            w.WriteSingles(core.Values);
        });
    }

    /// <summary>Reads the three sections and checks every invariant of a rating matrix before it is built.</summary>
    public static RatingMatrix<TUser, TItem> Read<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder, MatrixRule rule)
        where TUser : notnull
        where TItem : notnull
    {
        reader.BeginSection(SectionTag.Users);
        var users = IdCodec.ReadMap(reader, userOrder, "user");
        reader.EndSection();

        reader.BeginSection(SectionTag.Items);
        var items = IdCodec.ReadMap(reader, itemOrder, "item");
        reader.EndSection();

        reader.BeginSection(SectionTag.Matrix);
        long scaleOffset = reader.FileOffset;
        double min = reader.ReadDouble("scale minimum");
        double max = reader.ReadDouble("scale maximum");
        if (double.IsNaN(min) || double.IsNaN(max) || min > max)
        {
            throw ContentReader.Invalid($"The rating scale [{min}, {max}] is invalid: both ends must be numbers and the minimum must not exceed the maximum.", scaleOffset);
        }

        var scale = new RatingScale(min, max);
        long countOffset = reader.FileOffset;
        int count = reader.ReadInt32("rating count");
        reader.CheckCount(count, 8, "rating count", countOffset);
        reader.CheckCount(users.Count + 1L, 4, "row pointers", reader.FileOffset);
        long pointersOffset = reader.FileOffset;
        var rowPointers = reader.ReadInt32s(users.Count + 1, "row pointers");
        long indicesOffset = reader.FileOffset;
        var columnIndices = reader.ReadInt32s(count, "column indices");
        long valuesOffset = reader.FileOffset;
        var values = reader.ReadSingles(count, "ratings");
        reader.EndSection();

        CheckPointers(rowPointers, count, int.MaxValue, "row pointers", pointersOffset);
        if (count == 0)
        {
            throw ContentReader.Invalid("The matrix has no ratings, but every fitted model has at least one.", countOffset);
        }

        bool anyPositive = false;
        for (int user = 0; user < users.Count; user++)
        {
            for (int k = rowPointers[user]; k < rowPointers[user + 1]; k++)
            {
                int item = columnIndices[k];
                if ((uint)item >= (uint)items.Count)
                {
                    throw ContentReader.Invalid($"The column index {item} at position {k} is outside 0..{items.Count - 1}.", indicesOffset + (4L * k));
                }

                if (k > rowPointers[user] && columnIndices[k - 1] >= item)
                {
                    throw ContentReader.Invalid(
                        $"The column indices of user index {user} are not strictly increasing at position {k} ({columnIndices[k - 1]}, {item}).", indicesOffset + (4L * k));
                }

                if (!scale.Contains(values[k]) || (rule == MatrixRule.PreferenceWeights && values[k] < 0))
                {
                    throw ContentReader.Invalid(
                        $"The rating {values[k]} at position {k} is not a finite number inside the scale {scale}, or is a negative preference weight.",
                        valuesOffset + (4L * k));
                }

                anyPositive |= values[k] > 0;
            }
        }

        if (rule == MatrixRule.PreferenceWeights && !anyPositive)
        {
            throw ContentReader.Invalid("The matrix has no preference weight > 0, but an implicit model is fitted on at least one.", valuesOffset);
        }

        return new RatingMatrix<TUser, TItem>(users, items, scale, new SparseRatings(users.Count, items.Count, rowPointers, columnIndices, values));
    }

    /// <summary>
    /// Checks compressed-row pointers: the first is 0, each is ≥ the previous one, no row is longer than
    /// <paramref name="maxRowLength"/>, and the last equals <paramref name="count"/>.
    /// </summary>
    public static void CheckPointers(int[] pointers, int count, int maxRowLength, string field, long offset)
    {
        if (pointers[0] != 0)
        {
            throw ContentReader.Invalid($"The first of the {field} is {pointers[0]}; it must be 0.", offset);
        }

        for (int row = 0; row + 1 < pointers.Length; row++)
        {
            long length = (long)pointers[row + 1] - pointers[row];
            if (length < 0 || length > maxRowLength)
            {
                throw ContentReader.Invalid(
                    $"The {field} give row {row} a length of {length}; it must be in 0..{maxRowLength}.", offset + (4L * (row + 1)));
            }
        }

        if (pointers[^1] != count)
        {
            throw ContentReader.Invalid($"The last of the {field} is {pointers[^1]}, but there are {count} entries.", offset + (4L * (pointers.Length - 1)));
        }
    }
}

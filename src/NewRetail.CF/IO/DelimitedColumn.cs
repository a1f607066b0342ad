namespace NewRetail.CF.IO;

/// <summary>A column of a delimited file, chosen by its 0-based index or by its name in the header row.</summary>
/// <remarks>
/// An <see cref="int"/> or a <see cref="string"/> converts to a column implicitly, so <c>UserColumn = 0</c> and
/// <c>UserColumn = "userId"</c> both work. The default value is column 0.
/// </remarks>
public readonly record struct DelimitedColumn
{
    private DelimitedColumn(int index, string? name)
    {
        Index = index;
        Name = name;
    }

    /// <summary>The 0-based column index, or -1 when the column is chosen by name.</summary>
    public int Index { get; }

    /// <summary>The header name, or <see langword="null"/> when the column is chosen by index.</summary>
    public string? Name { get; }

    /// <summary>Chooses the column at <paramref name="index"/>.</summary>
    /// <param name="index">The 0-based column index.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static DelimitedColumn At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new DelimitedColumn(index, null);
    }

    /// <summary>Chooses the column whose header is <paramref name="name"/>, compared ordinally (case-sensitive).</summary>
    /// <param name="name">The column name as it appears in the header row, after quotes are removed.</param>
    /// <returns>The column.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public static DelimitedColumn Named(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new DelimitedColumn(-1, name);
    }

    /// <summary>Chooses the column at <paramref name="index"/>, as <see cref="At"/> does.</summary>
    /// <param name="index">The 0-based column index.</param>
    public static implicit operator DelimitedColumn(int index) => At(index);

    /// <summary>Chooses the column named <paramref name="name"/> in the header, as <see cref="Named"/> does.</summary>
    /// <param name="name">The column name.</param>
    public static implicit operator DelimitedColumn(string name) => Named(name);

    /// <summary>Returns <c>column 2</c> or <c>column 'rating'</c>, the form used in error messages.</summary>
    /// <returns>A short description of the column.</returns>
    public override string ToString() => Name is null ? $"column {Index}" : $"column '{Name}'";
}

namespace NewRetail.CF.Data;

/// <summary>One (user, item, rating) observation, with an optional Unix timestamp in seconds.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="User">The user id.</param>
/// <param name="Item">The item id.</param>
/// <param name="Rating">The rating value.</param>
/// <param name="Timestamp">Seconds since 1970-01-01 UTC, or <see langword="null"/> when the source has none.</param>
public readonly record struct RatingRow<TUser, TItem>(TUser User, TItem Item, double Rating, long? Timestamp = null)
    where TUser : notnull
    where TItem : notnull;

/// <summary>Rows read from one file or stream, each with the line it came from.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
public sealed class RatingFile<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal RatingFile(string sourceName, List<RatingRow<TUser, TItem>> rows, List<long> lineNumbers)
    {
        SourceName = sourceName;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    /// <summary>The path or name of the source, used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The rows in file order.</summary>
    public IReadOnlyList<RatingRow<TUser, TItem>> Rows { get; }

    /// <summary>The 1-based line number of each row, parallel to <see cref="Rows"/>.</summary>
    public IReadOnlyList<long> LineNumbers { get; }

    /// <summary>Builds a rating matrix from these rows, reporting errors with this file's name and line numbers.</summary>
    /// <param name="scale">The valid rating range.</param>
    /// <param name="duplicates">What to do with repeated (user, item) pairs.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="RatingDataException">A rating is outside <paramref name="scale"/>, or a pair repeats under <see cref="DuplicatePolicy.Error"/>.</exception>
    public RatingMatrix<TUser, TItem> ToMatrix(RatingScale scale, DuplicatePolicy duplicates = DuplicatePolicy.Error)
    {
        var builder = new RatingMatrixBuilder<TUser, TItem>(scale, duplicates);
        builder.AddRange(this);
        return builder.Build();
    }
}

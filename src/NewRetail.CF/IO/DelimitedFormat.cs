using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>
/// The layout of a delimited rating file: the separator, whether a header row comes first, quoting, and the
/// columns that hold the user, item, rating and timestamp.
/// </summary>
/// <remarks>
/// <para>The defaults read comma-separated <c>user,item,rating</c> rows without a header and without a timestamp.</para>
/// <para>For implicit feedback without a rating column, set <see cref="RatingColumn"/> to <see langword="null"/>
/// and <see cref="FixedRating"/> to the value every row gets, usually 1.</para>
/// </remarks>
/// <example>
/// Tab-separated ratings under a header row that names the columns <c>user</c>, <c>item</c> and <c>rating</c>:
/// <code>
/// var format = new DelimitedFormat { Separator = '\t', HasHeader = true, UserColumn = "user", ItemColumn = "item", RatingColumn = "rating" };
/// RatingFile&lt;long, long&gt; file = DelimitedRatingReader.ReadLongIds(path, format);
/// </code>
/// </example>
public sealed record DelimitedFormat
{
    /// <summary>
    /// The field separator. Default: <c>','</c>. Sep 0.18.0 supports tab and the ASCII characters 31 to 126
    /// except <c>'"'</c> and <c>'#'</c>.
    /// </summary>
    public char Separator { get; init; } = ',';

    /// <summary>Whether the first line is a header row of column names. Default: <see langword="false"/>.</summary>
    public bool HasHeader { get; init; }

    /// <summary>The column of the user id. Default: column 0.</summary>
    public DelimitedColumn UserColumn { get; init; } = 0;

    /// <summary>The column of the item id. Default: column 1.</summary>
    public DelimitedColumn ItemColumn { get; init; } = 1;

    /// <summary>
    /// The column of the rating, or <see langword="null"/> when the file has none and every row gets
    /// <see cref="FixedRating"/>. Default: column 2.
    /// </summary>
    public DelimitedColumn? RatingColumn { get; init; } = 2;

    /// <summary>
    /// The column of the timestamp in whole seconds since 1970-01-01 UTC, or <see langword="null"/> to read no
    /// timestamp. Default: <see langword="null"/>.
    /// </summary>
    public DelimitedColumn? TimestampColumn { get; init; }

    /// <summary>
    /// The rating of every row when <see cref="RatingColumn"/> is <see langword="null"/>, for example 1 for
    /// implicit feedback. Must be <see langword="null"/> when <see cref="RatingColumn"/> is set. Default: <see langword="null"/>.
    /// </summary>
    public double? FixedRating { get; init; }

    /// <summary>
    /// The number of fields every row must have, or <see langword="null"/> to take it from the header row, or from
    /// the first data row when there is no header. Default: <see langword="null"/>.
    /// </summary>
    public int? ColumnCount { get; init; }

    /// <summary>
    /// Whether a field may be enclosed in double quotes as in RFC 4180, so that it can contain the separator, a line
    /// break or an escaped quote (<c>""</c>). When <see langword="false"/>, a quote is an ordinary character.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool ParseQuotes { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> for the first setting that cannot work.</summary>
    internal void Validate()
    {
        try
        {
            _ = new Sep(Separator);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The separator '{Separator}' (U+{(int)Separator:X4}) is not supported: {e.Message}", nameof(Separator), e);
        }

        if (ColumnCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ColumnCount), ColumnCount, "ColumnCount must be ≥ 1, or null to take it from the file.");
        }

        if (RatingColumn is null && FixedRating is null)
        {
            throw new ArgumentException("Set RatingColumn to the column of the rating, or set FixedRating for a file without ratings.", nameof(RatingColumn));
        }

        if (RatingColumn is not null && FixedRating is not null)
        {
            throw new ArgumentException(
                $"RatingColumn ({RatingColumn}) and FixedRating ({FixedRating}) are both set. Set RatingColumn to null to give every row FixedRating.",
                nameof(FixedRating));
        }

        if (FixedRating is double rating && !double.IsFinite(rating))
        {
            throw new ArgumentOutOfRangeException(nameof(FixedRating), rating, "FixedRating must be a finite number.");
        }

        var columns = new List<(string Property, DelimitedColumn Column)>
        {
            (nameof(UserColumn), UserColumn),
            (nameof(ItemColumn), ItemColumn),
        };
        if (RatingColumn is DelimitedColumn ratingColumn)
        {
            columns.Add((nameof(RatingColumn), ratingColumn));
        }

        if (TimestampColumn is DelimitedColumn timestampColumn)
        {
            columns.Add((nameof(TimestampColumn), timestampColumn));
        }

        for (int c = 0; c < columns.Count; c++)
        {
            var (property, column) = columns[c];
            if (column.Name is not null && !HasHeader)
            {
                throw new ArgumentException($"{property} is {column}, but a column can be chosen by name only when HasHeader is true.", property);
            }

            if (column.Name is null && column.Index >= ColumnCount)
            {
                throw new ArgumentOutOfRangeException(property, column.Index, $"{property} is {column}, but ColumnCount is {ColumnCount}, so column indices run from 0 to {ColumnCount - 1}.");
            }

            for (int earlier = 0; earlier < c; earlier++)
            {
                if (columns[earlier].Column == column)
                {
                    throw new ArgumentException($"{columns[earlier].Property} and {property} are both {column}. Give each field its own column.", property);
                }
            }
        }
    }
}

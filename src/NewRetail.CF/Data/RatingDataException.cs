namespace NewRetail.CF.Data;

/// <summary>
/// The exception thrown when rating or interaction data is invalid: a malformed line, a value that is not a number,
/// a rating outside the scale, a duplicate (user, item) pair or an empty data set.
/// </summary>
/// <remarks>
/// The message always names the failing value and, where known, the source, the row or line number and the field.
/// The same facts are available as properties for programs that report them their own way.
/// </remarks>
public sealed class RatingDataException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">The message that describes the error.</param>
    public RatingDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RatingDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception without a message.</summary>
    public RatingDataException()
    {
    }

    internal RatingDataException(string message, string? sourceName, long rowNumber, string? field, string? value, Exception? innerException = null)
        : base(Compose(message, sourceName, rowNumber, field), innerException)
    {
        SourceName = sourceName;
        RowNumber = rowNumber;
        Field = field;
        Value = value;
    }

    /// <summary>The file or stream the data came from, or <see langword="null"/> for rows added in code.</summary>
    public string? SourceName { get; }

    /// <summary>The 1-based line number in the source, or the 1-based row number for rows added in code; 0 when not tied to a row.</summary>
    public long RowNumber { get; }

    /// <summary>The field that failed (for example <c>rating</c>), or <see langword="null"/> when the whole row failed.</summary>
    public string? Field { get; }

    /// <summary>The offending text or value, or <see langword="null"/> when there is none.</summary>
    public string? Value { get; }

    private static string Compose(string message, string? sourceName, long rowNumber, string? field)
    {
        string where = (sourceName, rowNumber) switch
        {
            (not null, > 0) => $"{sourceName}, line {rowNumber}",
            (not null, _) => sourceName,
            (null, > 0) => $"row {rowNumber}",
            _ => string.Empty,
        };
        if (field is not null)
        {
            where = where.Length == 0 ? $"field '{field}'" : $"{where}, field '{field}'";
        }

        return where.Length == 0 ? message : $"{where}: {message}";
    }
}

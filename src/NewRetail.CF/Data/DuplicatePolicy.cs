namespace NewRetail.CF.Data;

/// <summary>What a builder does with two or more rows for the same (user, item) pair.</summary>
public enum DuplicatePolicy
{
    /// <summary>Reject the data with a <see cref="RatingDataException"/> naming the pair and both row numbers. The default.</summary>
    Error = 0,

    /// <summary>Keep the row added last, the usual meaning of a re-rating.</summary>
    KeepLast,

    /// <summary>Keep the row added first.</summary>
    KeepFirst,

    /// <summary>Keep the arithmetic mean of all rows for the pair.</summary>
    Mean,
}

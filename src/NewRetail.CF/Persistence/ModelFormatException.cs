namespace NewRetail.CF.Persistence;

/// <summary>Why a model file could not be loaded.</summary>
public enum ModelFormatError
{
    /// <summary>The file does not start with the model file magic bytes: it is not a model file, or it was changed by a text-mode transfer.</summary>
    NotAModelFile = 1,

    /// <summary>The file ends before the header, the content or the checksum is complete: it was cut short while written or copied.</summary>
    Truncated,

    /// <summary>The checksum of the header or of the content does not match the bytes: the file is damaged.</summary>
    ChecksumMismatch,

    /// <summary>The file has a format version that this library cannot read, usually one written by a newer version of the library.</summary>
    UnsupportedVersion,

    /// <summary>The file contains another type of model than the one requested.</summary>
    WrongModelKind,

    /// <summary>The file's user or item id type differs from the requested one.</summary>
    WrongIdType,

    /// <summary>
    /// The stored ids are not in the order of the comparer given to the loader, or the model was saved with a custom
    /// order and the loader was given none.
    /// </summary>
    IdOrderMismatch,

    /// <summary>The checksum matches, but the content breaks a rule of the format: the writer of the file was faulty.</summary>
    InvalidContent,

    /// <summary>A model file on disk has bytes after the content checksum.</summary>
    TrailingData,
}

/// <summary>The exception thrown when a model file or stream cannot be loaded because of what it contains.</summary>
/// <remarks>
/// <para><see cref="Reason"/> names the failed check. The message describes it with the offset and the values,
/// and says what to do next. Errors of the stream itself (a disk failure, a closed stream) are not wrapped: they keep their own type.</para>
/// <para>docs/model-format.md describes the format and the check behind each reason.</para>
/// </remarks>
public sealed class ModelFormatException : IOException
{
    private readonly string _detail;

    /// <summary>Creates an exception with a message only; <see cref="Reason"/> is <see cref="ModelFormatError.InvalidContent"/>.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ModelFormatException(string message)
        : this(ModelFormatError.InvalidContent, message, null, -1)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it; <see cref="Reason"/> is <see cref="ModelFormatError.InvalidContent"/>.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ModelFormatException(string message, Exception innerException)
        : this(ModelFormatError.InvalidContent, message, null, -1, innerException)
    {
    }

    /// <summary>Creates an exception without a message; <see cref="Reason"/> is <see cref="ModelFormatError.InvalidContent"/>.</summary>
    public ModelFormatException()
        : this(ModelFormatError.InvalidContent, "The model file is invalid.", null, -1)
    {
    }

    internal ModelFormatException(ModelFormatError reason, string message, string? sourceName, long offset, Exception? innerException = null)
        : base(Compose(message, sourceName, offset), innerException)
    {
        Reason = reason;
        SourceName = sourceName;
        Offset = offset;
        _detail = message;
    }

    /// <summary>What is wrong with the file.</summary>
    public ModelFormatError Reason { get; }

    /// <summary>The path of the file, or <see langword="null"/> when the model was loaded from a stream.</summary>
    public string? SourceName { get; }

    /// <summary>The byte offset from the start of the model where the problem was found, or -1 when it concerns the whole file.</summary>
    public long Offset { get; }

    /// <summary>Returns the same error with the path of the file it came from.</summary>
    internal ModelFormatException WithSource(string sourceName) => new(Reason, _detail, sourceName, Offset, InnerException);

    private static string Compose(string message, string? sourceName, long offset)
    {
        string where = (sourceName, offset) switch
        {
            (not null, >= 0) => $"{sourceName}, byte {offset}",
            (not null, _) => sourceName,
            (null, >= 0) => $"byte {offset}",
            _ => string.Empty,
        };
        return where.Length == 0 ? message : $"{where}: {message}";
    }
}

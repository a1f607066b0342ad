using NewRetail.CF.Data;

namespace NewRetail.CF.IO;

/// <summary>
/// Collects the rows of one source with their line numbers, and applies the rules that all readers share:
/// blank lines are allowed only at the end, and a source must contain at least one row.
/// </summary>
internal sealed class RatingFileBuilder<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly List<RatingRow<TUser, TItem>> _rows = [];
    private readonly List<long> _lineNumbers = [];
    private long _firstBlankLine;

    internal RatingFileBuilder(string sourceName)
    {
        SourceName = sourceName;
    }

    internal string SourceName { get; }

    /// <summary>Records a blank line. It is an error only if a row follows it.</summary>
    internal void AddBlankLine(long lineNumber)
    {
        if (_firstBlankLine == 0)
        {
            _firstBlankLine = lineNumber;
        }
    }

    /// <summary>Throws when a blank line came before the non-blank line <paramref name="lineNumber"/>.</summary>
    internal void RejectBlankLineBefore(long lineNumber)
    {
        if (_firstBlankLine != 0)
        {
            throw new RatingDataException(
                $"The line is blank, but rows follow it on line {lineNumber}. Remove the blank line: blank lines are allowed only at the end of a file.",
                SourceName, _firstBlankLine, RatingFields.Line, string.Empty);
        }
    }

    internal void Add(RatingRow<TUser, TItem> row, long lineNumber)
    {
        _rows.Add(row);
        _lineNumbers.Add(lineNumber);
    }

    /// <summary>Returns the file, or throws when no row was read.</summary>
    internal RatingFile<TUser, TItem> Build()
    {
        if (_rows.Count == 0)
        {
            throw new RatingDataException(
                "The source contains no rating rows. Check that it is the ratings file and that it is not empty or truncated.",
                SourceName, 0, null, null);
        }

        return new RatingFile<TUser, TItem>(SourceName, _rows, _lineNumbers);
    }
}

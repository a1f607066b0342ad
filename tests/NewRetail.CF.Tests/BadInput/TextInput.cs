using System.Globalization;
using System.Text;
using CsCheck;
using NewRetail.CF.Tests.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>Whether a generated line must be read, must be rejected, or may go either way.</summary>
internal enum LineKind
{
    /// <summary>Well-formed: the reader must return its row.</summary>
    Valid,

    /// <summary>Malformed: the reader must reject it with this line's number.</summary>
    Invalid,

    /// <summary>Random text that may or may not parse: only the weak property applies from here on.</summary>
    Unknown,
}

/// <summary>One generated field: its text and whether the reader must accept it.</summary>
internal readonly record struct Field(string Text, bool Valid)
{
    public static Field Good(string text) => new(text, true);

    public static Field Bad(string text) => new(text, false);
}

/// <summary>One generated line, with the row the reader must return when the line is valid.</summary>
internal sealed record Line(string Text, LineKind Kind, object? Row = null);

/// <summary>How a generated text reaches the reader.</summary>
internal enum SourceKind
{
    TextReader,
    Stream,
    File,
}

/// <summary>
/// A generated text file: its lines, line endings, byte order mark and trailing blank lines, and what a reader must
/// do with it.
/// </summary>
internal sealed record TextInput(IReadOnlyList<Line> Lines, string Text, bool ByteOrderMark, SourceKind Source)
{
    public const string SourceName = "input.txt";

    /// <summary>The 1-based line of the first line that is not valid, and whether it is <see cref="LineKind.Invalid"/>.</summary>
    public (long Line, LineKind Kind)? FirstNonValid
    {
        get
        {
            for (int l = 0; l < Lines.Count; l++)
            {
                if (Lines[l].Kind != LineKind.Valid)
                {
                    return (l + 1, Lines[l].Kind);
                }
            }

            return null;
        }
    }

    /// <summary>The rows of the valid lines with their 1-based line numbers; blank and header lines have no row.</summary>
    public List<(object Row, long Line)> Rows()
    {
        var rows = new List<(object, long)>();
        for (int l = 0; l < Lines.Count; l++)
        {
            if (Lines[l].Row is object row)
            {
                rows.Add((row, l + 1));
            }
        }

        return rows;
    }

    /// <summary>Calls <paramref name="read"/> with a reader, a stream or a file path, whichever <see cref="Source"/> names.</summary>
    public T Read<T>(Func<TextReader, string, T> fromReader, Func<Stream, string, T> fromStream, Func<string, T> fromFile)
    {
        switch (Source)
        {
            case SourceKind.TextReader:
                return fromReader(new StringReader(ByteOrderMark ? "\uFEFF" + Text : Text), SourceName);
            case SourceKind.Stream:
                using (var stream = new MemoryStream(Bytes()))
                {
                    return fromStream(stream, SourceName);
                }

            default:
                using (var file = new TempFile(Bytes()))
                {
                    return fromFile(file.FilePath);
                }
        }
    }

    /// <summary>The source name a reader reports: <see cref="SourceName"/>, or the temporary file's path.</summary>
    public bool NamesSource(string? sourceName) => Source == SourceKind.File ? sourceName?.EndsWith(".txt", StringComparison.Ordinal) == true : sourceName == SourceName;

    public byte[] Bytes()
    {
        byte[] text = Encoding.UTF8.GetBytes(Text);
        return ByteOrderMark ? [0xEF, 0xBB, 0xBF, .. text] : text;
    }

    public override string ToString() => $"{Source}, BOM {ByteOrderMark}: {PropertyCheck.Quote(Text)}";
}

/// <summary>Generators of field texts and of whole files, shared by the reader properties.</summary>
internal static class TextGen
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>64-bit integer ids: ordinary, extreme and padded ones, and ids that are empty, not integers or beyond <see cref="long"/>.</summary>
    public static readonly Gen<Field> LongId = Gen.Frequency(
        (8, Gen.Long[-1_000_000, 1_000_000].Select(v => Field.Good(v.ToString(Invariant)))),
        (1, Gen.OneOf(long.MaxValue, long.MinValue, 0L, int.MaxValue + 1L).Select(v => Field.Good(v.ToString(Invariant)))),
        (1, Gen.OneOf(" 7", "8 ", "+9", "007").Select(Field.Good)),
        (2, Gen.OneOf(
            "", "abc", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1.5", "1e3", "NaN",
            "0x1F", "12a", "--1", "\u0663").Select(Field.Bad)));

    /// <summary>Ratings: finite numbers in several spellings, and NaN, infinities, overflow and text.</summary>
    public static readonly Gen<Field> Rating = Gen.Frequency(
        (8, Gen.Double[-1e6, 1e6].Select(v => Field.Good(v.ToString("R", Invariant)))),
        (2, Gen.OneOf("5", "0.5", "1e3", " 4 ", "+2", "4.", "-0", "1E-5", "-7").Select(Field.Good)),
        (3, Gen.OneOf(
            "", "NaN", "nan", "Infinity", "-Infinity", "\u221E", "-\u221E", "1e400", "-1e400", "abc", "4.5.1", "0x10",
            "1_0", "four").Select(Field.Bad)));

    /// <summary>Unix timestamps in seconds for rating files, which accept any 64-bit integer.</summary>
    public static readonly Gen<Field> RatingTimestamp = Gen.Frequency(
        (8, Gen.Long[0, 2_000_000_000].Select(v => Field.Good(v.ToString(Invariant)))),
        (1, Gen.OneOf(long.MinValue, long.MaxValue).Select(v => Field.Good(v.ToString(Invariant)))),
        (2, Gen.OneOf("", "1.5", "abc", "99999999999999999999", "2017-01-01", "NaN").Select(Field.Bad)));

    /// <summary>Random printable and control text that may or may not parse; never a line break.</summary>
    /// <remarks> It starts with a character that is not white space, so that it is never a blank line.</remarks>
    public static readonly Gen<string> Garbage = Gen.Select(
        Gen.Char["0123456789,.;:\"'-+eEaNbc\u00E9\u0000\u221E\uFEFF"],
        Gen.String[Gen.Char["0123456789,.;\t:\"' -+eEaNbc\u00E9\u0000\u221E\uFEFF"], 0, 23],
        (first, rest) => first + rest);

    /// <summary>How two lines are separated: LF, CRLF or CR.</summary>
    public static readonly Gen<string> LineEnding = Gen.OneOf("\n", "\r\n", "\r");

    /// <summary>The source kind, mostly in-memory so that the properties stay fast.</summary>
    public static readonly Gen<SourceKind> Source = Gen.Frequency(
        (5, Gen.Const(SourceKind.TextReader)), (5, Gen.Const(SourceKind.Stream)), (1, Gen.Const(SourceKind.File)));

    /// <summary>
    /// Assembles a file from <paramref name="body"/>: an optional header line first, interior blank lines (each an
    /// <see cref="LineKind.Invalid"/> line, because rows follow it), mixed line endings, an optional byte order mark,
    /// an optional final line ending and trailing blank lines, which readers ignore.
    /// </summary>
    public static Gen<TextInput> File(Gen<Line> line, Gen<Line>? header = null, int maxLines = 8)
    {
        Gen<Line?> headerGen = header is null ? Gen.Const((Line?)null) : header.Select(h => (Line?)h);
        return Gen.Select(headerGen, line.Array[0, maxLines], Gen.Int[0, 9].Array[0, maxLines], LineEnding.Array[maxLines + 8], Gen.Bool, Gen.Int[0, 2], Gen.Bool)
            .Select((head, body, blankDraws, endings, bom, trailingBlanks, finalEnding) => (head, body, blankDraws, endings, bom, trailingBlanks, finalEnding))
            .SelectMany(t => Source.Select(source => Build(t.head, t.body, t.blankDraws, t.endings, t.bom, t.trailingBlanks, t.finalEnding, source)));
    }

    private static TextInput Build(Line? header, Line[] body, int[] blankDraws, string[] endings, bool bom, int trailingBlanks, bool finalEnding, SourceKind source)
    {
        var lines = new List<Line>();
        if (header is not null)
        {
            lines.Add(header);
        }

        for (int l = 0; l < body.Length; l++)
        {
            // A blank line before a row is rejected, so it is Invalid; it is " " so that a CR before it and an LF
            // after it cannot merge into one CRLF.
            if (l > 0 && l < blankDraws.Length && blankDraws[l] == 0)
            {
                lines.Add(new Line(" ", LineKind.Invalid));
            }

            lines.Add(body[l]);
        }

        var text = new StringBuilder();
        for (int l = 0; l < lines.Count; l++)
        {
            text.Append(lines[l].Text);
            if (l < lines.Count - 1 || finalEnding || trailingBlanks > 0)
            {
                text.Append(endings[l % endings.Length]);
            }
        }

        for (int b = 0; b < trailingBlanks; b++)
        {
            text.Append(b == 0 ? string.Empty : " ").Append('\n');
        }

        return new TextInput(lines, text.ToString(), bom, source);
    }

    /// <summary>Joins fields with <paramref name="separator"/> into a line that is valid only when every field is.</summary>
    public static Line Join(string separator, Field[] fields, Func<object>? row)
    {
        bool valid = fields.All(f => f.Valid);
        return new Line(string.Join(separator, fields.Select(f => f.Text)), valid ? LineKind.Valid : LineKind.Invalid, valid ? row?.Invoke() : null);
    }

    /// <summary>A line with one field too few, one too many, or a trailing separator: a wrong column count.</summary>
    public static Gen<Line> WrongColumnCount(string separator, Gen<Field[]> fields) =>
        Gen.Select(fields, Gen.Int[0, 2]).Select((f, how) =>
        {
            string text = how switch
            {
                0 => string.Join(separator, f.Take(f.Length - 1).Select(x => x.Text)),
                1 => string.Join(separator, f.Select(x => x.Text)) + separator + "9",
                _ => string.Join(separator, f.Select(x => x.Text)) + separator,
            };

            // One empty field left is a blank line, which is allowed at the end of a file.
            return new Line(text, string.IsNullOrWhiteSpace(text) ? LineKind.Unknown : LineKind.Invalid);
        });

    public static long ParseLong(string text) => long.Parse(text, NumberStyles.Integer, Invariant);

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, Invariant);
}

using System.Text;

namespace NewRetail.CF.IO;

/// <summary>Opens files and streams as UTF-8 text, and skips a byte order mark that a caller's reader has not removed.</summary>
internal static class TextSources
{
    private const char ByteOrderMark = '\uFEFF';
    private const int BufferSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> as UTF-8, or as the encoding its byte order mark names.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> is a folder, or does not exist.</exception>
    internal static StreamReader OpenFile(string path)
    {
        RejectFolder(path);
        return new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
    }

    /// <summary>Throws when <paramref name="path"/> names a folder, which would otherwise fail with a misleading "access denied".</summary>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> is a folder.</exception>
    internal static void RejectFolder(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is a folder, not a rating file. Pass the path of the file inside it.", path);
        }
    }

    /// <summary>Wraps <paramref name="stream"/> as UTF-8 text and leaves the stream open when the reader is disposed.</summary>
    internal static StreamReader Wrap(Stream stream)
        => new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);

    /// <summary>
    /// Consumes a leading U+FEFF. A <see cref="StreamReader"/> removes the mark itself, but text from a string still
    /// carries it. Only readers that implement <see cref="TextReader.Peek"/> can be checked, as
    /// <see cref="StreamReader"/> and <see cref="StringReader"/> do.
    /// </summary>
    internal static void SkipByteOrderMark(TextReader reader)
    {
        if (reader.Peek() == ByteOrderMark)
        {
            reader.Read();
        }
    }
}

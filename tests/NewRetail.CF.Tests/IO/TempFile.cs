using System.Text;

namespace NewRetail.CF.Tests.IO;

/// <summary>A file in the temporary folder with the given content, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(byte[] content, string extension = ".txt")
    {
        FilePath = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(FilePath, content);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    public TempFile(string text, string extension = ".txt")
        : this(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), extension)
    {
    }

    public string FilePath { get; }

    /// <summary>Returns <paramref name="text"/> as UTF-8 bytes preceded by the byte order mark EF BB BF.</summary>
    public static byte[] WithByteOrderMark(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    public void Dispose() => File.Delete(FilePath);
}

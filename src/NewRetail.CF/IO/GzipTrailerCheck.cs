using System.Buffers.Binary;
using System.IO.Compression;

namespace NewRetail.CF.IO;

/// <summary>
/// Decompresses gzip data and, at its end, checks the 8-byte gzip trailer against the bytes it returned: the CRC-32
/// of the data, then its length modulo 2^32, both little-endian.
/// </summary>
/// <remarks>
/// <para><see cref="GZipStream"/> in .NET 10 returns end of data when the compressed input stops early, so a truncated
/// <c>.gz</c> file would otherwise read as a shorter file. Here a missing or wrong trailer throws
/// <see cref="InvalidDataException"/>, which the readers report as a data error.</para>
/// <para>The trailer is checked against all of the output, so data made of several concatenated gzip members is
/// rejected too. Decompress and compress such a file again to read it.</para>
/// </remarks>
internal sealed class GzipTrailerCheck : Stream
{
    private const int TrailerLength = 8;

    private readonly TailStream _compressed;
    private readonly GZipStream _gzip;
    private uint _crc = uint.MaxValue;
    private long _length;
    private bool _checked;

    /// <param name="compressed">The gzip bytes. It stays open when this stream is disposed.</param>
    internal GzipTrailerCheck(Stream compressed)
    {
        _compressed = new TailStream(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        if (read > 0)
        {
            _crc = Crc32.Update(_crc, buffer[..read]);
            _length += read;
        }
        else if (!buffer.IsEmpty && !_checked)
        {
            _checked = true;
            CheckTrailer();
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private void CheckTrailer()
    {
        ReadOnlySpan<byte> trailer = _compressed.Tail;
        uint crc = ~_crc;
        if (trailer.Length < TrailerLength
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != unchecked((uint)_length))
        {
            throw new InvalidDataException(
                $"The gzip data ends after {_length} decompressed bytes without a matching CRC-32 and length trailer, so it is truncated or holds several gzip members.");
        }
    }

    /// <summary>A read-only pass-through that remembers the last <see cref="TrailerLength"/> bytes read.</summary>
    private sealed class TailStream(Stream inner) : Stream
    {
        private readonly byte[] _tail = new byte[TrailerLength];
        private int _tailLength;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(0, _tailLength);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            if (read >= TrailerLength)
            {
                buffer.Slice(read - TrailerLength, TrailerLength).CopyTo(_tail);
                _tailLength = TrailerLength;
            }
            else if (read > 0)
            {
                // Shift the kept bytes left and append the new ones, keeping the last TrailerLength in all.
                int keep = Math.Min(_tailLength, TrailerLength - read);
                _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
                buffer[..read].CopyTo(_tail.AsSpan(keep));
                _tailLength = keep + read;
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The CRC-32 of gzip and zlib: reflected polynomial 0xEDB88320, computed a byte at a time from a table.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = CreateTable();

        internal static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        private static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < table.Length; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}

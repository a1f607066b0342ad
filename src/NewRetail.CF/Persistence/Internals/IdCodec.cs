using System.Text;
using NewRetail.CF.Data;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The id types a model file can hold, with their one-byte codes and their encodings.</summary>
internal static class IdCodec
{
    public const byte Int32Code = 1;
    public const byte Int64Code = 2;
    public const byte StringCode = 3;
    public const byte GuidCode = 4;

    /// <summary>The parameter of the public save methods whose ids an error concerns.</summary>
    private static readonly string ModelParameter = "model";

    /// <summary>The UTF-8 encoding of string ids; it throws on a lone surrogate or an invalid byte instead of replacing it.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the code of <typeparamref name="TId"/>, or 0 when the format cannot store it.</summary>
    public static byte CodeOf<TId>()
    {
        if (typeof(TId) == typeof(int))
        {
            return Int32Code;
        }

        if (typeof(TId) == typeof(long))
        {
            return Int64Code;
        }

        if (typeof(TId) == typeof(string))
        {
            return StringCode;
        }

        return typeof(TId) == typeof(Guid) ? GuidCode : (byte)0;
    }

    /// <summary>Returns the type of <paramref name="code"/>, or <see langword="null"/> for a code the format does not define.</summary>
    public static Type? TypeOf(byte code) => code switch
    {
        Int32Code => typeof(int),
        Int64Code => typeof(long),
        StringCode => typeof(string),
        GuidCode => typeof(Guid),
        _ => null,
    };

    /// <summary>Returns the code of <typeparamref name="TId"/>.</summary>
    /// <exception cref="NotSupportedException">The format cannot store ids of this type.</exception>
    public static byte RequireCode<TId>(string side)
    {
        byte code = CodeOf<TId>();
        if (code == 0)
        {
            throw new NotSupportedException(
                $"Model files cannot store {side} ids of type {typeof(TId)}. Supported id types: int, long, string and Guid; " +
                "map the ids to one of them before building the matrix.");
        }

        return code;
    }

    /// <summary>Writes an id map: the order flag, the count and the ids in index order.</summary>
    public static void WriteMap<TId>(ContentWriter writer, IdMap<TId> map, string side)
        where TId : notnull
    {
        writer.WriteBoolean(!IsDefaultOrder(map.Comparer));
        writer.WriteInt32(map.Count);
        var ids = map.IdArray;
        switch (CodeOf<TId>())
        {
            case Int32Code:
                writer.WriteInt32s((int[])(object)ids);
                break;
            case Int64Code:
                writer.WriteInt64s((long[])(object)ids);
                break;
            case GuidCode:
                Span<byte> bytes = stackalloc byte[16];
                foreach (var id in (Guid[])(object)ids)
                {
                    id.TryWriteBytes(bytes, bigEndian: true, out _);
                    writer.WriteBytes(bytes);
                }

                break;
            default:
                WriteStrings(writer, (string[])(object)ids, side);
                break;
        }
    }

    /// <summary>Reads an id map and checks that its ids are in strictly increasing order of <paramref name="order"/>.</summary>
    public static IdMap<TId> ReadMap<TId>(ContentReader reader, IComparer<TId>? order, string side)
        where TId : notnull
    {
        long flagOffset = reader.FileOffset;
        bool customOrder = reader.ReadBoolean($"{side} order flag");
        if (customOrder && order is null)
        {
            throw new ModelFormatException(
                ModelFormatError.IdOrderMismatch,
                $"The {side} ids of this model were ordered by a custom comparer when the matrix was built. " +
                $"Pass the same comparer as the {side}Order argument of the load method.",
                null,
                flagOffset);
        }

        int count = reader.ReadCount($"{side} id count", BytesPerId<TId>());
        TId[] ids = CodeOf<TId>() switch
        {
            Int32Code => (TId[])(object)reader.ReadInt32s(count, $"{side} ids"),
            Int64Code => (TId[])(object)reader.ReadInt64s(count, $"{side} ids"),
            GuidCode => (TId[])(object)ReadGuids(reader, count, side),
            _ => (TId[])(object)ReadStrings(reader, count, side),
        };

        var comparer = order ?? IdOrder.Default<TId>();
        CheckOrder(ids, comparer, order is not null, side, flagOffset);
        return new IdMap<TId>(ids, comparer, IdOrder.DefaultEquality<TId>());
    }

    private static bool IsDefaultOrder<TId>(IComparer<TId> comparer)
        where TId : notnull
        => Equals(comparer, IdOrder.Default<TId>());

    /// <summary>The least number of bytes one id takes: its fixed size, or the 4-byte length of a string.</summary>
    private static int BytesPerId<TId>() => CodeOf<TId>() switch
    {
        Int64Code => 8,
        GuidCode => 16,
        _ => 4,
    };

    private static void WriteStrings(ContentWriter writer, string[] ids, string side)
    {
        byte[] buffer = [];
        for (int index = 0; index < ids.Length; index++)
        {
            int length;
            try
            {
                length = StrictUtf8.GetByteCount(ids[index]);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException(
                    $"The {side} id at index {index} is not valid UTF-16 (it contains a lone surrogate), so it cannot be stored as UTF-8. " +
                    "Fix the id before building the matrix.",
                    ModelParameter,
                    e);
            }

            writer.WriteInt32(length);
            if (writer.IsCounting)
            {
                writer.Count(length);
                continue;
            }

            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            StrictUtf8.GetBytes(ids[index], buffer);
            writer.WriteBytes(buffer.AsSpan(0, length));
        }
    }

    private static string[] ReadStrings(ContentReader reader, int count, string side)
    {
        var ids = new string[count];
        byte[] buffer = [];
        for (int index = 0; index < count; index++)
        {
            long offset = reader.FileOffset;
            int length = reader.ReadCount($"byte length of {side} id {index}", 1);
            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            reader.Fill(buffer.AsSpan(0, length), $"{side} id {index}");
            try
            {
                ids[index] = StrictUtf8.GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException e)
            {
                throw new ModelFormatException(
                    ModelFormatError.InvalidContent, $"The {side} id at index {index} is not valid UTF-8.", null, offset, e);
            }
        }

        return ids;
    }

    private static Guid[] ReadGuids(ContentReader reader, int count, string side)
    {
        reader.CheckCount(count, 16, $"{side} ids", reader.FileOffset);
        var ids = new Guid[count];
        Span<byte> bytes = stackalloc byte[16];
        for (int index = 0; index < count; index++)
        {
            reader.Fill(bytes, $"{side} id {index}");
            ids[index] = new Guid(bytes, bigEndian: true);
        }

        return ids;
    }

    private static void CheckOrder<TId>(TId[] ids, IComparer<TId> comparer, bool given, string side, long offset)
        where TId : notnull
    {
        for (int index = 1; index < ids.Length; index++)
        {
            if (comparer.Compare(ids[index - 1], ids[index]) < 0)
            {
                continue;
            }

            string message = $"The {side} ids at indices {index - 1} and {index} ({ids[index - 1]}, {ids[index]}) are not in strictly increasing order";
            if (given)
            {
                throw new ModelFormatException(
                    ModelFormatError.IdOrderMismatch,
                    $"{message} of the {side}Order comparer. Pass the comparer that the matrix was built with.",
                    null,
                    offset);
            }

            throw ContentReader.Invalid($"{message}, which every id map must be.", offset);
        }

        if (given)
        {
            // Strict order under a custom comparer does not prove that the ids differ under the default equality,
            // which the dictionary of the map needs.
            var seen = new HashSet<TId>(IdOrder.DefaultEquality<TId>());
            for (int index = 0; index < ids.Length; index++)
            {
                if (!seen.Add(ids[index]))
                {
                    throw ContentReader.Invalid($"The {side} id {ids[index]} appears twice.", offset);
                }
            }
        }
    }
}

using System.Globalization;
using System.IO.Compression;
using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Generated UCI Online Retail files against <see cref="OnlineRetailReader"/>, plain and gzip: every line is either
/// counted once in the right class, or the file is rejected at its first bad line. Truncated and corrupted gzip and
/// random bytes give a <see cref="RatingDataException"/> or a result, never another exception.
/// </summary>
public class OnlineRetailProperties
{
    private const int Cases = 300;
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

    /// <summary>One invoice line's fields, in header order.</summary>
    private static readonly Gen<Field[]> Fields = Gen.Select(
            Gen.Frequency(
                (8, Gen.Select(Gen.Bool, Gen.Int[536365, 581587]).Select((c, n) => Field.Good((c ? "C" : string.Empty) + n.ToString(CultureInfo.InvariantCulture)))),
                (1, Gen.OneOf("", " ").Select(Field.Bad))),
            Gen.Frequency((8, Gen.OneOf("85123A", "71053", "POST", "gift_0001_10", "M", "DCGS0003").Select(Field.Good)), (1, Gen.Const(Field.Bad(string.Empty)))),
            Gen.OneOf("WHITE METAL LANTERN", "\"SET 7 BABUSHKA, NESTING BOXES\"", "", "  ").Select(Field.Good),
            Gen.Frequency(
                (8, Gen.Long[-50, 50].Select(v => Field.Good(v.ToString(CultureInfo.InvariantCulture)))),
                (1, Gen.OneOf("80995", "-80995", " 6").Select(Field.Good)),
                (2, Gen.OneOf("1.5", "abc", "", "99999999999999999999", "NaN").Select(Field.Bad))),
            Gen.Frequency(
                (8, Gen.DateTime[new DateTime(2010, 12, 1), new DateTime(2011, 12, 10)].Select(d => Field.Good(d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))),
                (2, Gen.OneOf("2010-13-01 08:26:00", "2010-12-01", "12/1/2010 8:26", "", "2011-02-30 10:00:00", "2011-06-31 24:00:00", "abc").Select(Field.Bad))),
            Gen.OneOf("2.55", "abc", "").Select(Field.Good),
            Gen.Frequency(
                (6, Gen.Long[12346, 18287].Select(v => Field.Good(v.ToString(CultureInfo.InvariantCulture)))),
                (2, Gen.OneOf("", " ").Select(Field.Good)),
                (2, Gen.OneOf("abc", "1.5", "99999999999999999999").Select(Field.Bad))),
            Gen.OneOf("United Kingdom", "EIRE").Select(Field.Good))
        .Select((a, b, c, d, e, f, g, h) => new[] { a, b, c, d, e, f, g, h });

    private static readonly Gen<Line> InvoiceLine = Gen.Frequency(
        (10, Fields.Select(f => TextGen.Join(",", f, () => f))),
        (2, TextGen.WrongColumnCount(",", Fields)),
        (1, TextGen.Garbage.Select(text => new Line(text, LineKind.Unknown))));

    private static readonly Gen<Line> HeaderLine = Gen.Frequency(
        (8, Gen.Const(new Line(Header, LineKind.Valid))),
        (1, Gen.OneOf(Header + ",Extra", Header.ToLowerInvariant(), "536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850,United Kingdom")
            .Select(text => new Line(text, LineKind.Invalid))));

    [Fact]
    public void Read_GeneratedFiles()
    {
        PropertyCheck.Run(TextGen.File(InvoiceLine, HeaderLine), input =>
        {
            var (data, error) = Outcome.DataErrorOr(() => input.Read(
                (reader, name) => OnlineRetailReader.Read(reader, name), (stream, name) => OnlineRetailReader.Read(stream, name), path => OnlineRetailReader.Read(path)));
            var lines = input.Rows();
            RatingReaderProperties.VerifyOutcome(input, error, lines.Count);
            if (error is null && input.FirstNonValid is null)
            {
                VerifyCounts(data!, lines);
            }
        }, Cases, 0x5EED_0201);
    }

    [Fact]
    public void Read_TruncatedOrCorruptGzip()
    {
        // A well-formed file, compressed, then cut short or with one byte changed.
        var damaged = Gen.Select(TextGen.File(InvoiceLine.Where(l => l.Kind == LineKind.Valid), Gen.Const(new Line(Header, LineKind.Valid)), 12), Gen.Double[0, 1], Gen.Bool, Gen.Byte[1, 255])
            .Select((input, where, cut, xor) =>
            {
                byte[] gzip = Compress(input.Bytes());
                int position = Math.Min(gzip.Length - 1, (int)(where * gzip.Length));
                byte[] bytes = cut ? gzip[..position] : [.. gzip];
                if (!cut)
                {
                    bytes[position] ^= xor;
                }

                return (Input: input, Bytes: bytes, Cut: cut);
            });

        PropertyCheck.Run(damaged, sample =>
        {
            using var stream = new MemoryStream(sample.Bytes);
            var (data, error) = Outcome.DataErrorOr(() => OnlineRetailReader.Read(stream, "damaged.csv.gz"));
            if (error is not null)
            {
                error.SourceName.Should().Be("damaged.csv.gz");
                return;
            }

            // Data that reads without an error must be all of it: a cut never silently drops lines.
            if (sample.Cut)
            {
                data!.Lines.Should().Be(sample.Input.Rows().Count, "a truncated gzip stream must not read as a shorter file");
            }
        }, Cases, 0x5EED_0202, sample => $"cut {sample.Cut}: {Convert.ToHexString(sample.Bytes)}");
    }

    [Fact]
    public void EveryStreamReader_RandomBytes()
    {
        var bytes = Gen.Frequency(
            (3, Gen.Byte.Array[0, 200]),
            (1, Gen.Byte.Array[0, 200].Select(b => (byte[])[0x1F, 0x8B, .. b])),
            (1, Gen.Byte.Array[0, 200].Select(b => (byte[])[0xEF, 0xBB, 0xBF, .. b])));
        var readers = new (string Name, Action<Stream> Read)[]
        {
            ("ReadUData", s => MovieLensReader.ReadUData(s, "random")),
            ("ReadDat", s => MovieLensReader.ReadDat(s, "random")),
            ("ReadRatingsCsv", s => MovieLensReader.ReadRatingsCsv(s, "random")),
            ("ReadLongIds", s => DelimitedRatingReader.ReadLongIds(s, "random", new DelimitedFormat())),
            ("ReadStringIds", s => DelimitedRatingReader.ReadStringIds(s, "random", new DelimitedFormat { HasHeader = true })),
            ("Event ReadLongIds", s => DelimitedEventReader.ReadLongIds(s, "random", new DelimitedEventFormat())),
            ("Event ReadStringIds", s => DelimitedEventReader.ReadStringIds(s, "random", new DelimitedEventFormat { CreateCustomBehaviors = true })),
            ("Taobao", s => TaobaoUserBehaviorReader.Read(s, "random")),
            ("OnlineRetail", s => OnlineRetailReader.Read(s, "random")),
        };

        PropertyCheck.Run(Gen.Select(bytes, Gen.Int[0, readers.Length - 1]), sample =>
        {
            using var stream = new MemoryStream(sample.Item1);
            var (_, error) = Outcome.DataErrorOr(() =>
            {
                readers[sample.Item2].Read(stream);
                return true;
            });
            error?.SourceName.Should().Be("random", readers[sample.Item2].Name);
        }, Cases * 2, 0x5EED_0203, sample => $"{readers[sample.Item2].Name}: {Convert.ToHexString(sample.Item1)}");
    }

    /// <summary>Classifies each line as the reader's documentation describes, and compares the counts and events.</summary>
    private static void VerifyCounts(OnlineRetailData data, List<(object Row, long Line)> lines)
    {
        long purchases = 0;
        long returns = 0;
        long anonymousPurchases = 0;
        long anonymousCancellations = 0;
        long nonProducts = 0;
        long inconsistent = 0;
        var events = new List<InteractionEvent<long, string>>();
        foreach (var (row, line) in lines)
        {
            var f = (Field[])row;
            string invoice = f[0].Text;
            string stockCode = f[1].Text;
            long quantity = TextGen.ParseLong(f[3].Text);
            bool cancellation = invoice.StartsWith('C');
            if (OnlineRetailOptions.DefaultNonProductStockCodes.Contains(stockCode))
            {
                nonProducts++;
            }
            else if (cancellation ? quantity >= 0 : quantity <= 0)
            {
                inconsistent++;
            }
            else if (string.IsNullOrWhiteSpace(f[6].Text))
            {
                _ = cancellation ? anonymousCancellations++ : anonymousPurchases++;
            }
            else
            {
                _ = cancellation ? returns++ : purchases++;
                var time = DateTime.ParseExact(f[4].Text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                events.Add(new InteractionEvent<long, string>(
                    TextGen.ParseLong(f[6].Text), stockCode, cancellation ? Behavior.Return : Behavior.Purchase, new DateTimeOffset(time, TimeSpan.Zero))
                {
                    Quantity = Math.Abs(quantity),
                    SessionId = invoice,
                    RowNumber = line,
                });
            }
        }

        data.Lines.Should().Be(lines.Count);
        data.PurchaseLines.Should().Be(purchases);
        data.ReturnLines.Should().Be(returns);
        data.AnonymousPurchaseLines.Should().Be(anonymousPurchases);
        data.AnonymousCancellationLines.Should().Be(anonymousCancellations);
        data.NonProductLines.Should().Be(nonProducts);
        data.InconsistentQuantityLines.Should().Be(inconsistent);
        data.AnonymousBaskets.Sum(b => b.Count).Should().Be((int)anonymousPurchases);
        data.Events.Events.Should().Equal(events);
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}

using System.IO.Compression;
using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>Faults that the bad-input properties found, each pinned by a hand-written case.</summary>
public class BadInputRegressionTests
{
    [Fact]
    public void RatingFirstRowTooShort_ValueIsLine()
    {
        // The format reads the item from column 1, but the first row "7" has one field.
        var act = () => DelimitedRatingReader.ReadLongIds(new StringReader("7\n1,2,3\n"), "short.csv", new DelimitedFormat());

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Value.Should().Be("7");
    }

    [Fact]
    public void EventFirstRowTooShort_ValueIsLine()
    {
        var act = () => DelimitedEventReader.ReadLongIds(new StringReader("7,8,view\n"), "short.csv", new DelimitedEventFormat());

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Value.Should().Be("7,8,view");
    }

    [Fact]
    public void HeaderTooShort_ValueIsHeader()
    {
        var format = new DelimitedFormat { HasHeader = true, TimestampColumn = 3 };

        var act = () => DelimitedRatingReader.ReadLongIds(new StringReader("user,item,rating\n1,2,3\n"), "short.csv", format);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be("user,item,rating");
    }

    [Fact]
    public void TruncatedGzipEvents_Rejected()
    {
        byte[] gzip = Compress("1,10,view,100\n2,20,purchase,200\n3,30,view,300\n");

        // Cutting the 8-byte trailer and a few deflate bytes leaves data that GZipStream ends early without an error.
        using var stream = new MemoryStream(gzip[..^10]);
        var act = () => DelimitedEventReader.ReadLongIds(stream, "events.csv.gz", new DelimitedEventFormat());

        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("events.csv.gz");
        error.InnerException.Should().BeOfType<InvalidDataException>();
    }

    [Fact]
    public void GzipWithoutTrailer_Rejected()
    {
        const string text = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n" +
            "536365,85123A,LANTERN,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n";
        byte[] gzip = Compress(text);

        // Only the trailer is missing: every line decompresses, but nothing proves that the file is complete.
        using var stream = new MemoryStream(gzip[..^8]);
        var act = () => OnlineRetailReader.Read(stream, "retail.csv.gz");

        act.Should().Throw<RatingDataException>().WithMessage("*gzip*truncated*");
    }

    [Fact]
    public void CompleteGzip_Read()
    {
        using var stream = new MemoryStream(Compress("1,10,view,100\n2,20,purchase,200\n"));

        var file = DelimitedEventReader.ReadLongIds(stream, "events.csv.gz", new DelimitedEventFormat());

        file.Count.Should().Be(2);
    }

    [Fact]
    public void PredefinedTestRowError_NamesRow()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4), new("u2", "i2", 3)];
        RatingRow<string, string>[] test = [new("u1", "i2", 5), new("u2", "i1", 9)];

        var act = () => Split.Predefined(train, test, RatingScale.OneToFive);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("rating");
        error.Value.Should().Be("9");
    }

    [Fact]
    public void PredefinedOverlap_NamesRowAndPair()
    {
        RatingRow<string, string>[] train = [new("u1", "i1", 4)];
        RatingRow<string, string>[] test = [new("u2", "i2", 5), new("u1", "i1", 3)];

        var act = () => Split.Predefined(train, test, RatingScale.OneToFive);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(2);
        error.Value.Should().Be("(u1, i1)");
    }

    [Fact]
    public void DecayedPreferenceBelowFloat_LeftOut()
    {
        // One purchase 200 half-lives before the reference time weighs 10 × ln(1 + 1) × 2^-200 ≈ 4.3e-60.
        // That is positive as a double but 0 as a float, so the pair must be left out as a zero pair, not stored as 0.
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var options = new PreferenceOptions { HalfLife = TimeSpan.FromDays(1), ReferenceTime = start.AddDays(200) };
        InteractionEvent<string, string>[] events = [new("u1", "i1", Behavior.Purchase, start), new("u1", "i2", Behavior.Purchase, start.AddDays(200))];

        var result = new PreferenceAggregator(options).Aggregate(events);

        result.Matrix.TryGetRating("u1", "i1", out _).Should().BeFalse();
        result.ZeroPairs.Should().Be(1);
    }

    private static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}

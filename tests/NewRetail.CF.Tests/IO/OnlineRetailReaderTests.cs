using System.IO.Compression;
using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.IO;

/// <summary>The UCI Online Retail reader on small files that contain every kind of line.</summary>
public class OnlineRetailReaderTests
{
    private const string Header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    // Line 2-3: two sales of customer 17850 on one invoice, one description quoted with a comma.
    // Line 4: a cancellation of customer 17850. Line 5: postage, a non-product, on a sale with a customer.
    // Lines 6-8: guest sales on invoices 536544 (two lines) and 536545. Line 9: a guest cancellation.
    // Line 10: a stock correction, negative on a sales invoice. Line 11: a later, non-empty description of 22633.
    private const string Sample = Header +
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER  ,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n" +
        "536365,22633,,2,2010-12-01 08:26:00,1.85,17850,United Kingdom\n" +
        "C536379,85123A,\"HOLDER, WHITE\",-2,2010-12-01 09:41:00,2.55,17850,United Kingdom\n" +
        "536366,POST,POSTAGE,1,2010-12-01 08:28:00,18,17850,United Kingdom\n" +
        "536544,21773,\"DECORATIVE ROSE BATHROOM BOTTLE\",1,2010-12-01 14:32:00,2.51,,United Kingdom\n" +
        "536544,22633,HAND WARMER UNION JACK,3,2010-12-01 14:32:00,4.21,,United Kingdom\n" +
        "536545,85123A,WHITE HANGING HEART T-LIGHT HOLDER,1,2010-12-01 14:35:00,2.55,,United Kingdom\n" +
        "C536548,22244,\"3 HOOK HANGER, MAGIC GARDEN\",-1,2010-12-01 14:40:00,1.95,,Germany\n" +
        "536549,85226A,check,-20,2010-12-01 14:42:00,0,,United Kingdom\n" +
        "536550,22633,HAND WARMER UNION JACK,1,2010-12-01 14:45:00,2.10,13047,United Kingdom\n";

    private static readonly DateTimeOffset Opening = new(2010, 12, 1, 8, 26, 0, TimeSpan.Zero);

    private static OnlineRetailData Read(string text, OnlineRetailOptions? options = null)
        => OnlineRetailReader.Read(new StringReader(text), "retail.csv", options);

    private static RatingDataException Error(string text, OnlineRetailOptions? options = null)
    {
        var act = () => Read(text, options);
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("retail.csv");
        return error;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Read_CustomerEvents()
    {
        var data = Read(Sample);

        data.Events.Events.Should().Equal(
            new InteractionEvent<long, string>(17850, "85123A", Behavior.Purchase, Opening) { Quantity = 6, SessionId = "536365", RowNumber = 2 },
            new InteractionEvent<long, string>(17850, "22633", Behavior.Purchase, Opening) { Quantity = 2, SessionId = "536365", RowNumber = 3 },
            new InteractionEvent<long, string>(17850, "85123A", Behavior.Return, Opening.AddMinutes(75)) { Quantity = 2, SessionId = "C536379", RowNumber = 4 },
            new InteractionEvent<long, string>(13047, "22633", Behavior.Purchase, Opening.AddMinutes(379)) { Quantity = 1, SessionId = "536550", RowNumber = 11 });
        data.Events.SourceName.Should().Be("retail.csv");
    }

    [Fact]
    public void Read_AnonymousBaskets()
    {
        var data = Read(Sample);

        data.AnonymousBaskets.Select(b => b.Id).Should().Equal("536544", "536545");
        data.AnonymousBaskets[0].Items.Should().Equal("21773", "22633");
        data.AnonymousBaskets[0].Quantities.Should().Equal(1.0, 3.0);
        data.AnonymousBaskets[0].Timestamp.Should().Be(new DateTimeOffset(2010, 12, 1, 14, 32, 0, TimeSpan.Zero));
        data.AnonymousBaskets[1].Items.Should().Equal("85123A");
    }

    [Fact]
    public void Read_Descriptions()
    {
        var data = Read(Sample);

        data.Descriptions.Should().Equal(new Dictionary<string, string>
        {
            ["85123A"] = "WHITE HANGING HEART T-LIGHT HOLDER",
            ["POST"] = "POSTAGE",
            ["21773"] = "DECORATIVE ROSE BATHROOM BOTTLE",
            ["22633"] = "HAND WARMER UNION JACK",
            ["22244"] = "3 HOOK HANGER, MAGIC GARDEN",
            ["85226A"] = "check",
        });
    }

    [Fact]
    public void Read_CountsEveryLineOnce()
    {
        var data = Read(Sample);

        data.Lines.Should().Be(10);
        data.PurchaseLines.Should().Be(3);
        data.ReturnLines.Should().Be(1);
        data.AnonymousPurchaseLines.Should().Be(3);
        data.AnonymousCancellationLines.Should().Be(1);
        data.NonProductLines.Should().Be(1);
        data.InconsistentQuantityLines.Should().Be(1);
        (data.PurchaseLines + data.ReturnLines + data.AnonymousPurchaseLines + data.AnonymousCancellationLines
            + data.NonProductLines + data.InconsistentQuantityLines).Should().Be(data.Lines);
    }

    [Fact]
    public void Read_NonProductsKeptWithEmptySet()
    {
        var data = Read(Sample, new OnlineRetailOptions { NonProductStockCodes = new HashSet<string>() });

        data.NonProductLines.Should().Be(0);
        data.PurchaseLines.Should().Be(4);
        data.Events.Events.Should().Contain(e => e.Item == "POST" && e.RowNumber == 5);
    }

    [Fact]
    public void Read_CustomNonProductCodes()
    {
        var data = Read(Sample, new OnlineRetailOptions { NonProductStockCodes = new HashSet<string> { "22633" } });

        data.NonProductLines.Should().Be(3);
        data.Events.Events.Should().NotContain(e => e.Item == "22633");
        data.AnonymousBaskets[0].Items.Should().Equal("21773");
    }

    [Fact]
    public void Read_DefaultNonProductCodes()
    {
        OnlineRetailOptions.DefaultNonProductStockCodes.Should().BeEquivalentTo(
            ["POST", "DOT", "C2", "M", "m", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS"]);
        OnlineRetailOptions.Default.NonProductStockCodes.Should().BeEquivalentTo(OnlineRetailOptions.DefaultNonProductStockCodes);
    }

    [Fact]
    public void Read_InconsistentQuantityRejectedWhenAsked()
    {
        var error = Error(Sample, new OnlineRetailOptions { RejectInconsistentQuantities = true });

        error.RowNumber.Should().Be(10);
        error.Field.Should().Be("quantity");
        error.Value.Should().Be("-20");
        error.Message.Should().Contain("536549");
    }

    [Fact]
    public void Read_PositiveCancellationIsInconsistent()
    {
        var data = Read(Header + "C536379,85123A,X,2,2010-12-01 09:41:00,2.55,17850,United Kingdom\n");

        data.InconsistentQuantityLines.Should().Be(1);
        data.Events.Count.Should().Be(0);
    }

    [Fact]
    public void Read_ZeroQuantityIsInconsistent()
    {
        var data = Read(Header + "536379,85123A,X,0,2010-12-01 09:41:00,2.55,17850,United Kingdom\n");

        data.InconsistentQuantityLines.Should().Be(1);
    }

    [Fact]
    public void Read_CrlfAndByteOrderMark()
    {
        string crlf = Sample.Replace("\n", "\r\n", StringComparison.Ordinal);
        using var stream = new MemoryStream(TempFile.WithByteOrderMark(crlf));

        var data = OnlineRetailReader.Read(stream, "retail.csv");

        data.Events.Events.Should().Equal(Read(Sample).Events.Events);
    }

    [Fact]
    public void Read_GzipFileAndStream()
    {
        using var file = new TempFile(Gzip(Sample), ".csv.gz");
        using var stream = new MemoryStream(Gzip(Sample));
        var expected = Read(Sample).Events.Events;

        OnlineRetailReader.Read(file.FilePath).Events.Events.Should().Equal(expected);
        OnlineRetailReader.Read(stream, "retail.csv.gz").Events.Events.Should().Equal(expected);
    }

    [Fact]
    public void Read_Aggregates()
    {
        var data = Read(Sample);

        var preferences = new PreferenceAggregator(new PreferenceOptions { QuantityDamping = QuantityDamping.None }).Aggregate(data.Events);

        // Customer 17850: 85123A 10 · (6 − 2) = 40, 22633 10 · 2 = 20. Customer 13047: 22633 10 · 1 = 10.
        preferences.Matrix.TryGetRating(17850, "85123A", out float holder).Should().BeTrue();
        holder.Should().Be(40);
        preferences.PairCount.Should().Be(3);
    }

    [Fact]
    public void Read_WrongHeader()
    {
        var error = Error("Invoice,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");

        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
    }

    [Fact]
    public void Read_MissingColumn()
    {
        var error = Error(Header + "536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850\n");

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("line");
        error.Message.Should().Contain("7 field(s), but 8 are expected");
    }

    [Theory]
    [InlineData("536365,85123A,X,6.5,2010-12-01 08:26:00,2.55,17850,UK", "quantity", "6.5")]
    [InlineData("536365,85123A,X,,2010-12-01 08:26:00,2.55,17850,UK", "quantity", "")]
    [InlineData("536365,85123A,X,6,01/12/2010 08:26,2.55,17850,UK", "timestamp", "01/12/2010 08:26")]
    [InlineData("536365,85123A,X,6,2010-13-01 08:26:00,2.55,17850,UK", "timestamp", "2010-13-01 08:26:00")]
    [InlineData("536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850.5,UK", "user", "17850.5")]
    [InlineData(",85123A,X,6,2010-12-01 08:26:00,2.55,17850,UK", "invoice", "")]
    [InlineData("536365,,X,6,2010-12-01 08:26:00,2.55,17850,UK", "item", "")]
    public void Read_BadField(string line, string field, string value)
    {
        var error = Error(Header + "536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850,UK\n" + line + "\n");

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be(field);
        error.Value.Should().Be(value);
    }

    [Fact]
    public void Read_EmptySource()
    {
        var error = Error(string.Empty);

        error.Message.Should().Contain("empty");
    }

    [Fact]
    public void Read_HeaderOnly()
    {
        var error = Error(Header);

        error.Message.Should().Contain("no invoice lines");
    }

    [Fact]
    public void Read_BlankLineBeforeRows()
    {
        var error = Error(Header + "536365,85123A,X,6,2010-12-01 08:26:00,2.55,17850,UK\n\n536365,22633,X,6,2010-12-01 08:26:00,2.55,17850,UK\n");

        error.RowNumber.Should().Be(3);
        error.Field.Should().Be("line");
    }

    [Fact]
    public void Read_OnlyGuestsGivesNoEvents()
    {
        var data = Read(Header + "536544,21773,X,1,2010-12-01 14:32:00,2.51,,United Kingdom\n");

        data.Events.Count.Should().Be(0);
        data.AnonymousBaskets.Should().HaveCount(1);
    }

    [Fact]
    public void Options_NullCodes()
    {
        var act = () => new OnlineRetailOptions { NonProductStockCodes = null! };

        act.Should().Throw<ArgumentNullException>().WithParameterName("NonProductStockCodes");
    }
}

using System.IO.Compression;
using NewRetail.CF.Events;
using NewRetail.CF.IO;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.IO;

/// <summary>
/// The event readers and the aggregator on UCI Online Retail and the Taobao UserBehavior sample, checked against
/// the published counts and against counts computed separately with Python's csv module.
/// </summary>
public class RealDataEventReaderTests
{
    private static string OnlineRetailPath() => TestData.Require("online-retail", "online_retail.csv");

    private static string TaobaoPath() => TestData.Require("taobao-userbehavior-sample", "UserBehavior.csv");

    [SkippableFact]
    public void OnlineRetail_PublishedPurchaseCounts()
    {
        var data = OnlineRetailReader.Read(OnlineRetailPath(), new OnlineRetailOptions { NonProductStockCodes = new HashSet<string>() });
        var purchases = data.Events.Events.Where(e => e.Behavior == Behavior.Purchase).ToList();

        var matrix = new PreferenceAggregator().Aggregate(purchases).Matrix;

        purchases.Should().HaveCount(397_924);
        data.PurchaseLines.Should().Be(397_924);
        purchases.Select(e => e.SessionId).Distinct().Should().HaveCount(18_536);
        matrix.Users.Count.Should().Be(4_339);
        matrix.Items.Count.Should().Be(3_665);
        matrix.Count.Should().Be(266_802);
    }

    [SkippableFact]
    public void OnlineRetail_DefaultLineCounts()
    {
        var data = OnlineRetailReader.Read(OnlineRetailPath());

        data.Lines.Should().Be(541_909);
        data.PurchaseLines.Should().Be(396_370);
        data.ReturnLines.Should().Be(8_539);
        data.AnonymousPurchaseLines.Should().Be(132_583);
        data.AnonymousBaskets.Should().HaveCount(2_136);
        data.AnonymousCancellationLines.Should().Be(165);
        data.NonProductLines.Should().Be(2_916);
        data.InconsistentQuantityLines.Should().Be(1_336);
        data.Events.Events[^1].RowNumber.Should().BeLessThanOrEqualTo(541_910);
    }

    [SkippableFact]
    public void OnlineRetail_Descriptions()
    {
        var data = OnlineRetailReader.Read(OnlineRetailPath());

        data.Descriptions.Should().HaveCount(3_958);
        data.Descriptions["85123A"].Should().Be("WHITE HANGING HEART T-LIGHT HOLDER");
        data.Descriptions["POST"].Should().Be("POSTAGE");
    }

    [SkippableFact]
    public void OnlineRetail_DefaultPreferences()
    {
        var data = OnlineRetailReader.Read(OnlineRetailPath());

        var result = new PreferenceAggregator().Aggregate(data.Events);

        result.EventCount.Should().Be(404_909);
        result.PairCount.Should().Be(264_673);
        result.CancelledPairs.Should().Be(1_553);
        result.ReturnedPairs.Should().Be(6_904);
        result.ZeroPairs.Should().Be(665);
        result.UnmatchedReturnEvents.Should().Be(693);
        result.Matrix.Users.Count.Should().Be(4_323);
        result.Matrix.Items.Count.Should().Be(3_643);

        // Customer 17850 bought 122 units of 85123A and returned none: 10 · ln(123) = 48.121844.
        result.Matrix.TryGetRating(17850, "85123A", out float holder).Should().BeTrue();
        holder.Should().BeApproximately(48.121844f, 1e-4f);
        result.Matrix.Rows().Max(row => row.Rating).Should().BeApproximately(94.367586, 1e-4);
    }

    [SkippableFact]
    public void OnlineRetail_GzipCopyReadsTheSame()
    {
        string path = OnlineRetailPath();
        string compressed = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.csv.gz");
        try
        {
            using (FileStream source = File.OpenRead(path))
            using (FileStream target = File.Create(compressed))
            using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
            {
                source.CopyTo(gzip);
            }

            var plain = OnlineRetailReader.Read(path);
            var fromGzip = OnlineRetailReader.Read(compressed);

            fromGzip.Lines.Should().Be(541_909);
            fromGzip.Events.Events.Should().Equal(plain.Events.Events);
            fromGzip.AnonymousBaskets.Should().HaveCount(plain.AnonymousBaskets.Count);
        }
        finally
        {
            File.Delete(compressed);
        }
    }

    [SkippableFact]
    public void Taobao_PublishedCounts()
    {
        var data = TaobaoUserBehaviorReader.Read(TaobaoPath());
        var events = data.Events.Events;

        var byBehavior = events.GroupBy(e => e.Behavior).ToDictionary(group => group.Key, group => group.Count());

        events.Should().HaveCount(110_300);
        byBehavior.Should().Equal(new Dictionary<Behavior, int>
        {
            [Behavior.View] = 98_361,
            [Behavior.AddToCart] = 6_063,
            [Behavior.Favorite] = 3_383,
            [Behavior.Purchase] = 2_493,
        });
        events.Select(e => e.User).Distinct().Should().HaveCount(66_454);
        data.ItemCategories.Should().HaveCount(84_793);
        data.ItemCategories.Values.Distinct().Should().HaveCount(3_913);
        events.Min(e => e.Timestamp).Should().Be(new DateTimeOffset(2017, 11, 26, 1, 0, 0, TimeSpan.Zero));
        events.Max(e => e.Timestamp).Should().Be(new DateTimeOffset(2017, 11, 26, 3, 10, 11, TimeSpan.Zero));
    }

    [SkippableFact]
    public void Taobao_DefaultPreferences()
    {
        var data = TaobaoUserBehaviorReader.Read(TaobaoPath());

        var result = new PreferenceAggregator().Aggregate(data.Events);

        result.UsedEvents.Should().Be(110_300);
        result.PairCount.Should().Be(108_243);
        result.Matrix.Users.Count.Should().Be(66_454);
        result.Matrix.Items.Count.Should().Be(84_793);
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.IO;

/// <summary>The Taobao UserBehavior reader on small logs.</summary>
public class TaobaoUserBehaviorReaderTests
{
    private const string Sample =
        "543462,1715,1464116,pv,1511658000\n" +
        "543462,1715,1464116,fav,1511658001\n" +
        "662867,2244074,1575622,cart,1511658002\n" +
        "662867,2244074,1575622,buy,1511658003\n";

    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_511_658_000);

    private static TaobaoUserBehaviorData Read(string text) => TaobaoUserBehaviorReader.Read(new StringReader(text), "UserBehavior.csv");

    private static RatingDataException Error(string text)
    {
        var act = () => Read(text);
        var error = act.Should().Throw<RatingDataException>().Which;
        error.SourceName.Should().Be("UserBehavior.csv");
        return error;
    }

    [Fact]
    public void Read_MapsBehaviours()
    {
        var data = Read(Sample);

        data.Events.Events.Should().Equal(
            new InteractionEvent<long, long>(543462, 1715, Behavior.View, Start) { RowNumber = 1 },
            new InteractionEvent<long, long>(543462, 1715, Behavior.Favorite, Start.AddSeconds(1)) { RowNumber = 2 },
            new InteractionEvent<long, long>(662867, 2244074, Behavior.AddToCart, Start.AddSeconds(2)) { RowNumber = 3 },
            new InteractionEvent<long, long>(662867, 2244074, Behavior.Purchase, Start.AddSeconds(3)) { RowNumber = 4 });
    }

    [Fact]
    public void Read_ItemCategories()
    {
        var data = Read(Sample);

        data.ItemCategories.Should().Equal(new Dictionary<long, long> { [1715] = 1464116, [2244074] = 1575622 });
    }

    [Fact]
    public void Read_FileAndStream()
    {
        using var file = new TempFile(Sample, ".csv");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Sample));

        TaobaoUserBehaviorReader.Read(file.FilePath).Events.Events.Should().Equal(Read(Sample).Events.Events);
        TaobaoUserBehaviorReader.Read(stream, "UserBehavior.csv").Events.Events.Should().Equal(Read(Sample).Events.Events);
    }

    [Fact]
    public void Read_UnknownBehaviour()
    {
        var error = Error(Sample + "1,2,3,like,1511658004\n");

        error.RowNumber.Should().Be(5);
        error.Field.Should().Be("behavior");
        error.Value.Should().Be("like");
        error.Message.Should().Contain("'buy', 'cart', 'fav', 'pv'").And.NotContain("BehaviorNames");
    }

    [Fact]
    public void Read_ItemWithTwoCategories()
    {
        var error = Error(Sample + "1,1715,999,pv,1511658004\n");

        error.RowNumber.Should().Be(5);
        error.Field.Should().Be("category");
        error.Message.Should().Contain("1464116").And.Contain("line 1");
    }

    [Theory]
    [InlineData("1,2,3,pv,2017-11-26", "timestamp")]
    [InlineData("1,2,x,pv,1511658000", "category")]
    [InlineData("u,2,3,pv,1511658000", "user")]
    [InlineData("1,2,3,pv", "line")]
    [InlineData("1,2,3,pv,1511658000,extra", "line")]
    public void Read_MalformedLine(string line, string field)
    {
        var error = Error(Sample + line + "\n");

        error.RowNumber.Should().Be(5);
        error.Field.Should().Be(field);
    }

    [Fact]
    public void Read_IdErrorSuggestsFix()
    {
        var error = Error("u,2,3,pv,1511658000\n");

        error.Message.Should().Contain("Fix or remove the line").And.NotContain("ReadStringIds");
    }

    [Fact]
    public void Read_Empty()
    {
        var error = Error(string.Empty);

        error.Message.Should().Contain("no events");
    }

    [Fact]
    public void Read_Aggregates()
    {
        var data = Read(Sample);

        var preferences = new PreferenceAggregator(new PreferenceOptions { QuantityDamping = QuantityDamping.None }).Aggregate(data.Events);

        // 543462 × 1715: view 1 + favourite 4 = 5. 662867 × 2244074: cart 6 + purchase 10 = 16.
        preferences.Matrix.TryGetRating(543462, 1715, out float browsed).Should().BeTrue();
        preferences.Matrix.TryGetRating(662867, 2244074, out float bought).Should().BeTrue();
        browsed.Should().Be(5);
        bought.Should().Be(16);
    }
}

using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Events;

/// <summary>Behaviours, channels, events, baskets and interaction histories as plain values.</summary>
public class EventTypesTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Behavior_BuiltInNames()
    {
        string[] names = [Behavior.View.Name, Behavior.Click.Name, Behavior.Favorite.Name, Behavior.AddToCart.Name, Behavior.Purchase.Name, Behavior.Return.Name];

        names.Should().Equal("view", "click", "favorite", "add-to-cart", "purchase", "return");
    }

    [Fact]
    public void Behavior_EqualByName()
    {
        new Behavior("purchase").Should().Be(Behavior.Purchase);
        new Behavior("wishlist").Should().Be(new Behavior("wishlist"));
        new Behavior("wishlist").GetHashCode().Should().Be(new Behavior("wishlist").GetHashCode());
    }

    [Fact]
    public void Behavior_CaseSensitive()
    {
        new Behavior("Purchase").Should().NotBe(Behavior.Purchase);
    }

    [Fact]
    public void Behavior_ToStringIsName()
    {
        new Behavior("wishlist").ToString().Should().Be("wishlist");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Behavior_RejectsBlankName(string? blank)
    {
        var act = () => new Behavior(blank!);

        act.Should().Throw<ArgumentException>().WithParameterName("name");
    }

    [Fact]
    public void Behavior_DefaultHasEmptyName()
    {
        default(Behavior).Name.Should().BeEmpty();
    }

    [Fact]
    public void Channel_BuiltInNames()
    {
        Channel.Online.Name.Should().Be("online");
        Channel.InStore.Name.Should().Be("in-store");
    }

    [Fact]
    public void Channel_DefaultIsOnline()
    {
        default(Channel).Name.Should().Be("online");
        default(Channel).Should().Be(Channel.Online);
        default(Channel).GetHashCode().Should().Be(Channel.Online.GetHashCode());
    }

    [Fact]
    public void Channel_EqualByName()
    {
        new Channel("in-store").Should().Be(Channel.InStore);
        new Channel("kiosk").Should().NotBe(Channel.InStore);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Channel_RejectsBlankName(string? blank)
    {
        var act = () => new Channel(blank!);

        act.Should().Throw<ArgumentException>().WithParameterName("name");
    }

    [Fact]
    public void Event_Defaults()
    {
        var e = new InteractionEvent<long, string>(7, "sku", Behavior.View, Now);

        e.Quantity.Should().Be(1);
        e.Channel.Should().Be(Channel.Online);
        e.StoreId.Should().BeNull();
        e.SessionId.Should().BeNull();
        e.RowNumber.Should().Be(0);
    }

    [Fact]
    public void Event_InitProperties()
    {
        var e = new InteractionEvent<long, string>(7, "sku", Behavior.Purchase, Now)
        {
            Quantity = 3,
            Channel = Channel.InStore,
            StoreId = "S12",
            SessionId = "receipt-9",
            RowNumber = 4,
        };

        e.User.Should().Be(7);
        e.Item.Should().Be("sku");
        e.Behavior.Should().Be(Behavior.Purchase);
        e.Timestamp.Should().Be(Now);
        e.Quantity.Should().Be(3);
        e.Channel.Should().Be(Channel.InStore);
        e.StoreId.Should().Be("S12");
        e.SessionId.Should().Be("receipt-9");
        e.RowNumber.Should().Be(4);
    }

    [Fact]
    public void Event_ValueEquality()
    {
        var a = new InteractionEvent<long, string>(7, "sku", Behavior.View, Now) { Quantity = 2 };
        var b = new InteractionEvent<long, string>(7, "sku", Behavior.View, Now) { Quantity = 2 };

        a.Should().Be(b);
        (a with { Quantity = 3 }).Should().NotBe(b);
    }

    [Fact]
    public void History_ContainsByBehaviour()
    {
        var history = new InteractionHistory<long, string>(
        [
            new(1, "a", Behavior.View, Now),
            new(1, "a", Behavior.Purchase, Now),
            new(1, "b", Behavior.View, Now),
            new(2, "a", Behavior.AddToCart, Now),
        ]);

        history.UserCount.Should().Be(2);
        history.Contains(1, "a", Behavior.Purchase).Should().BeTrue();
        history.Contains(1, "b", Behavior.Purchase).Should().BeFalse();
        history.Contains(2, "a", Behavior.AddToCart).Should().BeTrue();
        history.Contains(3, "a", Behavior.View).Should().BeFalse();
    }

    [Fact]
    public void History_ItemsOf()
    {
        var history = new InteractionHistory<long, string>(
        [
            new(1, "a", Behavior.View, Now),
            new(1, "a", Behavior.View, Now),
            new(1, "b", Behavior.Purchase, Now),
            new(1, "c", Behavior.Favorite, Now),
        ]);

        history.ItemsOf(1).Should().BeEquivalentTo(["a", "b", "c"]);
        history.ItemsOf(1, [Behavior.Purchase, Behavior.Favorite]).Should().BeEquivalentTo(["b", "c"]);
        history.ItemsOf(1, [Behavior.Return]).Should().BeEmpty();
        history.ItemsOf(9).Should().BeEmpty();
    }

    [Fact]
    public void History_NullEvents()
    {
        var act = () => new InteractionHistory<long, long>(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("events");
    }

    [Fact]
    public void Basket_KeepsLines()
    {
        var basket = new Basket<string>("536365", Now, ["a", "b", "a"], [6, 2, 1]);

        basket.Id.Should().Be("536365");
        basket.Timestamp.Should().Be(Now);
        basket.Items.Should().Equal("a", "b", "a");
        basket.Quantities.Should().Equal(6.0, 2.0, 1.0);
        basket.Count.Should().Be(3);
    }

    [Fact]
    public void Basket_CopiesLines()
    {
        string[] items = ["a"];
        var basket = new Basket<string>("1", Now, items, [1]);

        items[0] = "changed";

        basket.Items.Should().Equal("a");
    }

    [Fact]
    public void Basket_RejectsMismatchedLengths()
    {
        var act = () => new Basket<string>("1", Now, ["a", "b"], [1]);

        act.Should().Throw<ArgumentException>().WithParameterName("quantities");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Basket_RejectsBadQuantity(double quantity)
    {
        var act = () => new Basket<string>("1", Now, ["a"], [quantity]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("quantities");
    }

    [Fact]
    public void Basket_RejectsNullItemAndEmptyId()
    {
        var nullItem = () => new Basket<string>("1", Now, [null!], [1]);
        var emptyId = () => new Basket<string>("", Now, ["a"], [1]);

        nullItem.Should().Throw<ArgumentException>().WithParameterName("items");
        emptyId.Should().Throw<ArgumentException>().WithParameterName("id");
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>Popularity rankings from a matrix and from events, and the popularity-only recommender.</summary>
public class PopularityTests
{
    private static readonly DateTimeOffset Monday = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FromMatrix_CountsUsers()
    {
        var ranking = PopularityRanking.FromMatrix(ImplicitFixtures.Shop());

        // Users per item: i1 3, i2 3, i3 2, i4 2, i5 1; ties in id order.
        ranking.Items.ToArray().Should().Equal("i1", "i2", "i3", "i4", "i5");
        ranking.Scores.ToArray().Should().Equal(3, 3, 2, 2, 1);
    }

    [Fact]
    public void FromMatrix_SumsWeights()
    {
        var ranking = PopularityRanking.FromMatrix(ImplicitFixtures.Shop(), PopularityMeasure.Weight);

        // Sums: i1 2 + 1 + 1 = 4, i2 1 + 1 + 1 = 3, i3 3 + 1 = 4, i4 2 + 1 = 3, i5 1.
        ranking.Items.ToArray().Should().Equal("i1", "i3", "i2", "i4", "i5");
        ranking.Scores.ToArray().Should().Equal(4, 4, 3, 3, 1);
    }

    [Fact]
    public void FromMatrix_ZeroValuesDoNotCount()
    {
        var ratings = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("u1", "a", 0), ("u2", "a", 0), ("u1", "b", 1));

        var ranking = PopularityRanking.FromMatrix(ratings);

        ranking.Items.ToArray().Should().Equal("b", "a");
        ranking.Scores.ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void FromEvents_CountsDistinctUsers()
    {
        var ranking = PopularityRanking.FromEvents(
        [
            Event("u1", "a", Behavior.View),
            Event("u1", "a", Behavior.Purchase),
            Event("u2", "b", Behavior.View),
            Event("u3", "b", Behavior.View),
        ]);

        ranking.Items.ToArray().Should().Equal("b", "a");
        ranking.Scores.ToArray().Should().Equal(2, 1);
    }

    [Fact]
    public void FromEvents_SumsQuantities()
    {
        var ranking = PopularityRanking.FromEvents(
            [Event("u1", "a", Behavior.Purchase) with { Quantity = 5 }, Event("u2", "b", Behavior.Purchase) with { Quantity = 2 }, Event("u3", "b", Behavior.Purchase)],
            new PopularityOptions { Measure = PopularityMeasure.Weight });

        ranking.Items.ToArray().Should().Equal("a", "b");
        ranking.Scores.ToArray().Should().Equal(5, 3);
    }

    [Fact]
    public void FromEvents_FiltersChannelStoreBehaviorAndWindow()
    {
        InteractionEvent<string, string>[] events =
        [
            Event("u1", "kept", Behavior.Purchase, hours: 30) with { Channel = Channel.InStore, StoreId = "S1" },
            Event("u1", "other-store", Behavior.Purchase, hours: 30) with { Channel = Channel.InStore, StoreId = "S2" },
            Event("u1", "online", Behavior.Purchase, hours: 30),
            Event("u1", "viewed", Behavior.View, hours: 30) with { Channel = Channel.InStore, StoreId = "S1" },
            Event("u1", "too-early", Behavior.Purchase, hours: 1) with { Channel = Channel.InStore, StoreId = "S1" },
            Event("u1", "too-late", Behavior.Purchase, hours: 72) with { Channel = Channel.InStore, StoreId = "S1" },
        ];

        var ranking = PopularityRanking.FromEvents(events, new PopularityOptions
        {
            Channel = Channel.InStore,
            StoreId = "S1",
            Behaviors = [Behavior.Purchase],
            Since = Monday.AddHours(24),
            Until = Monday.AddHours(72),
        });

        ranking.Items.ToArray().Should().Equal("kept");
    }

    [Fact]
    public void FromEvents_TiesInIdOrder()
    {
        var ranking = PopularityRanking.FromEvents([Event("u1", "b", Behavior.View), Event("u1", "a", Behavior.View), Event("u1", "c", Behavior.View)]);

        ranking.Items.ToArray().Should().Equal("a", "b", "c");
    }

    [Fact]
    public void FromEvents_EmptyIsAllowed()
    {
        PopularityRanking.FromEvents(Array.Empty<InteractionEvent<string, string>>()).Count.Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(double.NaN)]
    public void FromEvents_BadQuantityThrows(double quantity)
    {
        var act = () => PopularityRanking.FromEvents([Event("u1", "a", Behavior.View), Event("u1", "b", Behavior.View) with { Quantity = quantity, RowNumber = 17 }]);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(17);
        error.Field.Should().Be("quantity");
    }

    [Fact]
    public void FromEvents_RowNumberFallsBackToPosition()
    {
        var act = () => PopularityRanking.FromEvents([Event("u1", "a", Behavior.View), Event(null!, "b", Behavior.View)]);

        act.Should().Throw<RatingDataException>().Which.RowNumber.Should().Be(2);
    }

    [Fact]
    public void FromEvents_SinceNotBeforeUntilThrows()
    {
        var act = () => PopularityRanking.FromEvents(
            Array.Empty<InteractionEvent<string, string>>(), new PopularityOptions { Since = Monday, Until = Monday });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Since");
    }

    [Fact]
    public void Top_ReturnsFirstEntries()
    {
        var top = PopularityRanking.FromMatrix(ImplicitFixtures.Shop()).Top(2);

        top.Should().Equal(
            new Recommendation<string>("i1", 3, RecommendationSource.Popularity),
            new Recommendation<string>("i2", 3, RecommendationSource.Popularity));
    }

    [Fact]
    public void TryGetRank_FindsItem()
    {
        var ranking = PopularityRanking.FromMatrix(ImplicitFixtures.Shop());

        ranking.TryGetRank("i4", out int rank).Should().BeTrue();
        rank.Should().Be(3);
        ranking.TryGetRank("unknown", out _).Should().BeFalse();
    }

    [Fact]
    public void MostPopular_RecommendsPopularNotInteracted()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        // u3 has i2, i3 and i4; popularity order is i1, i2, i3, i4, i5.
        var top = model.Recommend("u3", 3);

        top.Should().Equal(
            new Recommendation<string>("i1", 3, RecommendationSource.Popularity),
            new Recommendation<string>("i5", 1, RecommendationSource.Popularity));
    }

    [Fact]
    public void MostPopular_ExcludesBasketAndItself()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        model.RecommendFromItems(["i1"], new TopNRequest<string>(1)).Single().Item.Should().Be("i2");
        model.SimilarItems("i1", 1).Single().Item.Should().Be("i2");
    }

    [Fact]
    public void MostPopular_WithoutFillIsEmpty()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        model.Recommend("u1", new TopNRequest<string>(3) { FillWithPopularity = false }).Should().BeEmpty();
    }

    [Fact]
    public void MostPopular_Name()
    {
        new MostPopular(PopularityMeasure.Weight).Name.Should().Be("MostPopular(weight)");
    }

    [Fact]
    public void MostPopular_BadMeasureThrows()
    {
        var act = () => new MostPopular((PopularityMeasure)7);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("measure");
    }

    private static InteractionEvent<string, string> Event(string user, string item, Behavior behavior, int hours = 0)
        => new(user, item, behavior, Monday.AddHours(hours));
}

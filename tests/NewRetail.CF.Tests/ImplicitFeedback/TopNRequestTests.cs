using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>
/// Every filter of a top-N request on <see cref="ImplicitFixtures.Shop"/> with binary cosine, item-based.
/// </summary>
/// <remarks>
/// u1 has i1 and i2. Binary cosines: s(i1→i3) = s(i1→i4) = 1/√6, s(i1→i5) = 1/√3, s(i2→i3) = 2/√6, s(i2→i4) = 1/√6,
/// s(i1→i2) = s(i2→i1) = 2/3. So for u1: score(i3) = 3/√6 = 1.224745, score(i4) = 2/√6 = 0.816497,
/// score(i5) = 1/√3 = 0.577350, and, when interacted items are allowed, score(i1) = score(i2) = 2/3.
/// Popularity by users: i1 3, i2 3, i3 2, i4 2, i5 1.
/// </remarks>
public class TopNRequestTests
{
    private const double Tolerance = 1e-6;

    private static readonly ImplicitItemKnnModel<string, string> Model =
        new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 10 }).Fit(ImplicitFixtures.Shop());

    [Fact]
    public void Recommend_HandWorkedScores()
    {
        var top = Model.Recommend("u1", 3);

        top.Select(r => r.Item).Should().Equal("i3", "i4", "i5");
        top.Select(r => r.Score).Should().Equal(new[] { 1.224745, 0.816497, 0.577350 }, (a, b) => Math.Abs(a - b) < Tolerance);
        top.Should().OnlyContain(r => r.Source == RecommendationSource.Model);
    }

    [Fact]
    public void Recommend_ExcludesInteractedByDefault()
    {
        // Only three items are eligible, so five are asked for and three come back.
        var top = Model.Recommend("u1", 5);

        top.Select(r => r.Item).Should().Equal("i3", "i4", "i5");
    }

    [Fact]
    public void Recommend_IncludesInteractedWhenAsked()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(5) { ExcludeInteracted = false });

        // i1 and i2 tie at 2/3; i1 comes first in id order.
        top.Select(r => r.Item).Should().Equal("i3", "i4", "i1", "i2", "i5");
        top[2].Score.Should().BeApproximately(2.0 / 3, Tolerance);
    }

    [Fact]
    public void Recommend_ExcludeList()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(3) { Exclude = ["i3"] });

        top.Select(r => r.Item).Should().Equal("i4", "i5");
    }

    [Fact]
    public void Recommend_ExcludeSetIsUsedAsGiven()
    {
        var exclude = new HashSet<string> { "i4" };

        var top = Model.Recommend("u1", new TopNRequest<string>(3) { Exclude = exclude });

        top.Select(r => r.Item).Should().Equal("i3", "i5");
    }

    [Fact]
    public void Recommend_CandidatesOnly()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(3) { Candidates = ["i5", "i4", "i1", "i4", "unknown"] });

        // i1 is interacted, "unknown" has neither a score nor a popularity, and the repeated i4 counts once.
        top.Select(r => r.Item).Should().Equal("i4", "i5");
    }

    [Fact]
    public void Recommend_CandidatesFilledByPopularity()
    {
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 1 }).Fit(ImplicitFixtures.Shop());

        // With k = 1 the lists are i1 → [i2] and i2 → [i3], so only i3 scores; i5 and i4 come from popularity,
        // i4 (2 users) before i5 (1 user) whatever the candidate order.
        var top = model.Recommend("u1", new TopNRequest<string>(3) { Candidates = ["i5", "i4", "i3"] });

        top.Select(r => (r.Item, r.Source)).Should().Equal(
            ("i3", RecommendationSource.Model), ("i4", RecommendationSource.Popularity), ("i5", RecommendationSource.Popularity));
    }

    [Fact]
    public void Recommend_EmptyCandidatesGiveEmptyList()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(3) { Candidates = [] });

        top.Should().BeEmpty();
    }

    [Fact]
    public void Recommend_FilterPredicate()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(3) { Filter = item => item != "i3" });

        top.Select(r => r.Item).Should().Equal("i4", "i5");
    }

    [Fact]
    public void Recommend_CanRepeatReadmitsItem()
    {
        var top = Model.Recommend("u1", new TopNRequest<string>(4) { CanRepeat = item => item == "i1" });

        top.Select(r => r.Item).Should().Equal("i3", "i4", "i1", "i5");
    }

    [Fact]
    public void Recommend_ZeroCountIsEmpty()
    {
        Model.Recommend("u1", 0).Should().BeEmpty();
    }

    [Fact]
    public void Recommend_NegativeCountThrows()
    {
        var act = () => new TopNRequest<string>(-1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Count");
    }

    [Fact]
    public void Recommend_FillsWithPopularityAndMarksSource()
    {
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 1 }).Fit(ImplicitFixtures.Shop());

        // Only i3 scores (see above). Popularity then gives i4 (2 users) and i5 (1 user); i1 and i2 are interacted.
        var top = model.Recommend("u1", 3);

        top.Should().Equal(
            new Recommendation<string>("i3", top[0].Score, RecommendationSource.Model),
            new Recommendation<string>("i4", 2, RecommendationSource.Popularity),
            new Recommendation<string>("i5", 1, RecommendationSource.Popularity));
        top[0].Score.Should().BeApproximately(0.816497, Tolerance);
    }

    [Fact]
    public void Recommend_NoFillCanBeShort()
    {
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, MaxNeighbors = 1 }).Fit(ImplicitFixtures.Shop());

        var top = model.Recommend("u1", new TopNRequest<string>(3) { FillWithPopularity = false });

        top.Select(r => r.Item).Should().Equal("i3");
    }

    [Fact]
    public void Recommend_UnknownUserGetsPopularity()
    {
        var top = Model.Recommend("newcomer", 3);

        top.Should().Equal(
            new Recommendation<string>("i1", 3, RecommendationSource.Popularity),
            new Recommendation<string>("i2", 3, RecommendationSource.Popularity),
            new Recommendation<string>("i3", 2, RecommendationSource.Popularity));
    }

    [Fact]
    public void Recommend_UserWithoutPositiveValueGetsPopularity()
    {
        var ratings = Fixtures.Matrix(ImplicitFixtures.Weights, ("u1", "i1", 1), ("u2", "i1", 1), ("u2", "i2", 1), ("u3", "i3", 0));
        var model = new ImplicitItemKnn().Fit(ratings);

        // u3's only entry is a 0: nothing to score from, but i3 still counts as interacted.
        var top = model.Recommend("u3", 3);

        top.Select(r => (r.Item, r.Source)).Should().Equal(("i1", RecommendationSource.Popularity), ("i2", RecommendationSource.Popularity));
    }

    [Fact]
    public void Recommend_CountAboveCatalogueReturnsAllEligible()
    {
        var top = Model.Recommend("newcomer", 100);

        top.Select(r => r.Item).Should().Equal("i1", "i2", "i3", "i4", "i5");
    }

    [Fact]
    public void Recommend_RequestPopularityComesFirst()
    {
        var at = DateTimeOffset.UnixEpoch;
        var events = new[]
        {
            new InteractionEvent<string, string>("a", "i5", Behavior.Purchase, at) { Channel = Channel.InStore },
            new InteractionEvent<string, string>("b", "i5", Behavior.Purchase, at) { Channel = Channel.InStore },
            new InteractionEvent<string, string>("a", "new-item", Behavior.Purchase, at) { Channel = Channel.InStore },
            new InteractionEvent<string, string>("c", "i4", Behavior.Purchase, at),
        };
        var inStore = PopularityRanking.FromEvents(events, new PopularityOptions { Channel = Channel.InStore });

        // In store: i5 (2 users), then new-item (1). Then the model's own ranking: i1, i2, i3, i4.
        var top = Model.Recommend("newcomer", new TopNRequest<string>(4) { Popularity = inStore });

        top.Should().Equal(
            new Recommendation<string>("i5", 2, RecommendationSource.Popularity),
            new Recommendation<string>("new-item", 1, RecommendationSource.Popularity),
            new Recommendation<string>("i1", 3, RecommendationSource.Popularity),
            new Recommendation<string>("i2", 3, RecommendationSource.Popularity));
    }

    [Fact]
    public void Recommend_RequestPopularityWithCandidates()
    {
        var events = new[]
        {
            new InteractionEvent<string, string>("a", "i4", Behavior.Purchase, DateTimeOffset.UnixEpoch),
        };
        var recent = PopularityRanking.FromEvents(events);

        // i4 is ranked by the request's ranking, so it precedes i1 and i2 of the model's ranking.
        var top = Model.Recommend("newcomer", new TopNRequest<string>(3) { Popularity = recent, Candidates = ["i2", "i1", "i4"] });

        top.Select(r => r.Item).Should().Equal("i4", "i1", "i2");
    }

    [Fact]
    public void Recommend_HistoryExcludesChosenBehaviors()
    {
        var at = DateTimeOffset.UnixEpoch;
        var history = new InteractionHistory<string, string>(
        [
            new("u1", "i1", Behavior.View, at),
            new("u1", "i2", Behavior.Purchase, at),
        ]);
        var model = Model.WithHistory(history);

        // Only purchases exclude, so the viewed i1 (score 2/3) may come back; the bought i2 may not.
        var top = model.Recommend("u1", new TopNRequest<string>(4) { ExcludedBehaviors = [Behavior.Purchase] });

        top.Select(r => r.Item).Should().Equal("i3", "i4", "i1", "i5");
    }

    [Fact]
    public void Recommend_HistoryDefaultExcludesEveryBehavior()
    {
        var at = DateTimeOffset.UnixEpoch;
        var history = new InteractionHistory<string, string>(
        [
            new("u1", "i1", Behavior.View, at),
            new("u1", "i3", Behavior.Purchase, at),
        ]);

        // With a history attached, it alone defines the interacted items: i1 and i3, not the training row (i1, i2).
        var top = Model.WithHistory(history).Recommend("u1", 3);

        top.Select(r => r.Item).Should().Equal("i4", "i2", "i5");
    }

    [Fact]
    public void Recommend_BehaviorsWithoutHistoryThrow()
    {
        var act = () => Model.Recommend("u1", new TopNRequest<string>(3) { ExcludedBehaviors = [Behavior.Purchase] });

        act.Should().Throw<ArgumentException>().WithParameterName("request").WithMessage("*WithHistory*");
    }

    [Fact]
    public void Recommend_NullCandidateThrows()
    {
        var act = () => Model.Recommend("u1", new TopNRequest<string>(3) { Candidates = ["i3", null!] });

        act.Should().Throw<ArgumentException>().WithParameterName("request").WithMessage("*Candidates*position 1*");
    }

    [Fact]
    public void Recommend_NullExclusionThrows()
    {
        var act = () => Model.Recommend("u1", new TopNRequest<string>(3) { Exclude = [null!] });

        act.Should().Throw<ArgumentException>().WithParameterName("request").WithMessage("*Exclude*position 0*");
    }

    [Fact]
    public void Recommend_NullRequestThrows()
    {
        var act = () => Model.Recommend("u1", null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("request");
    }

    [Fact]
    public void Recommend_ZeroEntryCountsAsInteracted()
    {
        var ratings = Fixtures.Matrix(
            ImplicitFixtures.Weights,
            ("u1", "i1", 1), ("u1", "i2", 0),
            ("u2", "i1", 1), ("u2", "i2", 1));
        var model = new ImplicitItemKnn().Fit(ratings);

        // u1's 0 for i2 takes no part in the similarity (cos(i1,i2) = 1/√2 from u2 alone) and keeps i2 out of u1's list.
        model.ZeroEntryCount.Should().Be(1);
        model.Similarity("i1", "i2").Should().BeApproximately(1 / Math.Sqrt(2), Tolerance);
        model.Recommend("u1", 5).Should().BeEmpty();
    }

    [Fact]
    public void SimilarItems_IsStoredList()
    {
        var top = Model.SimilarItems("i1", 5);

        // Every other item is in the list of i1, and i1 itself never appears.
        top.Select(r => r.Item).Should().Equal("i2", "i5", "i3", "i4");
        top.Should().OnlyContain(r => r.Source == RecommendationSource.Model);
    }

    [Fact]
    public void SimilarItems_FilledWithoutItself()
    {
        // List of i5: i4 (1/√2), i1 (1/√3). Popularity adds i2 (3 users); i1 is already chosen and i5 never appears.
        var top = Model.SimilarItems("i5", 3);

        top.Select(r => (r.Item, r.Source)).Should().Equal(
            ("i4", RecommendationSource.Model), ("i1", RecommendationSource.Model), ("i2", RecommendationSource.Popularity));
    }

    [Fact]
    public void SimilarItems_AppliesFilters()
    {
        var top = Model.SimilarItems("i1", new TopNRequest<string>(2) { Exclude = ["i2"], Filter = item => item != "i5" });

        top.Select(r => r.Item).Should().Equal("i3", "i4");
    }

    [Fact]
    public void SimilarItems_UnknownItemGetsPopularity()
    {
        var top = Model.SimilarItems("unknown", 2);

        top.Select(r => (r.Item, r.Source)).Should().Equal(("i1", RecommendationSource.Popularity), ("i2", RecommendationSource.Popularity));
    }

    [Fact]
    public void RecommendFromItems_EqualsUserWithSameHistory()
    {
        var fromUser = Model.Recommend("u1", 3);

        var fromBasket = Model.RecommendFromItems(["i1", "i2"], new TopNRequest<string>(3));

        fromBasket.Should().Equal(fromUser);
    }

    [Fact]
    public void RecommendFromItems_UnknownItemsIgnoredButExcluded()
    {
        // Only i5 is known: its list is i4 (0.707107), i1 (0.577350).
        var top = Model.RecommendFromItems(["i5", "brand-new"], new TopNRequest<string>(2));

        top.Select(r => r.Item).Should().Equal("i4", "i1");
        top[0].Score.Should().BeApproximately(0.707107, Tolerance);
    }

    [Fact]
    public void RecommendFromItems_RepeatedWeightsAdd()
    {
        var weighted = new ImplicitItemKnn().Fit(ImplicitFixtures.Shop());

        var split = weighted.RecommendFromItems([new WeightedItem<string>("i1", 0.5), new WeightedItem<string>("i1", 1.5)], new TopNRequest<string>(3));
        var whole = weighted.RecommendFromItems([new WeightedItem<string>("i1", 2)], new TopNRequest<string>(3));

        split.Should().Equal(whole);
    }

    [Fact]
    public void RecommendFromItems_EmptyBasketGetsPopularity()
    {
        var top = Model.RecommendFromItems(Array.Empty<string>(), new TopNRequest<string>(2));

        top.Select(r => (r.Item, r.Source)).Should().Equal(("i1", RecommendationSource.Popularity), ("i2", RecommendationSource.Popularity));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RecommendFromItems_BadWeightThrows(double weight)
    {
        var act = () => Model.RecommendFromItems([new WeightedItem<string>("i1", weight)], new TopNRequest<string>(3));

        act.Should().Throw<ArgumentException>().WithParameterName("items").WithMessage("*weight*i1*position 0*");
    }

    [Fact]
    public void RecommendFromItems_NullItemThrows()
    {
        var act = () => Model.RecommendFromItems([new WeightedItem<string>("i1", 1), new WeightedItem<string>(null!, 1)], new TopNRequest<string>(3));

        act.Should().Throw<ArgumentException>().WithParameterName("items").WithMessage("*position 1*");
    }
}

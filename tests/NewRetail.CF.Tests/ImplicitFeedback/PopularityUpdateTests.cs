using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary><c>Update</c>, <c>ForgetUser</c> and <c>ForgetItem</c> of the popularity model against a fit on the changed data.</summary>
public class PopularityUpdateTests
{
    [Theory]
    [InlineData(PopularityMeasure.Users)]
    [InlineData(PopularityMeasure.Weight)]
    public void RandomBatch_EqualsRefit(PopularityMeasure measure)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var data = PreferenceData.Random(users: 20, items: 15, density: 0.3, seed);
            var model = new MostPopular(measure).Fit(data.Build());
            var changes = data.RandomChanges(seed * 41);

            var updated = model.Update(changes);

            AssertSame(updated, new MostPopular(measure).Fit(data.Build()));
            updated.LastUpdate!.FullRefit.Should().BeFalse();
            updated.LastUpdate.RowsRecomputed.Should().Be(0);
            updated.LastUpdate.Changes.Should().Be(changes.Count);
            updated.LastUpdate.UsersForgotten.Should().Be(1);
            updated.LastUpdate.ItemsForgotten.Should().Be(1);
        }
    }

    [Fact]
    public void ForgetItem_LeavesTheRanking()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        var forgotten = model.ForgetItem("i1");

        // Users per item without i1: i2 3, i3 2, i4 2, i5 1.
        forgotten.Popularity.Items.ToArray().Should().Equal("i2", "i3", "i4", "i5");
        forgotten.Popularity.Scores.ToArray().Should().Equal(3, 2, 2, 1);
        forgotten.Recommend("u1", 5).Select(r => r.Item).Should().Equal("i3", "i4", "i5");
        model.Popularity.Items.ToArray().Should().StartWith("i1");
    }

    [Fact]
    public void ForgetUser_LowersItsItems()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        var forgotten = model.ForgetUser("u2");

        // Users per item without u2: i1 2 (u1, u4), i2 2 (u1, u3), i3 1, i4 2, i5 1; ties in id order.
        forgotten.Popularity.Items.ToArray().Should().Equal("i1", "i2", "i4", "i3", "i5");
        forgotten.Popularity.Scores.ToArray().Should().Equal(2, 2, 2, 1, 1);
        forgotten.Ratings.Users.Contains("u2").Should().BeFalse();
    }

    [Fact]
    public void ForgetUser_FiltersAttachedHistory()
    {
        var history = new InteractionHistory<string, string>(
        [
            new("u1", "i1", Behavior.Purchase, DateTimeOffset.UnixEpoch),
            new("u2", "i3", Behavior.Purchase, DateTimeOffset.UnixEpoch),
            new("u2", "i1", Behavior.View, DateTimeOffset.UnixEpoch),
        ]);
        var model = new MostPopular().Fit(ImplicitFixtures.Shop()).WithHistory(history);

        var withoutUser = model.ForgetUser("u2");
        var withoutItem = model.ForgetItem("i1");

        withoutUser.History!.ItemsOf("u2").Should().BeEmpty();
        withoutUser.History.UserCount.Should().Be(1);
        withoutItem.History!.ItemsOf("u1").Should().BeEmpty();
        withoutItem.History.ItemsOf("u2").Should().Equal("i3");
        withoutItem.History.UserCount.Should().Be(1, "u1 has no event left");
    }

    [Fact]
    public void Update_ConflictingChanges_Throws()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());
        var changes = new RatingChanges<string, string>().ForgetItem("i2").Set("u1", "i2", 3);

        var act = () => model.Update(changes);

        act.Should().Throw<ArgumentException>().WithParameterName("changes").WithMessage("Change 2*i2*change 1 forgets*");
    }

    [Fact]
    public void Update_NegativeWeight_ThrowsRatingDataException()
    {
        var model = new MostPopular().Fit(ImplicitFixtures.Shop());

        var act = () => model.Update(new RatingChanges<string, string>().Set("u1", "i3", -2));

        act.Should().Throw<RatingDataException>().Which.Field.Should().Be("rating");
    }

    private static void AssertSame(PopularityRecommender<string, string> actual, PopularityRecommender<string, string> expected)
    {
        actual.Ratings.Users.Ids.ToArray().Should().Equal(expected.Ratings.Users.Ids.ToArray());
        actual.Ratings.Items.Ids.ToArray().Should().Equal(expected.Ratings.Items.Ids.ToArray());
        actual.Popularity.Items.ToArray().Should().Equal(expected.Popularity.Items.ToArray());
        actual.Popularity.Scores.ToArray().Should().Equal(expected.Popularity.Scores.ToArray());
        foreach (var user in expected.Ratings.Users.Ids.ToArray().Append("unknown-user"))
        {
            actual.Recommend(user, 5).Should().Equal(expected.Recommend(user, 5), $"the lists of {user} must match");
        }

        foreach (var item in expected.Ratings.Items.Ids.ToArray())
        {
            actual.SimilarItems(item, 4).Should().Equal(expected.SimilarItems(item, 4), $"the lists for {item} must match");
        }
    }
}

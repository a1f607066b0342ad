using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>
/// <c>Update</c>, <c>ForgetUser</c> and <c>ForgetItem</c> of the implicit neighbourhood models against a fit on the
/// changed data, which is kept independently in <see cref="PreferenceData"/>. Updated and refitted models must agree
/// bit for bit: ids, neighbour lists, popularity, and the lists of Recommend, RecommendFromItems and SimilarItems.
/// </summary>
public class ImplicitUpdateTests
{
    private static readonly ImplicitKnnOptions[] Variants =
    [
        new() { Similarity = ImplicitSimilarity.Cosine },
        new() { Similarity = ImplicitSimilarity.Cosine, Weighting = InteractionWeighting.TfIdf },
        new() { Similarity = ImplicitSimilarity.Cosine, Weighting = InteractionWeighting.Bm25 },
        new() { Similarity = ImplicitSimilarity.DotProduct },
        new() { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.TfIdf },
        new() { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25 },
        new() { Similarity = ImplicitSimilarity.Jaccard },
        new() { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0.5 },
        new() { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0 },
        new() { Similarity = ImplicitSimilarity.LogLikelihood },
        new() { Similarity = ImplicitSimilarity.Cosine, InverseFrequency = true },
    ];

    public static TheoryData<int, bool, bool, bool, int> AllCases()
    {
        var cases = new TheoryData<int, bool, bool, bool, int>();
        for (int variant = 0; variant < Variants.Length; variant++)
        {
            foreach (bool userBased in new[] { false, true })
            {
                foreach (bool binary in new[] { false, true })
                {
                    foreach (bool rowMax in new[] { false, true })
                    {
                        // k = 2 forces repairs; 1,000 is longer than the catalogue, so every list contains every value.
                        foreach (int k in new[] { 2, 1_000 })
                        {
                            cases.Add(variant, userBased, binary, rowMax, k);
                        }
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void RandomBatch_EqualsRefit(int variant, bool userBased, bool binary, bool rowMax, int k)
    {
        var options = Variants[variant] with { BinaryValues = binary, NormalizeByRowMax = rowMax, MaxNeighbors = k };

        for (int seed = 1; seed <= 3; seed++)
        {
            var data = PreferenceData.Random(users: 24, items: 18, density: 0.3, seed);
            var model = Fit(data.Build(), options, userBased);
            var changes = data.RandomChanges(seed * 37);

            var updated = Update(model, changes, refitFraction: 1.0);

            AssertSameModel(updated, Fit(data.Build(), options, userBased));
            var summary = LastUpdate(updated);
            if (options.Weighting != InteractionWeighting.None || options.InverseFrequency)
            {
                summary.FullRefit.Should().BeTrue("the weights depend on global counts");
            }
            else if (options.Similarity != ImplicitSimilarity.LogLikelihood)
            {
                summary.FullRefit.Should().BeFalse(summary.FullRefitReason);
            }
        }
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    [InlineData(false, 1_000)]
    [InlineData(true, 1_000)]
    public void ChainOfUpdates_EqualsRefit(bool userBased, int k)
    {
        var options = new ImplicitKnnOptions { Similarity = ImplicitSimilarity.ConditionalProbability, MaxNeighbors = k, NormalizeByRowMax = true };
        var data = PreferenceData.Random(users: 30, items: 20, density: 0.25, seed: 21);
        var model = Fit(data.Build(), options, userBased);
        for (int step = 0; step < 5; step++)
        {
            model = Update(model, data.RandomChanges(100 + step), refitFraction: 1.0);
            LastUpdate(model).FullRefit.Should().BeFalse();
        }

        AssertSameModel(model, Fit(data.Build(), options, userBased));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void LogLikelihood_SameActiveCount_UpdatesRows(bool userBased, bool rowMax)
    {
        var options = new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, MaxNeighbors = 3, NormalizeByRowMax = rowMax };
        var data = PreferenceData.Random(users: 30, items: 20, density: 0.3, seed: 8);
        var model = Fit(data.Build(), options, userBased);

        // New and changed positive weights between users and items that already have one: N stays the same.
        var changes = new RatingChanges<string, string>()
            .Set("u03", "i07", 2.5)
            .Set("u11", "i02", 4)
            .Set("u20", "i15", 1.25);
        data.Set("u03", "i07", 2.5);
        data.Set("u11", "i02", 4);
        data.Set("u20", "i15", 1.25);

        var updated = Update(model, changes, refitFraction: 1.0);

        LastUpdate(updated).FullRefit.Should().BeFalse(LastUpdate(updated).FullRefitReason);
        AssertSameModel(updated, Fit(data.Build(), options, userBased));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogLikelihood_NewActiveUser_Refits(bool userBased)
    {
        var options = new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, MaxNeighbors = 3 };
        var data = PreferenceData.Random(users: 20, items: 15, density: 0.3, seed: 4);
        var model = Fit(data.Build(), options, userBased);
        var changes = new RatingChanges<string, string>().Set("new-user", "i01", 3).Set("u00", "new-item", 2);
        data.Set("new-user", "i01", 3);
        data.Set("u00", "new-item", 2);

        var updated = Update(model, changes, refitFraction: 1.0);

        LastUpdate(updated).FullRefitReason.Should().Contain("log-likelihood");
        AssertSameModel(updated, Fit(data.Build(), options, userBased));
    }

    [Theory]
    [InlineData(InteractionWeighting.TfIdf, false, "TF-IDF")]
    [InlineData(InteractionWeighting.Bm25, false, "BM25")]
    [InlineData(InteractionWeighting.None, true, "InverseFrequency")]
    public void GlobalWeights_RefitWithReason(InteractionWeighting weighting, bool inverseFrequency, string reason)
    {
        var options = new ImplicitKnnOptions { Weighting = weighting, InverseFrequency = inverseFrequency, MaxNeighbors = 3 };
        var data = PreferenceData.Random(users: 20, items: 15, density: 0.3, seed: 6);
        var model = new ImplicitItemKnn(options).Fit(data.Build());
        data.Set("u02", "i03", 4.5);

        var updated = model.Update(new RatingChanges<string, string>().Set("u02", "i03", 4.5));

        updated.LastUpdate!.FullRefitReason.Should().Contain(reason);
        updated.LastUpdate.RowsRecomputed.Should().Be(15);
        AssertSameModel(updated, new ImplicitItemKnn(options).Fit(data.Build()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneUserAdded_RecomputesFewRows(bool userBased)
    {
        var options = new ImplicitKnnOptions { MaxNeighbors = 5 };
        var data = PreferenceData.Random(users: 40, items: 30, density: 0.2, seed: 5);
        var model = Fit(data.Build(), options, userBased);
        var changes = new RatingChanges<string, string>();
        foreach (var (item, weight) in new[] { ("i03", 5.0), ("i07", 2.0), ("i11", 0.5) })
        {
            changes.Set("new-user", item, weight);
            data.Set("new-user", item, weight);
        }

        var updated = Update(model, changes, refitFraction: 0.5);

        AssertSameModel(updated, Fit(data.Build(), options, userBased));
        var summary = LastUpdate(updated);
        summary.FullRefit.Should().BeFalse();
        summary.UsersAdded.Should().Be(1);
        summary.UsersChanged.Should().Be(1);
        summary.ItemsChanged.Should().Be(3);

        // Cosine depends on the pair's shared sum and the two norms: a user-based model recomputes the new user's
        // row, an item-based one the rows of the three items the user has.
        summary.RowsRecomputed.Should().Be(userBased ? 1 : 3);
    }

    [Fact]
    public void RowMax_TopForgotten_RenormalizesExactly()
    {
        // Lists longer than the catalogue contain every value, so the merge needs no repair and no recomputed row.
        var options = new ImplicitKnnOptions { MaxNeighbors = 1_000, NormalizeByRowMax = true };
        var data = PreferenceData.Random(users: 30, items: 20, density: 0.3, seed: 17);
        var model = new ImplicitItemKnn(options).Fit(data.Build());
        var before = model.Neighbors("i00");
        string top = before[0].Id;
        data.ForgetItem(top);

        var updated = model.ForgetItem(top);

        var summary = updated.LastUpdate!;
        summary.FullRefit.Should().BeFalse();
        summary.RowsRecomputed.Should().Be(0, "forgetting an item changes the vector of no other item");
        summary.ListsRepaired.Should().Be(0);
        var after = updated.Neighbors("i00");
        after[0].Id.Should().Be(before[1].Id);
        after[0].Similarity.Should().Be(1, "the list is divided by its new largest value");
        after[1].Similarity.Should().BeLessThan(1);
        AssertSameModel(updated, new ImplicitItemKnn(options).Fit(data.Build()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForgetUser_EqualsRefitWithoutTheUser(bool userBased)
    {
        var options = new ImplicitKnnOptions { MaxNeighbors = 2 };
        var data = PreferenceData.Random(users: 30, items: 25, density: 0.3, seed: 9);
        var model = Fit(data.Build(), options, userBased);

        var forgotten = model switch
        {
            ImplicitUserKnnModel<string, string> user => (ITopNRecommender<string, string>)user.ForgetUser("u07"),
            ImplicitItemKnnModel<string, string> item => item.ForgetUser("u07"),
            _ => throw new InvalidOperationException("Unknown model type."),
        };
        data.ForgetUser("u07");

        RatingsOf(forgotten).Users.Contains("u07").Should().BeFalse();
        AssertSameModel(forgotten, Fit(data.Build(), options, userBased));
        LastUpdate(forgotten).UsersForgotten.Should().Be(1);
        if (userBased)
        {
            // Lists of length 2 that named the user lose an entry that no known value replaces.
            LastUpdate(forgotten).ListsRepaired.Should().BePositive();
        }

        RatingsOf(model).Users.Contains("u07").Should().BeTrue("the model that was updated keeps its own data");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForgetItem_EqualsRefitWithoutTheItem(bool userBased)
    {
        var options = new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Jaccard, MaxNeighbors = 2 };
        var data = PreferenceData.Random(users: 30, items: 25, density: 0.3, seed: 13);
        var model = Fit(data.Build(), options, userBased);

        var forgotten = Update(model, new RatingChanges<string, string>().ForgetItem("i00"), refitFraction: 0.5);
        data.ForgetItem("i00");

        RatingsOf(forgotten).Items.Contains("i00").Should().BeFalse();
        PopularityOf(forgotten).TryGetRank("i00", out _).Should().BeFalse();
        AssertSameModel(forgotten, Fit(data.Build(), options, userBased));
    }

    [Fact]
    public void SettingTheSameWeight_ChangesNothing()
    {
        var data = PreferenceData.Random(users: 20, items: 15, density: 0.4, seed: 3);
        var model = new ImplicitUserKnn(new ImplicitKnnOptions { MaxNeighbors = 3 }).Fit(data.Build());
        var existing = model.Ratings.Rows().First();

        var updated = model.Update(new RatingChanges<string, string>().Set(existing.User, existing.Item, existing.Rating));

        updated.LastUpdate!.UsersChanged.Should().Be(0);
        updated.LastUpdate.RowsRecomputed.Should().Be(0);
        updated.LastUpdate.ListsRepaired.Should().Be(0);
        AssertSameModel(updated, model);
    }

    [Fact]
    public void ReplaceUsers_ReaggregatedEvents_EqualsFit()
    {
        var aggregator = new PreferenceAggregator();
        var monday = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<InteractionEvent<string, string>>();
        var random = new Random(2);
        for (int u = 0; u < 25; u++)
        {
            for (int e = 0; e < 6; e++)
            {
                var behavior = random.NextDouble() < 0.3 ? Behavior.Purchase : Behavior.View;
                events.Add(new InteractionEvent<string, string>($"c{u:D2}", $"p{random.Next(15):D2}", behavior, monday.AddHours((u * 6) + e)));
            }
        }

        var model = new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 4 }).Fit(aggregator.Aggregate(events).Matrix);

        // New events of one known and one new customer: aggregate each customer's complete events again.
        var newEvents = new[]
        {
            new InteractionEvent<string, string>("c04", "p09", Behavior.Purchase, monday.AddDays(3)),
            new InteractionEvent<string, string>("c04", "p01", Behavior.View, monday.AddDays(3)),
            new InteractionEvent<string, string>("c99", "p02", Behavior.Purchase, monday.AddDays(3)),
        };
        events.AddRange(newEvents);
        string[] changedCustomers = ["c04", "c99"];
        var rows = aggregator.Aggregate(events.Where(e => changedCustomers.Contains(e.User))).Matrix;

        var updated = model.Update(new RatingChanges<string, string>().ReplaceUsers(rows, changedCustomers));

        updated.LastUpdate!.UsersAdded.Should().Be(1);
        AssertSameModel(updated, new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 4 }).Fit(aggregator.Aggregate(events).Matrix));
    }

    [Fact]
    public void ReplaceUsers_MissingUser_GetsEmptyRow()
    {
        var rows = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("a", "x", 2), ("a", "y", 0));

        var changes = new RatingChanges<string, string>().ReplaceUsers(rows, ["a", "gone"]);

        changes.Changes.Should().HaveCount(2);
        changes.Changes[0].Kind.Should().Be(RatingChangeKind.ReplaceUser);
        changes.Changes[0].Ratings.Should().Equal(("x", 2.0), ("y", 0.0));
        changes.Changes[1].User.Should().Be("gone");
        changes.Changes[1].Ratings.Should().BeEmpty();
    }

    [Fact]
    public void ReplaceUsers_AllUsersOfRows()
    {
        var rows = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("b", "x", 1), ("a", "y", 3));

        var changes = new RatingChanges<string, string>().ReplaceUsers(rows);

        changes.Changes.Select(c => c.User).Should().Equal("a", "b");
        changes.Changes[0].Ratings.Should().Equal(("y", 3.0));
    }

    [Fact]
    public void ReplaceUsers_NullUser_Throws()
    {
        var rows = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("a", "x", 1));
        var changes = new RatingChanges<string, string>();

        var act = () => changes.ReplaceUsers(rows, ["a", null!]);

        act.Should().Throw<ArgumentNullException>().WithParameterName("users");
        changes.Count.Should().Be(0, "a failed call adds no change");
    }

    [Fact]
    public void ForgetUser_FiltersAttachedHistory()
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.4, seed: 31);
        var history = HistoryOf(data);
        var model = new ImplicitItemKnn().Fit(data.Build()).WithHistory(history);

        var forgotten = model.ForgetUser("u03");

        forgotten.History.Should().NotBeNull();
        forgotten.History!.ItemsOf("u03").Should().BeEmpty();
        forgotten.History.UserCount.Should().Be(history.UserCount - 1);
        forgotten.History.ItemsOf("u04").Should().BeEquivalentTo(history.ItemsOf("u04"));
        model.History!.ItemsOf("u03").Should().NotBeEmpty("the old model keeps its history");
    }

    [Fact]
    public void ForgetItem_FiltersAttachedHistory()
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.4, seed: 32);
        var history = HistoryOf(data);
        var model = new ImplicitUserKnn().Fit(data.Build()).WithHistory(history);

        var forgotten = model.ForgetItem("i02");

        foreach (var user in data.Users)
        {
            forgotten.History!.ItemsOf(user).Should().NotContain("i02");
            forgotten.History.ItemsOf(user).Should().BeEquivalentTo(history.ItemsOf(user).Where(i => i != "i02"));
        }

        var request = new TopNRequest<string>(5) { ExcludedBehaviors = [Behavior.Purchase] };
        forgotten.Recommend("u01", request).Should().NotContain(r => r.Item == "i02");
    }

    [Fact]
    public void Update_KeepsHistoryWhenNothingIsForgotten()
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.4, seed: 33);
        var history = HistoryOf(data);
        var model = new ImplicitItemKnn().Fit(data.Build()).WithHistory(history);

        var updated = model.Update(new RatingChanges<string, string>().Set("u01", "i05", 3));

        updated.History.Should().BeSameAs(history);
    }

    [Fact]
    public void WithHistory_KeepsLastUpdate()
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.4, seed: 34);
        var model = new ImplicitUserKnn().Fit(data.Build()).Update(new RatingChanges<string, string>().Set("u01", "i05", 3));

        model.WithHistory(HistoryOf(data)).LastUpdate.Should().BeSameAs(model.LastUpdate);
    }

    [Fact]
    public void Remove_UnknownPair_ThrowsAndLeavesModel()
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.3, seed: 35);
        var model = new ImplicitItemKnn().Fit(data.Build());
        var changes = new RatingChanges<string, string>().Set("u01", "i02", 2).Remove("nobody", "i01");

        var act = () => model.Update(changes);

        act.Should().Throw<ArgumentException>().WithParameterName("changes").WithMessage("Change 2 removes*nobody*");
        model.LastUpdate.Should().BeNull();
        AssertSameModel(model, new ImplicitItemKnn().Fit(data.Build()));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(11.0)]
    public void Set_InvalidWeight_ThrowsRatingDataException(double weight)
    {
        var data = PreferenceData.Random(users: 12, items: 10, density: 0.3, seed: 36);
        var model = new ImplicitUserKnn().Fit(data.Build());

        var act = () => model.Update(new RatingChanges<string, string>().Set("u01", "i02", weight));

        act.Should().Throw<RatingDataException>().Which.Field.Should().Be("rating");
    }

    [Fact]
    public void ForgetUser_Unknown_Throws()
    {
        var model = new ImplicitItemKnn().Fit(ImplicitFixtures.Shop());

        var act = () => model.ForgetUser("u9");

        act.Should().Throw<ArgumentException>().WithParameterName("user").WithMessage("*u9*not in the model*");
    }

    [Fact]
    public void ForgetEveryPositiveWeight_Throws()
    {
        var ratings = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("a", "x", 2), ("b", "x", 0));
        var model = new ImplicitUserKnn().Fit(ratings);

        var act = () => model.ForgetUser("a");

        act.Should().Throw<RatingDataException>().WithMessage("*weights are 0*");
    }

    [Fact]
    public void ForgetEveryInteraction_Throws()
    {
        var ratings = Infrastructure.Fixtures.Matrix(ImplicitFixtures.Weights, ("a", "x", 2));
        var model = new ImplicitItemKnn().Fit(ratings);

        var act = () => model.ForgetItem("x");

        act.Should().Throw<RatingDataException>().WithMessage("*no interactions left*");
    }

    [Fact]
    public void Update_Cancelled_Throws()
    {
        var model = new ImplicitItemKnn().Fit(ImplicitFixtures.Shop());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var act = () => model.Update(new RatingChanges<string, string>().Set("u1", "i3", 1), cancelled.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    internal static ITopNRecommender<string, string> Fit(RatingMatrix<string, string> ratings, ImplicitKnnOptions options, bool userBased)
        => userBased ? new ImplicitUserKnn(options).Fit(ratings) : new ImplicitItemKnn(options).Fit(ratings);

    internal static ITopNRecommender<string, string> Update(ITopNRecommender<string, string> model, RatingChanges<string, string> changes, double refitFraction)
        => model switch
        {
            ImplicitUserKnnModel<string, string> user => user.Update(changes, refitFraction, default),
            ImplicitItemKnnModel<string, string> item => item.Update(changes, refitFraction, default),
            _ => throw new InvalidOperationException("Unknown model type."),
        };

    private static ModelUpdateSummary LastUpdate(ITopNRecommender<string, string> model) => model switch
    {
        ImplicitUserKnnModel<string, string> user => user.LastUpdate!,
        ImplicitItemKnnModel<string, string> item => item.LastUpdate!,
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    private static RatingMatrix<string, string> RatingsOf(ITopNRecommender<string, string> model) => model switch
    {
        ImplicitUserKnnModel<string, string> user => user.Ratings,
        ImplicitItemKnnModel<string, string> item => item.Ratings,
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    private static PopularityRanking<string> PopularityOf(ITopNRecommender<string, string> model) => model switch
    {
        ImplicitUserKnnModel<string, string> user => user.Popularity,
        ImplicitItemKnnModel<string, string> item => item.Popularity,
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    /// <summary>One purchase per positive weight and one view per stored zero.</summary>
    private static InteractionHistory<string, string> HistoryOf(PreferenceData data)
    {
        var events = new List<InteractionEvent<string, string>>();
        foreach (var user in data.Users)
        {
            foreach (var (item, weight) in data.RowOf(user))
            {
                events.Add(new InteractionEvent<string, string>(user, item, weight > 0 ? Behavior.Purchase : Behavior.View, DateTimeOffset.UnixEpoch));
            }
        }

        return new InteractionHistory<string, string>(events);
    }

    /// <summary>Asserts two implicit models agree bit for bit on ids, neighbour lists, popularity and every kind of list.</summary>
    internal static void AssertSameModel(ITopNRecommender<string, string> actual, ITopNRecommender<string, string> expected)
    {
        var ratings = RatingsOf(expected);
        RatingsOf(actual).Users.Ids.ToArray().Should().Equal(ratings.Users.Ids.ToArray());
        RatingsOf(actual).Items.Ids.ToArray().Should().Equal(ratings.Items.Ids.ToArray());
        RatingsOf(actual).Count.Should().Be(ratings.Count);
        PopularityOf(actual).Items.ToArray().Should().Equal(PopularityOf(expected).Items.ToArray());
        PopularityOf(actual).Scores.ToArray().Should().Equal(PopularityOf(expected).Scores.ToArray());

        var mismatches = new List<string>();
        if (expected is ImplicitItemKnnModel<string, string> expectedItems)
        {
            var actualItems = (ImplicitItemKnnModel<string, string>)actual;
            actualItems.ZeroEntryCount.Should().Be(expectedItems.ZeroEntryCount);
            actualItems.NeighborCount.Should().Be(expectedItems.NeighborCount);
            foreach (var item in ratings.Items.Ids.ToArray())
            {
                CompareNeighbors(item, actualItems.Neighbors(item), expectedItems.Neighbors(item), mismatches);
            }
        }
        else
        {
            var expectedUsers = (ImplicitUserKnnModel<string, string>)expected;
            var actualUsers = (ImplicitUserKnnModel<string, string>)actual;
            actualUsers.ZeroEntryCount.Should().Be(expectedUsers.ZeroEntryCount);
            actualUsers.NeighborCount.Should().Be(expectedUsers.NeighborCount);
            foreach (var user in ratings.Users.Ids.ToArray())
            {
                CompareNeighbors(user, actualUsers.Neighbors(user), expectedUsers.Neighbors(user), mismatches);
            }
        }

        var items = ratings.Items.Ids.ToArray();
        var modelOnly = new TopNRequest<string>(6) { FillWithPopularity = false };
        foreach (var user in ratings.Users.Ids.ToArray().Append("unknown-user"))
        {
            CompareLists($"Recommend({user})", actual.Recommend(user, 6), expected.Recommend(user, 6), mismatches);
            CompareLists($"Recommend({user}, model only)", actual.Recommend(user, modelOnly), expected.Recommend(user, modelOnly), mismatches);
        }

        foreach (var item in items)
        {
            CompareLists($"SimilarItems({item})", actual.SimilarItems(item, 5), expected.SimilarItems(item, 5), mismatches);
        }

        for (int b = 0; b + 2 < items.Length; b += 3)
        {
            var basket = new[] { new WeightedItem<string>(items[b], 1), new WeightedItem<string>(items[b + 2], 2.5) };
            CompareLists($"RecommendFromItems({items[b]}, {items[b + 2]})", actual.RecommendFromItems(basket, new TopNRequest<string>(6)), expected.RecommendFromItems(basket, new TopNRequest<string>(6)), mismatches);
        }

        mismatches.Should().BeEmpty();
    }

    private static void CompareNeighbors(string id, IReadOnlyList<Neighbor<string>> actual, IReadOnlyList<Neighbor<string>> expected, List<string> mismatches)
    {
        string Describe(IReadOnlyList<Neighbor<string>> list) => string.Join(", ", list.Select(n => $"{n.Id}:{n.Similarity:R}"));
        if (!actual.Select(n => (n.Id, Bits(n.Similarity))).SequenceEqual(expected.Select(n => (n.Id, Bits(n.Similarity)))))
        {
            mismatches.Add($"neighbours of {id}: [{Describe(actual)}] vs [{Describe(expected)}]");
        }
    }

    private static void CompareLists(string description, IReadOnlyList<Recommendation<string>> actual, IReadOnlyList<Recommendation<string>> expected, List<string> mismatches)
    {
        string Describe(IReadOnlyList<Recommendation<string>> list) => string.Join(", ", list.Select(r => $"{r.Item}:{r.Score:R}:{r.Source}"));
        if (!actual.Select(r => (r.Item, Bits(r.Score), r.Source)).SequenceEqual(expected.Select(r => (r.Item, Bits(r.Score), r.Source))))
        {
            mismatches.Add($"{description}: [{Describe(actual)}] vs [{Describe(expected)}]");
        }
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}

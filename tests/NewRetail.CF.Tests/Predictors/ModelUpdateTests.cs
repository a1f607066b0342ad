using System.Text;
using NewRetail.CF.Data;
using NewRetail.CF.Persistence;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>
/// <c>Update</c>, <c>ForgetUser</c> and <c>ForgetItem</c> of the neighbourhood models against a fit on the changed
/// data. The changed data is kept independently in dictionaries, so the reference fit never runs the update code.
/// Updated and refitted models must agree bit for bit: ids, every similarity, every prediction and every top-N list.
/// </summary>
public class ModelUpdateTests
{
    private static readonly SimilarityMetric[] Metrics =
    [
        Similarity.Pearson,
        Similarity.Cosine,
        Similarity.PearsonOverallMeans,
        Similarity.MeanSquaredDifference,
        Similarity.AdjustedCosine,
        Similarity.Jaccard,
        Similarity.PearsonBaseline,
    ];

    public static TheoryData<int, bool, int, bool> AllCases()
    {
        var cases = new TheoryData<int, bool, int, bool>();
        for (int metric = 0; metric < Metrics.Length; metric++)
        {
            foreach (bool userBased in new[] { false, true })
            {
                // Stored list lengths: dense, short lists that need repairs, and lists longer than the catalogue.
                foreach (int stored in new[] { 0, 3, 1_000 })
                {
                    foreach (bool fractional in new[] { false, true })
                    {
                        cases.Add(metric, userBased, stored, fractional);
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void RandomBatch_EqualsRefit(int metric, bool userBased, int stored, bool fractional)
    {
        var options = new KnnOptions
        {
            Similarity = Metrics[metric],
            MaxNeighbors = 4,
            MaxStoredNeighbors = stored == 0 ? null : stored,
        };

        for (int seed = 1; seed <= 4; seed++)
        {
            var data = TestData.Random(users: 24, items: 20, density: 0.35, seed, fractional);
            var model = Fit(data.Build(), options, userBased);
            var changes = data.RandomChanges(seed * 31, fractional);
            var updated = Update(model, changes, refitFraction: 1.0);

            var refit = Fit(data.Build(), options, userBased);
            AssertEqual(updated, refit);
            Saved(updated).Should().Equal(Saved(refit), "a saved update must be byte for byte a saved refit");
            if (Metrics[metric].Centering != EntryCentering.Baseline)
            {
                updated.LastUpdate!.FullRefit.Should().BeFalse(updated.LastUpdate.FullRefitReason);
            }
        }
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void OneUserAdded_RecomputesFewRows(bool userBased, int stored)
    {
        var options = new KnnOptions { MaxNeighbors = 5, MaxStoredNeighbors = stored == 0 ? null : stored };
        var data = TestData.Random(users: 40, items: 30, density: 0.3, seed: 5, fractional: false);
        var model = Fit(data.Build(), options, userBased);
        var changes = new RatingChanges<string, string>();
        foreach (var (item, rating) in new[] { ("i03", 5.0), ("i07", 2.0), ("i11", 4.0) })
        {
            changes.Set("new-user", item, rating);
            data.Set("new-user", item, rating);
        }

        var updated = Update(model, changes, KnnModel<string, string>.DefaultRefitFraction);

        AssertEqual(updated, Fit(data.Build(), options, userBased));
        var summary = updated.LastUpdate!;
        summary.FullRefit.Should().BeFalse();
        summary.UsersAdded.Should().Be(1);
        summary.UsersChanged.Should().Be(1);
        summary.ItemsChanged.Should().Be(3);

        // Pearson centres on each row's own mean: a user-based model recomputes the new user's row only, an
        // item-based one the three items the user rated.
        summary.RowsRecomputed.Should().Be(userBased ? 1 : 3);
        summary.ToString().Should().StartWith("3 changes: 1 users, 3 items changed (1 users and 0 items added, 0 users and 0 items forgotten); ");
        summary.ToString().Should().Contain(userBased ? " 1 rows recomputed, " : " 3 rows recomputed, ");
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void ForgetUser_EqualsRefitWithoutTheUser(bool userBased, int stored)
    {
        var options = new KnnOptions { MaxNeighbors = 3, MaxStoredNeighbors = stored == 0 ? null : stored };
        var data = TestData.Random(users: 30, items: 25, density: 0.3, seed: 9, fractional: false);
        var model = Fit(data.Build(), options, userBased);

        var forgotten = model is UserKnnModel<string, string> user ? (KnnModel<string, string>)user.ForgetUser("u07") : ((ItemKnnModel<string, string>)model).ForgetUser("u07");
        data.ForgetUser("u07");

        forgotten.Ratings.Users.Contains("u07").Should().BeFalse();
        var refit = Fit(data.Build(), options, userBased);
        AssertEqual(forgotten, refit);
        Saved(forgotten).Should().Equal(Saved(refit));
        Contains(Saved(forgotten), Encoding.UTF8.GetBytes("u07")).Should().BeFalse("a forgotten id must leave no trace in a saved model");
        Contains(Saved(model), Encoding.UTF8.GetBytes("u07")).Should().BeTrue("the search must find the id where it is present");
        if (stored > 0 && userBased)
        {
            // Lists of length 2 that named the user lose an entry no known value replaces, so they are recomputed.
            forgotten.LastUpdate!.ListsRepaired.Should().BePositive();
        }
        model.Ratings.Users.Contains("u07").Should().BeTrue("the model that was updated keeps its own data");
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void ForgetItem_EqualsRefitWithoutTheItem(bool userBased, int stored)
    {
        var options = new KnnOptions { MaxNeighbors = 3, MaxStoredNeighbors = stored == 0 ? null : stored };
        var data = TestData.Random(users: 30, items: 25, density: 0.3, seed: 13, fractional: false);
        var model = Fit(data.Build(), options, userBased);

        var forgotten = Update(model, new RatingChanges<string, string>().ForgetItem("i00"), KnnModel<string, string>.DefaultRefitFraction);
        data.ForgetItem("i00");

        forgotten.Ratings.Items.Contains("i00").Should().BeFalse();
        var refit = Fit(data.Build(), options, userBased);
        AssertEqual(forgotten, refit);
        Saved(forgotten).Should().Equal(Saved(refit));
        Contains(Saved(forgotten), Encoding.UTF8.GetBytes("i00")).Should().BeFalse();
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 2)]
    public void ForgetUser_RemovesItemsOnlyTheUserRated(bool userBased, int stored)
    {
        var options = new KnnOptions { MaxNeighbors = 3, MaxStoredNeighbors = stored == 0 ? null : stored };
        var data = TestData.Random(users: 20, items: 12, density: 0.4, seed: 4, fractional: false);
        data.Set("u03", "only-u03-bought-this", 5);
        data.Set("u03", "also-rated-by-u05", 4);
        data.Set("u05", "also-rated-by-u05", 2);
        var model = Fit(data.Build(), options, userBased);

        var forgotten = Update(model, new RatingChanges<string, string>().ForgetUser("u03"), KnnModel<string, string>.DefaultRefitFraction);
        data.ForgetUser("u03");

        forgotten.Ratings.Items.Contains("only-u03-bought-this").Should().BeFalse();
        forgotten.Ratings.Items.Contains("also-rated-by-u05").Should().BeTrue();
        forgotten.LastUpdate!.ItemsForgotten.Should().Be(1);
        Contains(Saved(forgotten), Encoding.UTF8.GetBytes("only-u03-bought-this")).Should().BeFalse();
        AssertEqual(forgotten, Fit(data.Build(), options, userBased));
    }

    [Fact]
    public void ForgetItem_RemovesUsersWhoRatedOnlyIt()
    {
        var data = TestData.Random(users: 20, items: 12, density: 0.4, seed: 6, fractional: false);
        data.Set("only-bought-i99", "i99", 3);
        data.Set("replaced-later", "i99", 4);
        var model = new ItemKnn().Fit(data.Build());

        var updated = model.Update(new RatingChanges<string, string>().ForgetItem("i99").ReplaceUser("replaced-later", []));

        updated.Ratings.Users.Contains("only-bought-i99").Should().BeFalse("the user's only ratings were of the forgotten item");
        updated.Ratings.Users.Contains("replaced-later").Should().BeTrue("a user the batch replaces stays, with no ratings");
        updated.LastUpdate!.UsersForgotten.Should().Be(1);
    }

    [Fact]
    public void ForgetUser_KeepsItemRatedAgainInBatch()
    {
        var data = TestData.Random(users: 20, items: 12, density: 0.4, seed: 8, fractional: false);
        data.Set("u02", "niche", 5);
        var model = new ItemKnn().Fit(data.Build());

        var updated = model.Update(new RatingChanges<string, string>().ForgetUser("u02").Set("u09", "niche", 4));

        updated.Ratings.Items.Contains("niche").Should().BeTrue();
        updated.Ratings.TryGetRating("u09", "niche", out float rating).Should().BeTrue();
        rating.Should().Be(4);
    }

    [Fact]
    public void RemovingLastRating_KeepsTheUserKnown()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("a", "x", 4);
        builder.Add("a", "y", 2);
        builder.Add("b", "x", 5);
        builder.Add("b", "y", 3);
        builder.Add("c", "x", 1);
        var model = new ItemKnn().Fit(builder.Build());

        var updated = model.Update(new RatingChanges<string, string>().Remove("c", "x"));

        updated.Ratings.Users.Contains("c").Should().BeTrue();
        updated.Ratings.UserRatingCount(updated.Ratings.Users.TryGetIndex("c", out int c) ? c : -1).Should().Be(0);
        updated.Predict("c", "y").Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
    }

    [Fact]
    public void NonIntegerRating_RefitsWithReason()
    {
        var options = new KnnOptions { MaxNeighbors = 4 };
        var data = TestData.Random(users: 20, items: 15, density: 0.4, seed: 3, fractional: false);
        var model = new ItemKnn(options).Fit(data.Build());
        data.Set("u01", "i01", 3.3);

        var updated = model.Update(new RatingChanges<string, string>().Set("u01", "i01", 3.3));

        updated.LastUpdate!.FullRefitReason.Should().Contain("arithmetic");
        AssertEqual(updated, new ItemKnn(options).Fit(data.Build()));
    }

    [Fact]
    public void SettingTheSameValue_ChangesNothing()
    {
        var data = TestData.Random(users: 20, items: 15, density: 0.4, seed: 3, fractional: false);
        var model = new UserKnn().Fit(data.Build());
        var existing = model.Ratings.Rows().First();

        var updated = model.Update(new RatingChanges<string, string>().Set(existing.User, existing.Item, existing.Rating));

        updated.LastUpdate!.UsersChanged.Should().Be(0);
        updated.LastUpdate.RowsRecomputed.Should().Be(0);
        AssertEqual(updated, model);
    }

    [Fact]
    public void ChainOfUpdates_EqualsRefit()
    {
        var options = new KnnOptions { MaxNeighbors = 4, MaxStoredNeighbors = 3 };
        var data = TestData.Random(users: 30, items: 20, density: 0.3, seed: 21, fractional: true);
        KnnModel<string, string> model = new ItemKnn(options).Fit(data.Build());
        for (int step = 0; step < 6; step++)
        {
            model = Update(model, data.RandomChanges(100 + step, fractional: true), refitFraction: 1.0);
        }

        AssertEqual(model, new ItemKnn(options).Fit(data.Build()));
    }

    private static KnnModel<string, string> Fit(RatingMatrix<string, string> ratings, KnnOptions options, bool userBased)
        => userBased ? new UserKnn(options).Fit(ratings) : new ItemKnn(options).Fit(ratings);

    private static KnnModel<string, string> Update(KnnModel<string, string> model, RatingChanges<string, string> changes, double refitFraction)
        => model switch
        {
            UserKnnModel<string, string> user => user.Update(changes, refitFraction, default),
            ItemKnnModel<string, string> item => item.Update(changes, refitFraction, default),
            _ => throw new InvalidOperationException("Unknown model type."),
        };

    /// <summary>Asserts two models agree bit for bit on ids, similarities, predictions and top-5 lists.</summary>
    internal static void AssertEqual(KnnModel<string, string> actual, KnnModel<string, string> expected)
    {
        actual.Ratings.Users.Ids.ToArray().Should().Equal(expected.Ratings.Users.Ids.ToArray());
        actual.Ratings.Items.Ids.ToArray().Should().Equal(expected.Ratings.Items.Ids.ToArray());
        actual.Ratings.Count.Should().Be(expected.Ratings.Count);

        var users = expected.Ratings.Users.Ids.ToArray();
        var items = expected.Ratings.Items.Ids.ToArray();
        var mismatches = new List<string>();
        if (expected is UserKnnModel<string, string> expectedUsers)
        {
            var actualUsers = (UserKnnModel<string, string>)actual;
            foreach (var a in users)
            {
                foreach (var b in users)
                {
                    if (!SameBits(actualUsers.Similarity(a, b), expectedUsers.Similarity(a, b)))
                    {
                        mismatches.Add($"similarity ({a}, {b}): {actualUsers.Similarity(a, b):R} vs {expectedUsers.Similarity(a, b):R}");
                    }
                }
            }
        }
        else
        {
            var expectedItems = (ItemKnnModel<string, string>)expected;
            var actualItems = (ItemKnnModel<string, string>)actual;
            foreach (var a in items)
            {
                foreach (var b in items)
                {
                    if (!SameBits(actualItems.Similarity(a, b), expectedItems.Similarity(a, b)))
                    {
                        mismatches.Add($"similarity ({a}, {b}): {actualItems.Similarity(a, b):R} vs {expectedItems.Similarity(a, b):R}");
                    }
                }

                var similarActual = actualItems.SimilarItems(a, 5);
                var similarExpected = expectedItems.SimilarItems(a, 5);
                if (!similarActual.SequenceEqual(similarExpected))
                {
                    mismatches.Add($"similar items of {a}");
                }
            }
        }

        foreach (var user in users)
        {
            foreach (var item in items)
            {
                var x = actual.Predict(user, item);
                var y = expected.Predict(user, item);
                if (!SameBits(x.Raw, y.Raw) || x.Reason != y.Reason || x.NeighborCount != y.NeighborCount)
                {
                    mismatches.Add($"prediction ({user}, {item}): {x.Raw:R}/{x.Reason} vs {y.Raw:R}/{y.Reason}");
                }
            }

            if (!actual.Recommend(user, 5).SequenceEqual(expected.Recommend(user, 5)))
            {
                mismatches.Add($"top-5 of {user}");
            }
        }

        mismatches.Should().BeEmpty();
    }

    private static byte[] Saved(KnnModel<string, string> model)
    {
        var stream = new MemoryStream();
        if (model is UserKnnModel<string, string> users)
        {
            ModelStore.Save(users, stream);
        }
        else
        {
            ModelStore.Save((ItemKnnModel<string, string>)model, stream);
        }

        return stream.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static bool SameBits(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);

    /// <summary>The ratings as plain dictionaries, changed in step with the batches given to the model.</summary>
    internal sealed class TestData
    {
        private readonly Dictionary<string, Dictionary<string, double>> _byUser = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _items = new(StringComparer.Ordinal);

        public static TestData Random(int users, int items, double density, int seed, bool fractional)
        {
            var random = new Random(seed);
            var data = new TestData();
            for (int u = 0; u < users; u++)
            {
                for (int i = 0; i < items; i++)
                {
                    if (i == u % items || random.NextDouble() < density)
                    {
                        data.Set($"u{u:D2}", $"i{i:D2}", Rating(random, fractional));
                    }
                }
            }

            return data;
        }

        public void Set(string user, string item, double rating)
        {
            if (!_byUser.TryGetValue(user, out var row))
            {
                _byUser[user] = row = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            row[item] = rating;
            _items.Add(item);
        }

        /// <summary>Forgets <paramref name="user"/> as a batch of that one change does.</summary>
        public void ForgetUser(string user) => Forget([user], [], [], ForgetRule.Copy(_byUser));

        /// <summary>Forgets <paramref name="item"/> as a batch of that one change does.</summary>
        public void ForgetItem(string item) => Forget([], [item], [], ForgetRule.Copy(_byUser));

        private void Forget(HashSet<string> users, HashSet<string> items, HashSet<string> changedUsers, Dictionary<string, Dictionary<string, double>> before)
            => ForgetRule.Apply(_byUser, _items, before, users, items, changedUsers);

        public RatingMatrix<string, string> Build()
        {
            var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
            foreach (var (user, row) in _byUser)
            {
                builder.AddUser(user);
                foreach (var (item, rating) in row)
                {
                    builder.Add(user, item, rating);
                }
            }

            foreach (var item in _items)
            {
                builder.AddItem(item);
            }

            return builder.Build();
        }

        /// <summary>Draws a conflict-free batch of every kind of change and applies it to these dictionaries.</summary>
        public RatingChanges<string, string> RandomChanges(int seed, bool fractional)
        {
            var random = new Random(seed);
            var changes = new RatingChanges<string, string>();
            var before = ForgetRule.Copy(_byUser);
            var users = _byUser.Keys.Order(StringComparer.Ordinal).ToList();
            var items = _items.ToList();
            var usedUsers = new HashSet<string>(StringComparer.Ordinal);
            var usedPairs = new HashSet<(string, string)>();

            string forgottenUser = users[random.Next(users.Count)];
            string forgottenItem = items[random.Next(items.Count)];
            changes.ForgetUser(forgottenUser);
            changes.ForgetItem(forgottenItem);
            usedUsers.Add(forgottenUser);

            string replaced = users.First(u => !usedUsers.Contains(u) && random.NextDouble() < 0.2);
            usedUsers.Add(replaced);
            var replacement = items.Where(i => i != forgottenItem && random.NextDouble() < 0.3).Select(i => (i, Rating(random, fractional))).ToList();
            changes.ReplaceUser(replaced, replacement);

            for (int t = 0; t < 6; t++)
            {
                string user = users[random.Next(users.Count)];
                if (usedUsers.Contains(user))
                {
                    continue;
                }

                var row = _byUser[user];
                var rated = row.Keys.Where(i => i != forgottenItem && !usedPairs.Contains((user, i))).Order(StringComparer.Ordinal).ToList();
                if (rated.Count > 0 && random.NextDouble() < 0.5)
                {
                    string item = rated[random.Next(rated.Count)];
                    usedPairs.Add((user, item));
                    changes.Remove(user, item);
                    row.Remove(item);
                }
                else
                {
                    string item = random.NextDouble() < 0.2 ? $"new-item-{seed}-{t}" : items[random.Next(items.Count)];
                    if (item == forgottenItem || !usedPairs.Add((user, item)))
                    {
                        continue;
                    }

                    double rating = Rating(random, fractional);
                    changes.Set(user, item, rating);
                    Set(user, item, rating);
                }
            }

            string newUser = $"new-user-{seed}";
            changes.Set(newUser, items.First(i => i != forgottenItem), Rating(random, fractional));
            Set(newUser, items.First(i => i != forgottenItem), changes.Changes[^1].Rating);

            _byUser[replaced] = replacement.ToDictionary(r => r.i, r => r.Item2, StringComparer.Ordinal);
            var changedUsers = usedPairs.Select(p => p.Item1).Append(replaced).Append(newUser).ToHashSet(StringComparer.Ordinal);
            Forget([forgottenUser], [forgottenItem], changedUsers, before);
            return changes;
        }

        private static double Rating(Random random, bool fractional)
            => fractional ? random.Next(10, 51) / 10.0 : random.Next(1, 6);
    }
}

using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.Tests.Predictors;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Generated change batches, valid and invalid, against small fitted models. A reference written here judges each
/// batch by the documented rules. A valid batch must give a model equal to a refit on the changed data, and an
/// invalid one must raise an exception that names the first bad change, leaving the model unchanged.
/// </summary>
public class UpdateProperties
{
    private const int Cases = 300;

    private static readonly string[] Users = ["u0", "u1", "u2", "u3", "u4", "u5"];
    private static readonly string[] Items = ["i0", "i1", "i2", "i3", "i4", "i5"];

    /// <summary>Known ids, and ids the base data never has.</summary>
    private static readonly Gen<string> UserId = Gen.Frequency((6, Gen.OneOf(Users)), (1, Gen.OneOf("new-u", "new-v")));

    private static readonly Gen<string> ItemId = Gen.Frequency((6, Gen.OneOf(Items)), (1, Gen.OneOf("new-i", "new-j")));

    /// <summary>Whole stars, a half star, and values outside the 1 to 5 scale or not finite.</summary>
    private static readonly Gen<double> Rating = Gen.Frequency(
        (10, Gen.Int[1, 5].Select(r => (double)r)),
        (1, Gen.Const(2.5)),
        (2, Gen.OneOf(0.0, 6.0, double.NaN, double.PositiveInfinity, -1e300)));

    private static readonly Gen<Change> AnyChange = Gen.Frequency(
        (6, Gen.Select(UserId, ItemId, Rating).Select((u, i, r) => new Change(RatingChangeKind.Set, u, i, r, []))),
        (4, Gen.Select(UserId, ItemId).Select((u, i) => new Change(RatingChangeKind.Remove, u, i, 0, []))),
        (2, Gen.Select(UserId, Gen.Select(ItemId, Rating).Array[0, 3]).Select((u, list) => new Change(RatingChangeKind.ReplaceUser, u, "", 0, list))),
        (1, UserId.Select(u => new Change(RatingChangeKind.ForgetUser, u, "", 0, []))),
        (1, ItemId.Select(i => new Change(RatingChangeKind.ForgetItem, "", i, 0, []))));

    private static readonly Gen<Case> Batches = Gen.Select(Gen.Int[0, 1_000_000], AnyChange.Array[1, 6], Gen.Bool, Gen.OneOf(0, 2))
        .Select((seed, changes, userBased, stored) => new Case(seed, changes, userBased, stored));

    [Fact]
    public void Update_GeneratedBatches()
    {
        PropertyCheck.Run(Batches, Check, Cases, 0x5EED_0401, c => c.ToString());
    }

    private static void Check(Case input)
    {
        // 1. Base data: every user rates at least one item.
        var random = new Random(input.Seed);
        var ratings = new Dictionary<(string User, string Item), double>();
        foreach (var user in Users)
        {
            foreach (var item in Items)
            {
                if (item == Items[Array.IndexOf(Users, user)] || random.NextDouble() < 0.5)
                {
                    ratings[(user, item)] = random.Next(1, 6);
                }
            }
        }

        var options = new KnnOptions { MaxNeighbors = 3, MaxStoredNeighbors = input.Stored == 0 ? null : input.Stored };
        var baseMatrix = Build(ratings, Users, Items);
        KnnModel<string, string> model = input.UserBased ? new UserKnn(options).Fit(baseMatrix) : new ItemKnn(options).Fit(baseMatrix);
        var batch = new RatingChanges<string, string>();
        foreach (var change in input.Changes)
        {
            _ = change.Kind switch
            {
                RatingChangeKind.Set => batch.Set(change.User, change.Item, change.Rating),
                RatingChangeKind.Remove => batch.Remove(change.User, change.Item),
                RatingChangeKind.ReplaceUser => batch.ReplaceUser(change.User, change.Ratings),
                RatingChangeKind.ForgetUser => batch.ForgetUser(change.User),
                _ => batch.ForgetItem(change.Item),
            };
        }

        // 2. The reference outcome, and the library's.
        var (firstInvalid, after, users, items) = Reference(input.Changes, ratings);
        var before = Snapshot(model);
        Exception? error = null;
        KnnModel<string, string>? updated = null;
        try
        {
            updated = model is UserKnnModel<string, string> userModel ? userModel.Update(batch) : ((ItemKnnModel<string, string>)model).Update(batch);
        }
        catch (Exception e) when (e is ArgumentException or RatingDataException)
        {
            error = e;
        }

        Snapshot(model).Should().Be(before, "the model an update is called on never changes");
        if (firstInvalid > 0)
        {
            error.Should().NotBeNull($"change {firstInvalid} is invalid");
            error!.Message.Should().Contain($"Change {firstInvalid} ");
            return;
        }

        if (after.Count == 0)
        {
            error.Should().BeOfType<RatingDataException>().Which.Message.Should().Contain("no ratings left");
            return;
        }

        error.Should().BeNull();
        var refit = Build(after, users, items);
        ModelUpdateTests.AssertEqual(updated!, input.UserBased ? new UserKnn(options).Fit(refit) : new ItemKnn(options).Fit(refit));
    }

    /// <summary>
    /// Applies the documented rules: ForgetUser and ForgetItem changes are checked first, then the other changes in
    /// order, and the first failure decides. Returns its number (0 when the batch is valid) and, for a valid batch, the ratings and ids after it.
    /// </summary>
    private static (int FirstInvalid, Dictionary<(string, string), double> After, List<string> Users, List<string> Items) Reference(
        Change[] changes,
        Dictionary<(string User, string Item), double> ratings)
    {
        var forgottenUsers = new HashSet<string>();
        var forgottenItems = new HashSet<string>();
        for (int n = 1; n <= changes.Length; n++)
        {
            var c = changes[n - 1];
            if (c.Kind == RatingChangeKind.ForgetUser && (!Users.Contains(c.User) || !forgottenUsers.Add(c.User)))
            {
                return (n, [], [], []);
            }

            if (c.Kind == RatingChangeKind.ForgetItem && (!Items.Contains(c.Item) || !forgottenItems.Add(c.Item)))
            {
                return (n, [], [], []);
            }
        }

        static bool ValidRating(double r) => double.IsFinite(r) && r >= 1 && r <= 5;
        var after = new Dictionary<(string User, string Item), double>(ratings);
        var pairs = new HashSet<(string, string)>();
        var changedUsers = new HashSet<string>();
        var replacedUsers = new HashSet<string>();
        var users = new List<string>(Users);
        var items = new List<string>(Items);
        for (int n = 1; n <= changes.Length; n++)
        {
            var c = changes[n - 1];
            switch (c.Kind)
            {
                case RatingChangeKind.Set:
                case RatingChangeKind.Remove:
                    bool invalid = forgottenUsers.Contains(c.User) || forgottenItems.Contains(c.Item)
                        || (c.Kind == RatingChangeKind.Remove ? !ratings.ContainsKey((c.User, c.Item)) : !ValidRating(c.Rating))
                        || replacedUsers.Contains(c.User)
                        || !pairs.Add((c.User, c.Item));
                    if (invalid)
                    {
                        return (n, [], [], []);
                    }

                    changedUsers.Add(c.User);
                    if (c.Kind == RatingChangeKind.Remove)
                    {
                        after.Remove((c.User, c.Item));
                    }
                    else
                    {
                        after[(c.User, c.Item)] = (float)c.Rating;
                        AddOnce(users, c.User);
                        AddOnce(items, c.Item);
                    }

                    break;

                case RatingChangeKind.ReplaceUser:
                    var seen = new HashSet<string>();
                    if (forgottenUsers.Contains(c.User) || changedUsers.Contains(c.User)
                        || c.Ratings.Any(r => forgottenItems.Contains(r.Item) || !ValidRating(r.Rating) || !seen.Add(r.Item)))
                    {
                        return (n, [], [], []);
                    }

                    changedUsers.Add(c.User);
                    replacedUsers.Add(c.User);
                    foreach (var key in after.Keys.Where(k => k.User == c.User).ToList())
                    {
                        after.Remove(key);
                    }

                    foreach (var (item, rating) in c.Ratings)
                    {
                        after[(c.User, item)] = (float)rating;
                        AddOnce(items, item);
                    }

                    AddOnce(users, c.User);
                    break;
            }
        }

        // Ids that only forgotten ids kept in the model leave with them: an item rated before only by forgotten users
        // and by no other user after, and a user who rated before only forgotten items and whom the batch left alone.
        var orphanItems = Items.Where(i => !forgottenItems.Contains(i)
            && ratings.Keys.Any(k => k.Item == i)
            && ratings.Keys.Where(k => k.Item == i).All(k => forgottenUsers.Contains(k.User))
            && !after.Keys.Any(k => k.Item == i && !forgottenUsers.Contains(k.User))).ToList();
        var orphanUsers = Users.Where(u => !forgottenUsers.Contains(u)
            && !changedUsers.Contains(u)
            && ratings.Keys.Any(k => k.User == u)
            && ratings.Keys.Where(k => k.User == u).All(k => forgottenItems.Contains(k.Item))).ToList();
        forgottenItems.UnionWith(orphanItems);
        forgottenUsers.UnionWith(orphanUsers);

        foreach (var key in after.Keys.Where(k => forgottenUsers.Contains(k.User) || forgottenItems.Contains(k.Item)).ToList())
        {
            after.Remove(key);
        }

        users.RemoveAll(forgottenUsers.Contains);
        items.RemoveAll(forgottenItems.Contains);
        return (0, after, users, items);
    }

    private static void AddOnce(List<string> ids, string id)
    {
        if (!ids.Contains(id))
        {
            ids.Add(id);
        }
    }

    private static RatingMatrix<string, string> Build(Dictionary<(string User, string Item), double> ratings, IEnumerable<string> users, IEnumerable<string> items)
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        foreach (var ((user, item), rating) in ratings)
        {
            builder.Add(user, item, rating);
        }

        foreach (var user in users)
        {
            builder.AddUser(user);
        }

        foreach (var item in items)
        {
            builder.AddItem(item);
        }

        return builder.Build();
    }

    private static string Snapshot(KnnModel<string, string> model)
        => string.Join(";", model.Ratings.Rows().Select(r => $"{r.User},{r.Item},{r.Rating}"))
            + "|" + string.Join(";", model.Ratings.Users.Ids.ToArray()) + "|" + string.Join(";", model.Ratings.Items.Ids.ToArray())
            + "|" + string.Join(";", model.Ratings.Users.Ids.ToArray().Select(u => model.Recommend(u, 3).Count));

    /// <summary>One generated change; unused fields are empty.</summary>
    private sealed record Change(RatingChangeKind Kind, string User, string Item, double Rating, (string Item, double Rating)[] Ratings)
    {
        public override string ToString() => Kind switch
        {
            RatingChangeKind.ReplaceUser => $"ReplaceUser({User}, [{string.Join(", ", Ratings.Select(r => $"{r.Item}={r.Rating}"))}])",
            RatingChangeKind.Set => $"Set({User}, {Item}, {Rating})",
            RatingChangeKind.Remove => $"Remove({User}, {Item})",
            RatingChangeKind.ForgetUser => $"ForgetUser({User})",
            _ => $"ForgetItem({Item})",
        };
    }

    private sealed record Case(int Seed, Change[] Changes, bool UserBased, int Stored)
    {
        public override string ToString() => $"seed {Seed}, {(UserBased ? "user" : "item")}-based, stored {Stored}: {string.Join("; ", Changes.Select(c => c.ToString()))}";
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>
/// Preference weights kept in plain dictionaries and changed in step with the batches given to a model, so that a
/// reference fit on <see cref="Build"/> never runs the update code.
/// </summary>
internal sealed class PreferenceData
{
    private readonly Dictionary<string, Dictionary<string, double>> _byUser = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _items = new(StringComparer.Ordinal);

    public IEnumerable<string> Users => _byUser.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> Items => _items;

    /// <summary>
    /// Draws users u00.. and items i00.., each pair present with probability <paramref name="density"/>; about one
    /// entry in twenty is a stored 0.
    /// </summary>
    public static PreferenceData Random(int users, int items, double density, int seed)
    {
        var random = new Random(seed);
        var data = new PreferenceData();
        for (int i = 0; i < items; i++)
        {
            data._items.Add($"i{i:D2}");
        }

        for (int u = 0; u < users; u++)
        {
            data._byUser[$"u{u:D2}"] = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < items; i++)
            {
                if (i == u % items || random.NextDouble() < density)
                {
                    data.Set($"u{u:D2}", $"i{i:D2}", Weight(random));
                }
            }
        }

        return data;
    }

    public void Set(string user, string item, double weight)
    {
        if (!_byUser.TryGetValue(user, out var row))
        {
            _byUser[user] = row = new Dictionary<string, double>(StringComparer.Ordinal);
        }

        row[item] = weight;
        _items.Add(item);
    }

    public void Remove(string user, string item) => _byUser[user].Remove(item);

    public void Replace(string user, IEnumerable<(string Item, double Weight)> row)
    {
        _byUser[user] = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (item, weight) in row)
        {
            Set(user, item, weight);
        }
    }

    /// <summary>Forgets <paramref name="user"/> as a batch of that one change does.</summary>
    public void ForgetUser(string user) => Forget([user], [], [], ForgetRule.Copy(_byUser));

    /// <summary>Forgets <paramref name="item"/> as a batch of that one change does.</summary>
    public void ForgetItem(string item) => Forget([], [item], [], ForgetRule.Copy(_byUser));

    private void Forget(HashSet<string> users, HashSet<string> items, HashSet<string> changedUsers, Dictionary<string, Dictionary<string, double>> before)
        => ForgetRule.Apply(_byUser, _items, before, users, items, changedUsers);

    public IReadOnlyDictionary<string, double> RowOf(string user) => _byUser[user];

    public RatingMatrix<string, string> Build()
    {
        var builder = new RatingMatrixBuilder<string, string>(ImplicitFixtures.Weights);
        foreach (var (user, row) in _byUser)
        {
            builder.AddUser(user);
            foreach (var (item, weight) in row)
            {
                builder.Add(user, item, weight);
            }
        }

        foreach (var item in _items)
        {
            builder.AddItem(item);
        }

        return builder.Build();
    }

    /// <summary>
    /// Draws a conflict-free batch with every kind of change (a forgotten user and item, a replaced row, an added user
    /// with an empty row, removals, weights set on known and new pairs, stored zeros among them) and applies it here.
    /// </summary>
    public RatingChanges<string, string> RandomChanges(int seed)
    {
        var random = new Random(seed);
        var changes = new RatingChanges<string, string>();
        var before = ForgetRule.Copy(_byUser);
        var users = Users.ToList();
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
        var replacement = items.Where(i => i != forgottenItem && random.NextDouble() < 0.3).Select(i => (i, Weight(random))).ToList();
        changes.ReplaceUser(replaced, replacement);

        for (int t = 0; t < 8; t++)
        {
            string user = users[random.Next(users.Count)];
            if (usedUsers.Contains(user))
            {
                continue;
            }

            var row = _byUser[user];
            var rated = row.Keys.Where(i => i != forgottenItem && !usedPairs.Contains((user, i))).Order(StringComparer.Ordinal).ToList();
            if (rated.Count > 0 && random.NextDouble() < 0.4)
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

                double weight = Weight(random);
                changes.Set(user, item, weight);
                Set(user, item, weight);
            }
        }

        // "new-…" sorts before "u…", so the added users shift the index of every old user.
        string newUser = $"new-user-{seed}";
        string firstItem = items.First(i => i != forgottenItem);
        double newWeight = 1 + random.Next(5);
        changes.Set(newUser, firstItem, newWeight);
        Set(newUser, firstItem, newWeight);
        changes.ReplaceUser($"new-empty-{seed}", []);
        _byUser[$"new-empty-{seed}"] = new Dictionary<string, double>(StringComparer.Ordinal);

        Replace(replaced, replacement);
        var changedUsers = usedPairs.Select(p => p.Item1).Append(replaced).Append(newUser).Append($"new-empty-{seed}").ToHashSet(StringComparer.Ordinal);
        Forget([forgottenUser], [forgottenItem], changedUsers, before);
        return changes;
    }

    /// <summary>A weight with a few decimals, or a stored 0 one time in twenty.</summary>
    private static double Weight(Random random)
        => random.NextDouble() < 0.05 ? 0 : Math.Round(0.1 + (4.9 * random.NextDouble()), 2);
}

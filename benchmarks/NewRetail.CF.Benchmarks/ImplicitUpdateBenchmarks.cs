using BenchmarkDotNet.Attributes;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Updates of a fitted implicit model (cosine, k = 50) against a refit on the same changed data (the baseline):
/// adding one user with all of their entries, and forgetting that user.
/// </summary>
/// <remarks>
/// The user is the one with the median number of entries (ties by lowest index). <see cref="Refit"/> fits the full
/// data, which is what <see cref="AddUser"/> produces; <see cref="ForgetUser"/> changes the data by as much. The setup
/// checks that both updates give the neighbour lists of a refit, bit for bit.
/// </remarks>
[MemoryDiagnoser]
public class ImplicitUpdateBenchmarks
{
    private RatingMatrix<long, long> _full = null!;
    private ITopNRecommender<long, long> _withoutUser = null!;
    private ITopNRecommender<long, long> _withUser = null!;
    private ImplicitKnnOptions _options = null!;
    private RatingChanges<long, long> _addUser = null!;
    private RatingChanges<long, long> _forgetUser = null!;

    /// <summary>The data sets of <see cref="ImplicitKnnBenchmarks"/>: synthetic-1e5, synthetic-1e6 and, when found, taobao.</summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = Benchmarks.Data.BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets() => ImplicitKnnBenchmarks.DataSets();

    [Params(ImplicitKnnBenchmarks.Neighborhood.Item, ImplicitKnnBenchmarks.Neighborhood.User)]
    public ImplicitKnnBenchmarks.Neighborhood Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _full = ImplicitKnnBenchmarks.LoadMatrix(Data);
        _options = new ImplicitKnnOptions { MaxNeighbors = 50 };

        // The user with the median number of entries, and the data without that user. Every item stays known, so
        // that adding the user back gives the ids of the full data.
        var byCount = Enumerable.Range(0, _full.Users.Count).OrderBy(_full.UserRatingCount).ThenBy(u => u).ToArray();
        int userIndex = byCount[byCount.Length / 2];
        long user = _full.Users[userIndex];
        var row = _full.UserRow(userIndex);
        var entries = new List<(long Item, double Weight)>();
        for (int t = 0; t < row.Indices.Length; t++)
        {
            entries.Add((_full.Items[row.Indices[t]], row.Values[t]));
        }

        var builder = new RatingMatrixBuilder<long, long>(_full.Scale);
        foreach (var entry in _full.Rows())
        {
            if (entry.User != user)
            {
                builder.Add(entry.User, entry.Item, entry.Rating);
            }
        }

        foreach (long item in _full.Items.Ids)
        {
            builder.AddItem(item);
        }

        var withoutUser = builder.Build();
        _withoutUser = Fit(withoutUser);
        _withUser = Fit(_full);
        _addUser = new RatingChanges<long, long>().ReplaceUser(user, entries);
        _forgetUser = new RatingChanges<long, long>().ForgetUser(user);

        var added = AddUser();
        var forgotten = ForgetUser();
        CheckSameLists(added, _withUser, "add-user update");
        CheckSameLists(forgotten, _withoutUser, "forget-user update");
        Console.WriteLine($"// {Data}, {Model}: user {user} with {entries.Count} entries; add-user update {LastUpdate(added)}; forget-user update {LastUpdate(forgotten)}");
    }

    [Benchmark(Baseline = true)]
    public ITopNRecommender<long, long> Refit() => Fit(_full);

    [Benchmark]
    public ITopNRecommender<long, long> AddUser() => Update(_withoutUser, _addUser);

    [Benchmark]
    public ITopNRecommender<long, long> ForgetUser() => Update(_withUser, _forgetUser);

    private static ITopNRecommender<long, long> Update(ITopNRecommender<long, long> model, RatingChanges<long, long> changes) => model switch
    {
        ImplicitUserKnnModel<long, long> users => users.Update(changes),
        ImplicitItemKnnModel<long, long> items => items.Update(changes),
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    private static ModelUpdateSummary? LastUpdate(ITopNRecommender<long, long> model) => model switch
    {
        ImplicitUserKnnModel<long, long> users => users.LastUpdate,
        ImplicitItemKnnModel<long, long> items => items.LastUpdate,
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    /// <summary>Throws when the stored lists of two models differ in any id or similarity bit.</summary>
    private static void CheckSameLists(ITopNRecommender<long, long> actual, ITopNRecommender<long, long> expected, string update)
    {
        if (actual is ImplicitItemKnnModel<long, long> actualItems && expected is ImplicitItemKnnModel<long, long> expectedItems)
        {
            foreach (long item in expectedItems.Ratings.Items.Ids)
            {
                CheckSameList(actualItems.Neighbors(item), expectedItems.Neighbors(item), update, item);
            }
        }
        else if (actual is ImplicitUserKnnModel<long, long> actualUsers && expected is ImplicitUserKnnModel<long, long> expectedUsers)
        {
            foreach (long user in expectedUsers.Ratings.Users.Ids)
            {
                CheckSameList(actualUsers.Neighbors(user), expectedUsers.Neighbors(user), update, user);
            }
        }
        else
        {
            throw new InvalidOperationException($"The {update} returned a model of another type.");
        }
    }

    private static void CheckSameList(IReadOnlyList<Neighbor<long>> actual, IReadOnlyList<Neighbor<long>> expected, string update, long id)
    {
        bool same = actual.Count == expected.Count;
        for (int t = 0; same && t < actual.Count; t++)
        {
            same = actual[t].Id == expected[t].Id && BitConverter.DoubleToInt64Bits(actual[t].Similarity) == BitConverter.DoubleToInt64Bits(expected[t].Similarity);
        }

        if (!same)
        {
            throw new InvalidOperationException($"The {update} differs from the refit in the neighbour list of {id}.");
        }
    }

    private ITopNRecommender<long, long> Fit(RatingMatrix<long, long> ratings)
        => Model == ImplicitKnnBenchmarks.Neighborhood.Item ? new ImplicitItemKnn(_options).Fit(ratings) : new ImplicitUserKnn(_options).Fit(ratings);
}

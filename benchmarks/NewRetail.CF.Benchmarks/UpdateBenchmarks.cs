using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Updates of a fitted Pearson model against a refit on the same changed data (the baseline): adding one user with
/// all of their ratings, forgetting that user, and setting one rating.
/// </summary>
/// <remarks>
/// The user is the one with the median number of ratings (ties by lowest id). <see cref="Refit"/> fits the full data,
/// which is what <see cref="AddUser"/> produces; the forget and set cases change the data by as much, or less.
/// The setup checks that the added-user model predicts exactly as the refit.
/// </remarks>
[MemoryDiagnoser]
public class UpdateBenchmarks
{
    private RatingMatrix<int, int> _full = null!;
    private KnnModel<int, int> _withoutUser = null!;
    private KnnModel<int, int> _withUser = null!;
    private KnnOptions _options = null!;
    private RatingChanges<int, int> _addUser = null!;
    private RatingChanges<int, int> _setOne = null!;
    private RatingChanges<int, int> _forgetUser = null!;

    public enum Side
    {
        User,
        Item,
    }

    /// <summary>ml-100k and ml-1m, each when its file is found.</summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.MovieLens;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensSizes();

    [Params(Side.User, Side.Item)]
    public Side Compared { get; set; }

    /// <summary>0 for the dense similarity matrix, 50 for stored lists of 50 neighbours.</summary>
    [Params(0, 50)]
    public int Stored { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var triples = BenchmarkData.Get(Data);
        _full = triples.ToMatrix();
        _options = new KnnOptions { MaxStoredNeighbors = Stored == 0 ? null : Stored };

        // The user with the median number of ratings.
        var byCount = Enumerable.Range(0, _full.Users.Count).OrderBy(u => _full.UserRatingCount(u)).ThenBy(u => u).ToArray();
        int userIndex = byCount[byCount.Length / 2];
        int user = _full.Users[userIndex];
        var row = _full.UserRow(userIndex);
        var ratings = new List<(int Item, double Rating)>();
        for (int t = 0; t < row.Indices.Length; t++)
        {
            ratings.Add((_full.Items[row.Indices[t]], row.Values[t]));
        }

        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        foreach (var rating in _full.Rows())
        {
            if (rating.User != user)
            {
                builder.Add(rating.User, rating.Item, rating.Rating);
            }
        }

        foreach (var item in _full.Items.Ids)
        {
            builder.AddItem(item);
        }

        _withoutUser = Fit(builder.Build());
        _withUser = Fit(_full);
        _addUser = new RatingChanges<int, int>().ReplaceUser(user, ratings);
        _forgetUser = new RatingChanges<int, int>().ForgetUser(user);
        _setOne = new RatingChanges<int, int>().Set(user, ratings[0].Item, ratings[0].Rating >= 5 ? 4 : ratings[0].Rating + 1);

        var added = AddUser();
        int other = _full.Users[byCount[0]];
        foreach (var (item, _) in ratings.Take(20))
        {
            if (added.Predict(other, item).Raw != _withUser.Predict(other, item).Raw)
            {
                throw new InvalidOperationException($"The updated model differs from the refit at ({other}, {item}).");
            }
        }

        Console.WriteLine($"// {Data}, {Compared}, stored {Stored}: user {user} with {ratings.Count} ratings; add-user update {added.LastUpdate}");
    }

    [Benchmark(Baseline = true)]
    public KnnModel<int, int> Refit() => Fit(_full);

    [Benchmark]
    public KnnModel<int, int> AddUser() => Update(_withoutUser, _addUser);

    [Benchmark]
    public KnnModel<int, int> ForgetUser() => Update(_withUser, _forgetUser);

    [Benchmark]
    public KnnModel<int, int> SetOneRating() => Update(_withUser, _setOne);

    private static KnnModel<int, int> Update(KnnModel<int, int> model, RatingChanges<int, int> changes) => model switch
    {
        UserKnnModel<int, int> users => users.Update(changes),
        ItemKnnModel<int, int> items => items.Update(changes),
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    private KnnModel<int, int> Fit(RatingMatrix<int, int> ratings)
        => Compared == Side.User ? new UserKnn(_options).Fit(ratings) : new ItemKnn(_options).Fit(ratings);
}

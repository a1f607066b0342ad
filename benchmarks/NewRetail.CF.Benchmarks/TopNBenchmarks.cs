using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Serving an item-based model (Pearson, k = 40, mean-centred): one prediction, a whole test set, one user's top-10,
/// every user's top-10, and one item's similar items. Each category compares the dense model (baseline) with
/// 50 stored neighbours per item.
/// </summary>
/// <remarks>
/// The test set is every fifth rating, held out of the training data. The one user is the user with the median
/// number of ratings, and the predicted item the most-rated item that user did not rate. The lists for many users run
/// the users in parallel on all cores, as a batch job would. The dense model needs over a minute for all 6,040 users of
/// ml-1m, longer than BenchmarkDotNet allows an in-process case, so the comparison with it runs on every tenth user
/// and only the stored lists run on every user.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TopNBenchmarks
{
    private ItemKnnModel<int, int> _dense = null!;
    private ItemKnnModel<int, int> _stored = null!;
    private int[] _users = null!;
    private int[] _sampledUsers = null!;
    private (int User, int Item)[] _testSet = null!;
    private int _user;
    private int _item;

    /// <summary>ml-100k and ml-1m, each when its file is found.</summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.MovieLens;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensSizes();

    [GlobalSetup]
    public void Setup()
    {
        // 1. Hold out every fifth rating.
        var triples = BenchmarkData.Get(Data);
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        var testSet = new List<(int User, int Item)>();
        for (int r = 0; r < triples.Count; r++)
        {
            if (r % 5 == 4)
            {
                testSet.Add((triples.Users[r], triples.Items[r]));
            }
            else
            {
                builder.Add(triples.Users[r], triples.Items[r], triples.Ratings[r]);
            }
        }

        var matrix = builder.Build();
        _testSet = [.. testSet];
        _users = matrix.Users.Ids.ToArray();
        _sampledUsers = _users.Where((_, index) => index % 10 == 0).ToArray();
        _dense = new ItemKnn().Fit(matrix);
        _stored = new ItemKnn(new KnnOptions { MaxStoredNeighbors = 50 }).Fit(matrix);

        // 2. The median user and the most-rated item that user did not rate.
        var usersByActivity = Enumerable.Range(0, matrix.Users.Count).OrderBy(matrix.UserRatingCount).ToArray();
        _user = matrix.Users[usersByActivity[usersByActivity.Length / 2]];
        _item = Enumerable.Range(0, matrix.Items.Count)
            .Where(i => !matrix.TryGetRating(_user, matrix.Items[i], out _))
            .OrderByDescending(matrix.ItemRatingCount)
            .Select(i => matrix.Items[i])
            .First();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Predict")]
    public Prediction PredictDense() => _dense.Predict(_user, _item);

    [Benchmark]
    [BenchmarkCategory("Predict")]
    public Prediction PredictStored() => _stored.Predict(_user, _item);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TestSet")]
    public double TestSetDense() => PredictAll(_dense);

    [Benchmark]
    [BenchmarkCategory("TestSet")]
    public double TestSetStored() => PredictAll(_stored);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Top10")]
    public IReadOnlyList<ScoredItem<int>> Top10Dense() => _dense.Recommend(_user, 10);

    [Benchmark]
    [BenchmarkCategory("Top10")]
    public IReadOnlyList<ScoredItem<int>> Top10Stored() => _stored.Recommend(_user, 10);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SampledUsersTop10")]
    public int SampledUsersTop10Dense() => RecommendAll(_dense, _sampledUsers);

    [Benchmark]
    [BenchmarkCategory("SampledUsersTop10")]
    public int SampledUsersTop10Stored() => RecommendAll(_stored, _sampledUsers);

    [Benchmark]
    [BenchmarkCategory("AllUsersTop10")]
    public int AllUsersTop10Stored() => RecommendAll(_stored, _users);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("SimilarItems")]
    public IReadOnlyList<ScoredItem<int>> SimilarItemsDense() => _dense.SimilarItems(_item, 10);

    [Benchmark]
    [BenchmarkCategory("SimilarItems")]
    public IReadOnlyList<ScoredItem<int>> SimilarItemsStored() => _stored.SimilarItems(_item, 10);

    private double PredictAll(ItemKnnModel<int, int> model)
    {
        double sum = 0;
        foreach (var (user, item) in _testSet)
        {
            sum += model.Predict(user, item).Value;
        }

        return sum;
    }

    private static int RecommendAll(ItemKnnModel<int, int> model, int[] users)
    {
        int listed = 0;
        Parallel.ForEach(users, user => Interlocked.Add(ref listed, model.Recommend(user, 10).Count));
        return listed;
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NewRetail.CF.Benchmarks.Baselines;
using NewRetail.CF.Benchmarks.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// The cost of serving one request on a fitted model: one prediction, or one top-10 list. The prediction's baseline is
/// the candidate-struct selection it replaced (<see cref="CandidateHeapPredictor"/>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PredictionBenchmarks
{
    private KnnModel<int, int> _model = null!;
    private CandidateHeapPredictor _previous = null!;
    private int _user;
    private int _item;

    public enum Neighborhood
    {
        User,
        Item,
    }

    /// <summary>
    /// The data set: ml-100k, or synthetic-1e5 (the same size) when MovieLens is not found, so the suite always runs.
    /// </summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensOrSubstitute();

    /// <summary>
    /// User: UserKnn, whose prediction scans the raters of the item. Item: ItemKnn, whose prediction scans the items
    /// the user rated. Both use the default options (Pearson, k = 40, mean-centred).
    /// </summary>
    [Params(Neighborhood.User, Neighborhood.Item)]
    public Neighborhood Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var matrix = BenchmarkData.Get(Data).ToMatrix();
        _model = Model == Neighborhood.User ? new UserKnn().Fit(matrix) : new ItemKnn().Fit(matrix);

        // The user with the median number of ratings, so the cost is typical rather than extreme. Ties go to the lowest
        // index. The item is the most-rated one that user has not rated, so the prediction has many neighbours to use.
        var usersByActivity = Enumerable.Range(0, matrix.Users.Count).OrderBy(matrix.UserRatingCount).ToArray();
        int userIndex = usersByActivity[usersByActivity.Length / 2];
        _user = matrix.Users[userIndex];
        _item = Enumerable.Range(0, matrix.Items.Count)
            .Select(i => matrix.Items[i])
            .Where(item => !matrix.TryGetRating(_user, item, out _))
            .OrderByDescending(item => { matrix.Items.TryGetIndex(item, out int i); return matrix.ItemRatingCount(i); })
            .First();

        _previous = new CandidateHeapPredictor(_model);
        _previous.CheckAgainst([(_user, _item)]);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Predict")]
    public Prediction PredictCandidateHeap() => _previous.Predict(_user, _item);

    [Benchmark]
    [BenchmarkCategory("Predict")]
    public Prediction Predict() => _model.Predict(_user, _item);

    [Benchmark]
    [BenchmarkCategory("Top10")]
    public IReadOnlyList<ScoredItem<int>> RecommendTop10() => _model.Recommend(_user, 10);
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NewRetail.CF.Benchmarks.Baselines;
using NewRetail.CF.Benchmarks.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// The cost of serving requests on a fitted model: one prediction, a test set of predictions, or one top-10 list. The
/// predictions' baseline is the candidate-struct selection they replaced (<see cref="CandidateHeapPredictor"/>).
/// </summary>
/// <remarks>
/// The <c>Predict</c> category repeats one pair, so the processor's branch predictor learns every branch of its
/// selection, which favours branching code. The <c>TestSet</c> category predicts every fifth rated pair, each once per
/// operation, as an evaluation does.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class PredictionBenchmarks
{
    private KnnModel<int, int> _model = null!;
    private CandidateHeapPredictor _previous = null!;
    private (int User, int Item)[] _testPairs = null!;
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

        // Every fifth rating in row order: 20,000 pairs of ml-100k, spread over all users and items.
        _testPairs = matrix.Rows().Where((_, index) => index % 5 == 0).Select(row => (row.User, row.Item)).ToArray();

        _previous = new CandidateHeapPredictor(_model);
        _previous.CheckAgainst([(_user, _item), .. _testPairs]);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Predict")]
    public Prediction PredictCandidateHeap() => _previous.Predict(_user, _item);

    [Benchmark]
    [BenchmarkCategory("Predict")]
    public Prediction Predict() => _model.Predict(_user, _item);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("TestSet")]
    public double TestSetCandidateHeap()
    {
        double sum = 0;
        foreach (var (user, item) in _testPairs)
        {
            sum += _previous.Predict(user, item).Raw;
        }

        return sum;
    }

    [Benchmark]
    [BenchmarkCategory("TestSet")]
    public double TestSetOneByOne()
    {
        double sum = 0;
        foreach (var (user, item) in _testPairs)
        {
            sum += _model.Predict(user, item).Raw;
        }

        return sum;
    }

    /// <summary>The test set through <see cref="KnnModel{TUser, TItem}.PredictMany"/>, on all cores.</summary>
    [Benchmark]
    [BenchmarkCategory("TestSet")]
    public Prediction[] TestSetPredictMany() => _model.PredictMany(_testPairs);

    [Benchmark]
    [BenchmarkCategory("Top10")]
    public IReadOnlyList<ScoredItem<int>> RecommendTop10() => _model.Recommend(_user, 10);
}

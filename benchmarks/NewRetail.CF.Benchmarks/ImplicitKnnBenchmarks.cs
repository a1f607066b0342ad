using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Implicit.Internals.Kernels;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Fits the implicit item- and user-based models (cosine, k = 50) and serves one top-10 list from a fitted model.
/// </summary>
/// <remarks>
/// The synthetic ratings 1 to 5 stand in for preference weights. The user of <see cref="RecommendTop10"/> is the one
/// with the median number of entries, so the cost is typical rather than extreme; <see cref="RecommendTop10MaxActivity"/>
/// uses the user with the maximum number of entries.
/// </remarks>
[MemoryDiagnoser]
public class ImplicitKnnBenchmarks
{
    /// <summary>The name of the Taobao sample among the data sets.</summary>
    public const string Taobao = "taobao";

    private ImplicitItemKnn _itemKnn = null!;
    private ImplicitUserKnn _userKnn = null!;
    private RatingMatrix<long, long> _matrix = null!;
    private ITopNRecommender<long, long> _model = null!;
    private long _user;
    private long _maxActivityUser;

    public enum Neighborhood
    {
        User,
        Item,
    }

    /// <summary>
    /// synthetic-1e5 (949 users × 1,581 items), synthetic-1e6 (3,000 × 5,000, 6.7 % dense) and, when the file is
    /// found, taobao (66,454 users × 84,793 items, 0.002 % dense).
    /// </summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets()
    {
        var names = new List<string> { BenchmarkData.Synthetic100K, BenchmarkData.Synthetic1M };
        if (TaobaoSample.IsAvailable)
        {
            names.Add(Taobao);
        }

        string? selection = Environment.GetEnvironmentVariable(BenchmarkData.SelectionVariable);
        return string.IsNullOrWhiteSpace(selection)
            ? names
            : names.Where(name => selection.Split(',', StringSplitOptions.TrimEntries).Contains(name, StringComparer.OrdinalIgnoreCase));
    }

    [Params(Neighborhood.Item, Neighborhood.User)]
    public Neighborhood Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = LoadMatrix(Data);
        var options = new ImplicitKnnOptions { MaxNeighbors = 50 };
        _itemKnn = new ImplicitItemKnn(options);
        _userKnn = new ImplicitUserKnn(options);
        _model = Fit();
        var usersByActivity = Enumerable.Range(0, _matrix.Users.Count).OrderBy(_matrix.UserRatingCount).ToArray();
        _user = _matrix.Users[usersByActivity[usersByActivity.Length / 2]];
        _maxActivityUser = _matrix.Users[usersByActivity[^1]];
    }

    [Benchmark]
    public ITopNRecommender<long, long> Fit()
        => Model == Neighborhood.Item ? _itemKnn.Fit(_matrix) : _userKnn.Fit(_matrix);

    [Benchmark]
    public IReadOnlyList<Recommendation<long>> RecommendTop10() => _model.Recommend(_user, 10);

    [Benchmark]
    public IReadOnlyList<Recommendation<long>> RecommendTop10MaxActivity() => _model.Recommend(_maxActivityUser, 10);

    /// <summary>Loads one of <see cref="DataSets"/> as a matrix with <see cref="long"/> ids.</summary>
    public static RatingMatrix<long, long> LoadMatrix(string data) => data == Taobao ? TaobaoSample.Load() : ToLongIds(BenchmarkData.Get(data));

    private static RatingMatrix<long, long> ToLongIds(RatingTriples triples)
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        for (int r = 0; r < triples.Count; r++)
        {
            builder.Add(triples.Users[r], triples.Items[r], triples.Ratings[r]);
        }

        return builder.Build();
    }
}

/// <summary>
/// The scan of top-N selection over a dense score array, vector against scalar: every score above 0 is visited once.
/// </summary>
[MemoryDiagnoser]
public class ThresholdScanBenchmarks
{
    private double[] _scores = null!;

    /// <summary>
    /// The share of items with a score above 0. 0.005: a short history on the Taobao catalogue, about 400 scored
    /// items. 0.2: a long history on a small catalogue.
    /// </summary>
    [Params(0.005, 0.2)]
    public double ScoredShare { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 84,793 scores, the Taobao catalogue, which is not a multiple of the vector width.
        var random = new Random(7);
        _scores = Enumerable.Range(0, 84_793).Select(_ => random.NextDouble() < ScoredShare ? random.NextDouble() : 0).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Scalar() => CountAbove(_scores, vector: false);

    [Benchmark]
    public int Vector() => CountAbove(_scores, vector: true);

    private static int CountAbove(double[] scores, bool vector)
    {
        int found = 0;
        int start = 0;
        while (start < scores.Length)
        {
            var rest = scores.AsSpan(start);
            int offset = vector ? ThresholdScanKernel.IndexOfGreater(rest, 0) : ThresholdScanKernel.IndexOfGreaterScalar(rest, 0);
            if (offset < 0)
            {
                break;
            }

            found++;
            start += offset + 1;
        }

        return found;
    }
}

using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Baselines;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Fits user- and item-based KNN models with Pearson and cosine. A fit with default options is dominated by the
/// all-pairs similarity computation, so these benchmarks measure the similarity engine.
/// </summary>
/// <remarks>
/// Ratios are relative to <see cref="MergeJoinPearson"/>, a scalar user-user Pearson. Only
/// <see cref="UserKnnPearson"/> computes the same thing. The other ratios compare against a fixed reference.
/// </remarks>
[MemoryDiagnoser]
public class SimilarityBuildBenchmarks
{
    private RatingMatrix<int, int> _matrix = null!;
    private MergeJoinPearson _baseline = null!;

    // The default options: Pearson needs a support of 2 co-rated entries, as the baseline does, cosine needs 1, and
    // shrinkage is off.
    private readonly UserKnn _userPearson = new(new KnnOptions { Similarity = Similarity.Pearson });
    private readonly UserKnn _userCosine = new(new KnnOptions { Similarity = Similarity.Cosine });
    private readonly ItemKnn _itemPearson = new(new KnnOptions { Similarity = Similarity.Pearson });
    private readonly ItemKnn _itemCosine = new(new KnnOptions { Similarity = Similarity.Cosine });

    /// <summary>
    /// The data set: ml-100k (943 users, 1,682 items, when the file is found), synthetic-1e5 (the same size with
    /// generated skew) and synthetic-1e6 (3,000 users, 5,000 items, to show scaling).
    /// </summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets => BenchmarkData.All();

    [GlobalSetup]
    public void Setup()
    {
        var triples = BenchmarkData.Get(Data);
        _matrix = triples.ToMatrix();
        _baseline = new MergeJoinPearson(triples);
        CheckBaseline();
    }

    [Benchmark(Baseline = true)]
    public float[] ScalarMergeJoinPearson() => _baseline.ComputeAll();

    [Benchmark]
    public KnnModel<int, int> UserKnnPearson() => _userPearson.Fit(_matrix);

    [Benchmark]
    public KnnModel<int, int> UserKnnCosine() => _userCosine.Fit(_matrix);

    [Benchmark]
    public KnnModel<int, int> ItemKnnPearson() => _itemPearson.Fit(_matrix);

    [Benchmark]
    public KnnModel<int, int> ItemKnnCosine() => _itemCosine.Fit(_matrix);

    /// <summary>
    /// Compares the baseline with the library's per-pair <see cref="SimilarityMetric.Compute(ReadOnlySpan{double}, ReadOnlySpan{double}, int, int)"/>
    /// on the first 20 users against everyone, so a ratio never compares against a wrong result.
    /// </summary>
    private void CheckBaseline()
    {
        int n = _baseline.UserCount;
        for (int a = 0; a < Math.Min(20, n); a++)
        {
            for (int b = 0; b < n; b++)
            {
                if (a == b)
                {
                    continue;
                }

                var (x, y) = _baseline.CoRated(a, b);
                double expected = x.Length < 2 ? 0 : Similarity.Pearson.Compute(x, y);
                double actual = _baseline.Correlation(a, b);
                if (Math.Abs(expected - actual) > 1e-9)
                {
                    throw new InvalidOperationException(
                        $"The merge-join baseline gives {actual} for users {a} and {b} of {Data}, but Pearson.Compute gives {expected}.");
                }
            }
        }
    }
}

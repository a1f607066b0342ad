using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Fits with each similarity path of the library on MovieLens: the double sums (the previous algorithm, the
/// baseline), the exact packed integer sums that integer ratings now take, the same with the scalar accumulation,
/// finish and mirror loops that the vector kernels replaced, and truncated lists of 50 neighbours.
/// </summary>
/// <remarks>
/// Each fit computes every pair of users (<see cref="Side.User"/>) or items (<see cref="Side.Item"/>) once. On the
/// 1M-scale data that is 4.1·10^8 co-rated pair updates for user-user and 1.9·10^8 for item-item. The truncated fit
/// meets every pair from both sides, so it does twice the updates without an n × n array.
/// </remarks>
[MemoryDiagnoser]
public class SimilarityPathBenchmarks
{
    private RatingMatrix<int, int> _matrix = null!;
    private KnnOptions _options = null!;

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

    /// <summary>Pearson on co-rated means (the default) and cosine.</summary>
    [Params("pearson", "cosine")]
    public string Metric { get; set; } = "pearson";

    [GlobalSetup]
    public void Setup()
    {
        _matrix = BenchmarkData.Get(Data).ToMatrix();
        _options = new KnnOptions { Similarity = Metric == "cosine" ? Similarity.Cosine : Similarity.Pearson };
    }

    [Benchmark(Baseline = true)]
    public KnnModel<int, int> DoubleSums() => Fit(_options with { AllowPackedSums = false });

    [Benchmark]
    public KnnModel<int, int> PackedSumsScalar() => Fit(_options with { AllowVectorKernels = false });

    [Benchmark]
    public KnnModel<int, int> PackedSums() => Fit(_options);

    [Benchmark]
    public KnnModel<int, int> StoredLists50() => Fit(_options with { MaxStoredNeighbors = 50 });

    private KnnModel<int, int> Fit(KnnOptions options)
        => Compared == Side.User ? new UserKnn(options).Fit(_matrix) : new ItemKnn(options).Fit(_matrix);
}

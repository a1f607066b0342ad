using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// A full 5-fold cross-validation of user-based mean-centred Pearson KNN (k = 40): five fits and a prediction of every
/// held-out rating. The baseline fits with the double sums, the previous algorithm.
/// </summary>
[MemoryDiagnoser]
public class CrossValidationBenchmarks
{
    private RatingMatrix<int, int> _matrix = null!;

    /// <summary>
    /// ml-100k and ml-1m, each when its file is found. One 1M-scale operation takes tens of seconds, so run it with
    /// <c>--job dry</c> or leave it out with NEWRETAIL_CF_BENCH_DATA.
    /// </summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.MovieLens;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensSizes();

    [GlobalSetup]
    public void Setup() => _matrix = BenchmarkData.Get(Data).ToMatrix();

    [Benchmark(Baseline = true)]
    public double DoubleSums() => Run(new KnnOptions { AllowPackedSums = false });

    [Benchmark]
    public double PackedSums() => Run(new KnnOptions());

    private double Run(KnnOptions options)
    {
        var report = CrossValidation.Run(new UserKnn(options), _matrix, folds: 5, seed: 1);
        return report.Rmse.Mean;
    }
}

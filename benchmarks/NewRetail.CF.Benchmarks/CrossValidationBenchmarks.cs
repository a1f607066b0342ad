using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Baselines;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// A full 5-fold cross-validation of user-based mean-centred Pearson KNN (k = 40): building the folds, five fits and
/// a prediction of every held-out rating. The baseline is the previous path (<see cref="PreviousCrossValidation"/>).
/// </summary>
/// <remarks>
/// <see cref="CrossValidationOneThread"/> runs the library's path with <see cref="KnnOptions.MaxDegreeOfParallelism"/>
/// = 1, for the fits as well as the predictions, so its ratio shows what the algorithms gain without a second core.
/// </remarks>
[MemoryDiagnoser]
public class CrossValidationBenchmarks
{
    private const int Folds = 5;

    private const long Seed = 1;

    private RatingMatrix<int, int> _matrix = null!;

    /// <summary>
    /// ml-100k and ml-1m, each when its file is found. One 1M-scale operation takes seconds, so run it with
    /// <c>--job dry</c> or leave it out with NEWRETAIL_CF_BENCH_DATA.
    /// </summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.MovieLens;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensSizes();

    /// <summary>Loads the data and checks that the baseline gives the library's per-fold RMSE and predictions.</summary>
    /// <exception cref="InvalidOperationException">The baseline and the library disagree.</exception>
    [GlobalSetup]
    public void Setup()
    {
        _matrix = BenchmarkData.Get(Data).ToMatrix();

        var split = Split.KFold(_matrix, Folds, Seed)[0];
        var model = new UserKnn().Fit(split.Train);
        new CandidateHeapPredictor(model).CheckAgainst(split.Test.Select(row => (row.User, row.Item)));

        double[] previous = PreviousCrossValidation.Run(_matrix, Folds, Seed, new KnnOptions());
        double[] current = CrossValidation.Run(new UserKnn(), _matrix, Folds, Seed).Folds.Select(f => f.Evaluation.Rmse).ToArray();
        if (!previous.SequenceEqual(current))
        {
            throw new InvalidOperationException(
                $"The previous path gives per-fold RMSE {string.Join(", ", previous)} but the library gives {string.Join(", ", current)}.");
        }
    }

    [Benchmark(Baseline = true)]
    public double PreviousPath() => PreviousCrossValidation.Run(_matrix, Folds, Seed, new KnnOptions()).Average();

    [Benchmark]
    public double CrossValidationOneThread() => Run(new KnnOptions { MaxDegreeOfParallelism = 1 });

    [Benchmark]
    public double CrossValidationRun() => Run(new KnnOptions());

    private double Run(KnnOptions options) => CrossValidation.Run(new UserKnn(options), _matrix, Folds, Seed).Rmse.Mean;
}

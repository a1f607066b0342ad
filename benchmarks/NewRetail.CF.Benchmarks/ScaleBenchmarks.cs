using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Item-based Pearson fits on the synthetic data at 10^5 and 10^6 ratings, to show how the fit grows with the data.
/// The baseline is the dense n × n model. The other case stores 50 neighbours per item and allocates no n × n array.
/// </summary>
/// <remarks>
/// The default shape of the generator keeps the density near 6.7 %, so the items grow as √R (1,581 and 5,000) and
/// the co-rated pair updates roughly as R^1.5. The 10^7 set has 100,000 items, too many for a dense model, so
/// <see cref="CatalogueBenchmarks"/> fits it with stored lists alone.
/// </remarks>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private RatingMatrix<int, int> _matrix = null!;

    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets => BenchmarkData.SyntheticSizes();

    [GlobalSetup]
    public void Setup() => _matrix = BenchmarkData.Get(Data).ToMatrix();

    [Benchmark(Baseline = true)]
    public KnnModel<int, int> DenseFit() => new ItemKnn().Fit(_matrix);

    [Benchmark]
    public KnnModel<int, int> StoredLists50() => new ItemKnn(new KnnOptions { MaxStoredNeighbors = 50 }).Fit(_matrix);
}

using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// The item-based Pearson fit with 50 stored neighbours per item on the retail-sized synthetic set: 10^7 ratings,
/// 100,000 users and 100,000 items.
/// </summary>
/// <remarks>
/// A dense model would need 100,000² floats (40 GB), past the dense limit of about 46,000 entities, so there is no
/// dense baseline. Generating the set takes seconds, and one fit takes minutes, so run it with <c>--job dry</c>.
/// </remarks>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    private RatingMatrix<int, int> _matrix = null!;

    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic10M;

    public static IEnumerable<string> DataSets => BenchmarkData.CatalogueSizes();

    [GlobalSetup]
    public void Setup() => _matrix = BenchmarkData.Get(Data).ToMatrix();

    [Benchmark]
    public KnnModel<int, int> StoredLists50() => new ItemKnn(new KnnOptions { MaxStoredNeighbors = 50 }).Fit(_matrix);
}

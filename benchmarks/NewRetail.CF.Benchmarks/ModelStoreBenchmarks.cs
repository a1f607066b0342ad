using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Saves a fitted implicit model (cosine, k = 50) to memory and loads it back, so the disk plays no part: the cost is
/// the encoding, the CRC-32C and, for a load, the checks and the values recomputed from the matrix.
/// </summary>
[MemoryDiagnoser]
public class ModelStoreBenchmarks
{
    private ImplicitItemKnnModel<long, long>? _itemModel;
    private ImplicitUserKnnModel<long, long>? _userModel;
    private byte[] _saved = [];
    private byte[] _buffer = [];

    /// <summary>taobao (66,454 users × 84,793 items) when the sample is found, and synthetic-1e6 (3,000 × 5,000).</summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic1M;

    public static IEnumerable<string> DataSets() => ImplicitKnnBenchmarks.DataSets().Where(name => name != BenchmarkData.Synthetic100K);

    [Params(ImplicitKnnBenchmarks.Neighborhood.Item, ImplicitKnnBenchmarks.Neighborhood.User)]
    public ImplicitKnnBenchmarks.Neighborhood Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var benchmarks = new ImplicitKnnBenchmarks { Data = Data, Model = Model };
        benchmarks.Setup();
        var fitted = benchmarks.Fit();
        _itemModel = fitted as ImplicitItemKnnModel<long, long>;
        _userModel = fitted as ImplicitUserKnnModel<long, long>;
        var first = new MemoryStream();
        Save(first);
        _saved = first.ToArray();
        _buffer = new byte[_saved.Length];
        Console.WriteLine($"// {Data}, {Model}: {_saved.Length:N0} bytes saved");
    }

    /// <summary>Saves into a buffer allocated in the setup, so that growing a stream is not measured.</summary>
    [Benchmark]
    public long Save() => Save(new MemoryStream(_buffer));

    private long Save(MemoryStream destination)
    {
        if (_itemModel is not null)
        {
            ModelStore.Save(_itemModel, destination);
        }
        else
        {
            ModelStore.Save(_userModel!, destination);
        }

        return destination.Position;
    }

    [Benchmark]
    public int Load()
    {
        var source = new MemoryStream(_saved, writable: false);
        return Model == ImplicitKnnBenchmarks.Neighborhood.Item
            ? ModelStore.LoadImplicitItemKnn<long, long>(source).NeighborCount
            : ModelStore.LoadImplicitUserKnn<long, long>(source).NeighborCount;
    }
}

/// <summary>
/// Saves a fitted explicit item-based model (default options: Pearson, k = 40, mean-centred, dense similarity matrix)
/// to memory and loads it back. The file is dominated by the upper triangle of the item × item matrix, so the cost is
/// the encoding, the CRC-32C and, for a load, the range check of every similarity and the mirrored lower triangle.
/// </summary>
[MemoryDiagnoser]
public class KnnModelStoreBenchmarks
{
    private ItemKnnModel<int, int>? _model;
    private byte[] _saved = [];
    private byte[] _buffer = [];

    /// <summary>ml-100k (943 users × 1,682 items), or synthetic-1e5 (the same size) when MovieLens is not found.</summary>
    [ParamsSource(nameof(DataSets))]
    public string Data { get; set; } = BenchmarkData.Synthetic100K;

    public static IEnumerable<string> DataSets => BenchmarkData.MovieLensOrSubstitute();

    [GlobalSetup]
    public void Setup()
    {
        _model = new ItemKnn().Fit(BenchmarkData.Get(Data).ToMatrix());
        var first = new MemoryStream();
        ModelStore.Save(_model, first);
        _saved = first.ToArray();
        _buffer = new byte[_saved.Length];
        Console.WriteLine($"// {Data}, ItemKnn dense: {_saved.Length:N0} bytes saved");
    }

    /// <summary>Saves into a buffer allocated in the setup, so that growing a stream is not measured.</summary>
    [Benchmark]
    public long SaveItemKnn()
    {
        var destination = new MemoryStream(_buffer);
        ModelStore.Save(_model!, destination);
        return destination.Position;
    }

    [Benchmark]
    public int LoadItemKnn() => ModelStore.LoadItemKnn<int, int>(new MemoryStream(_saved, writable: false)).Ratings.Items.Count;
}

using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using NewRetail.CF.Benchmarks.Data;
using NewRetail.CF.Events;
using NewRetail.CF.IO;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Reading the real event logs and turning their events into preference matrices: UCI Online Retail (541,909 invoice
/// lines, 404,909 customer events with the default options) and the Taobao UserBehavior sample (110,300 events).
/// </summary>
/// <remarks>The files are found as <see cref="MovieLens100K.DataFolder"/> describes; a missing file fails the setup with its path.</remarks>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private string _onlineRetail = null!;
    private string _onlineRetailGzip = null!;
    private string _taobao = null!;
    private EventFile<long, string> _onlineRetailEvents = null!;
    private EventFile<long, long> _taobaoEvents = null!;
    private PreferenceAggregator _default = null!;
    private PreferenceAggregator _decay = null!;

    [GlobalSetup]
    public void Setup()
    {
        _onlineRetail = Require("online-retail", "online_retail.csv");
        _taobao = Require("taobao-userbehavior-sample", "UserBehavior.csv");

        // A copy compressed at the fastest level, to measure reading through the gzip decoder.
        _onlineRetailGzip = Path.Combine(Path.GetTempPath(), $"newretail-cf-bench-{Environment.ProcessId}.csv.gz");
        using (FileStream source = File.OpenRead(_onlineRetail))
        using (FileStream target = File.Create(_onlineRetailGzip))
        using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
        {
            source.CopyTo(gzip);
        }

        _onlineRetailEvents = OnlineRetailReader.Read(_onlineRetail).Events;
        _taobaoEvents = TaobaoUserBehaviorReader.Read(_taobao).Events;
        _default = new PreferenceAggregator();
        _decay = new PreferenceAggregator(new PreferenceOptions { HalfLife = TimeSpan.FromDays(30) });
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_onlineRetailGzip);

    [Benchmark]
    public OnlineRetailData ReadOnlineRetail() => OnlineRetailReader.Read(_onlineRetail);

    [Benchmark]
    public OnlineRetailData ReadOnlineRetailGzip() => OnlineRetailReader.Read(_onlineRetailGzip);

    [Benchmark]
    public PreferenceAggregation<long, string> AggregateOnlineRetail() => _default.Aggregate(_onlineRetailEvents);

    [Benchmark]
    public PreferenceAggregation<long, string> AggregateOnlineRetailDecay() => _decay.Aggregate(_onlineRetailEvents);

    [Benchmark]
    public TaobaoUserBehaviorData ReadTaobao() => TaobaoUserBehaviorReader.Read(_taobao);

    [Benchmark]
    public PreferenceAggregation<long, long> AggregateTaobao() => _default.Aggregate(_taobaoEvents);

    private static string Require(params string[] relativePath)
    {
        string path = Path.Combine([MovieLens100K.DataFolder, .. relativePath]);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} was not found. Set {MovieLens100K.DataVariable} to the folder that holds the data sets.", path);
        }

        return path;
    }
}

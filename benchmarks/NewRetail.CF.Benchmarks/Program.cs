using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NewRetail.CF.Benchmarks.Data;

if (args.Length > 0 && args[0] == "memory")
{
    return NewRetail.CF.Benchmarks.MemoryReport.Run(args[1..]);
}

Console.WriteLine(BenchmarkData.Describe());

// Each run builds a generated project that recompiles the library without the compiler server. On a two-core
// machine that can exceed BenchmarkDotNet's default build timeout of 2 minutes.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();

// BenchmarkSwitcher reports a failed case or an empty selection only in its output, so the exit code is set here.
if (summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)))
{
    Console.Error.WriteLine("A benchmark case failed. Its output is above.");
    return 1;
}

if (summaries.Length == 0 && args.Contains("--filter"))
{
    Console.Error.WriteLine("No benchmark matched the filter. List the names with --list flat.");
    return 1;
}

return 0;

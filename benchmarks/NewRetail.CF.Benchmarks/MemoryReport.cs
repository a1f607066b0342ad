using System.Diagnostics;
using NewRetail.CF.Benchmarks.Data;

namespace NewRetail.CF.Benchmarks;

/// <summary>
/// Fits one item-based model in a fresh process and prints its stored bytes beside the process's peak working set,
/// which BenchmarkDotNet does not measure.
/// </summary>
/// <remarks>Run it as <c>-- memory DATA dense</c> or <c>-- memory DATA stored50</c>; one model per process, so the peak belongs to it.</remarks>
public static class MemoryReport
{
    public static int Run(string[] args)
    {
        if (args.Length != 2 || (args[1] != "dense" && args[1] != "stored50"))
        {
            Console.Error.WriteLine("Usage: memory DATA dense|stored50, for example: memory ml-1m dense");
            return 2;
        }

        var matrix = BenchmarkData.Get(args[0]).ToMatrix();
        GC.Collect();
        long before = Process.GetCurrentProcess().PeakWorkingSet64;
        var options = args[1] == "dense" ? new KnnOptions() : new KnnOptions { MaxStoredNeighbors = 50 };
        var algorithm = new ItemKnn(options);
        var watch = Stopwatch.StartNew();
        var model = algorithm.Fit(matrix);
        watch.Stop();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        long stored = model.SimilarityBytes + model.RatingBytes;
        Console.WriteLine($"data: {args[0]} ({matrix.Users.Count:N0} users, {matrix.Items.Count:N0} items, {matrix.Count:N0} ratings)");
        // An item pair is updated once per user who rated both: Σ over users of n(n − 1)/2 for the dense upper triangle.
        long pairUpdates = 0;
        for (int user = 0; user < matrix.Users.Count; user++)
        {
            long n = matrix.UserRatingCount(user);
            pairUpdates += n * (n - 1) / 2;
        }

        Console.WriteLine($"co-rated pair updates: {pairUpdates:N0} for the dense upper triangle, {2 * pairUpdates:N0} for stored lists");
        Console.WriteLine($"model: {algorithm.Name}, fitted in {watch.Elapsed.TotalSeconds:F2} s (one cold fit)");
        Console.WriteLine($"similarity arrays: {model.SimilarityBytes / 1e6:F1} MB, rating arrays: {model.RatingBytes / 1e6:F1} MB, stored total: {stored / 1e6:F1} MB");
        Console.WriteLine($"peak working set: {before / 1e6:F1} MB before the fit, {process.PeakWorkingSet64 / 1e6:F1} MB after, {(double)process.PeakWorkingSet64 / stored:F2} x the stored arrays");
        Console.WriteLine($"managed heap after the fit: {GC.GetTotalMemory(forceFullCollection: true) / 1e6:F1} MB");
        GC.KeepAlive(model);
        return 0;
    }
}

using NewRetail.CF.Internals;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>
/// A synchronous <see cref="IProgress{T}"/> that stores every report in order and runs an optional action on it, on
/// the reporting thread. <see cref="Progress{T}"/> would post the reports to the thread pool instead.
/// </summary>
internal sealed class ProgressRecorder(Action<FitProgress>? onReport = null) : IProgress<FitProgress>
{
    private readonly object _gate = new();
    private readonly List<FitProgress> _reports = [];
    private int _running;

    /// <summary>Whether a report arrived while another one was still running.</summary>
    public bool Overlapped { get; private set; }

    public IReadOnlyList<FitProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(FitProgress value)
    {
        if (Interlocked.Increment(ref _running) > 1)
        {
            Overlapped = true;
        }

        lock (_gate)
        {
            _reports.Add(value);
        }

        onReport?.Invoke(value);
        Interlocked.Decrement(ref _running);
    }

    /// <summary>
    /// Groups the reports into runs: a report with <see cref="FitProgress.Completed"/> = 0 starts a run of its stage,
    /// and every later report of that stage joins it. Runs are listed in the order they started.
    /// </summary>
    public List<StageRun> Runs()
    {
        var runs = new List<StageRun>();
        var current = new Dictionary<FitStage, StageRun>();
        foreach (var report in Reports)
        {
            if (report.Completed == 0 || !current.TryGetValue(report.Stage, out var run))
            {
                run = new StageRun(report.Stage, []);
                current[report.Stage] = run;
                runs.Add(run);
            }

            run.Reports.Add(report);
        }

        return runs;
    }

    /// <summary>Checks that the runs are <paramref name="expected"/>, in order, and that each is complete and throttled.</summary>
    public void ShouldHaveCompleteRuns(params (FitStage Stage, long Total)[] expected)
    {
        var runs = Runs();
        runs.Select(r => (r.Stage, r.Reports[0].Total)).Should().Equal(expected);
        foreach (var run in runs)
        {
            run.ShouldBeComplete();
        }

        Overlapped.Should().BeFalse("reports of one fit must not run at the same time");
    }
}

/// <summary>The reports of one run of a stage, in order.</summary>
internal sealed record StageRun(FitStage Stage, List<FitProgress> Reports)
{
    /// <summary>Checks that the run starts at 0, rises strictly, keeps one total, ends at it and stays within the report limit.</summary>
    public void ShouldBeComplete()
    {
        long total = Reports[0].Total;
        Reports.Should().OnlyContain(r => r.Total == total, $"the total of a {Stage} run never changes");
        Reports[0].Completed.Should().Be(0, $"a {Stage} run starts at 0");
        Reports[^1].Completed.Should().Be(total, $"a {Stage} run ends at its total");
        Reports.Select(r => r.Completed).Should().BeInAscendingOrder($"{Stage} progress is monotone")
            .And.OnlyHaveUniqueItems($"{Stage} progress rises strictly");
        Reports.Count.Should().BeLessThanOrEqualTo(StageProgress.MaxReports + 1, $"{Stage} reports are throttled");
        if (total >= 2)
        {
            Reports.Should().Contain(r => r.Completed > 0 && r.Completed < total, $"a {Stage} run of {total} units reports between its start and end");
        }
    }
}

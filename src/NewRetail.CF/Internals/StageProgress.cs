namespace NewRetail.CF.Internals;

/// <summary>
/// Counts the finished units of one stage, from any number of threads, and reports the count at most about
/// <see cref="MaxReports"/> times between the start (0) and <see cref="Complete"/> (the total).
/// </summary>
/// <remarks>
/// Reports are sent under a lock and only with a count above the last one sent, so the callback never runs on two
/// threads at once and receives strictly increasing counts. Between reports, <see cref="Advance"/> costs one atomic addition.
/// </remarks>
internal sealed class StageProgress
{
    /// <summary>The maximum number of reports between the start and the end of a stage.</summary>
    public const int MaxReports = 100;

    private readonly IProgress<FitProgress> _progress;
    private readonly FitStage _stage;
    private readonly long _total;
    private readonly long _step;
    private readonly object _gate = new();
    private long _completed;
    private long _nextReport;
    private long _reported;

    private StageProgress(IProgress<FitProgress> progress, FitStage stage, long total)
    {
        _progress = progress;
        _stage = stage;
        _total = total;
        _step = Math.Max(1, (total + MaxReports - 1) / MaxReports);
        _nextReport = Math.Min(_step, total);
    }

    /// <summary>Reports the start of <paramref name="stage"/> (0 of <paramref name="total"/>), or returns null when there is no callback.</summary>
    public static StageProgress? Start(IProgress<FitProgress>? progress, FitStage stage, long total)
    {
        if (progress is null)
        {
            return null;
        }

        var counter = new StageProgress(progress, stage, Math.Max(total, 0));
        progress.Report(new FitProgress(stage, 0, counter._total));
        return counter;
    }

    /// <summary>Adds <paramref name="units"/> finished units and reports the count when it reaches the next report threshold.</summary>
    public void Advance(long units = 1)
    {
        long completed = Interlocked.Add(ref _completed, units);
        if (completed < Volatile.Read(ref _nextReport))
        {
            return;
        }

        lock (_gate)
        {
            // Other threads may have counted further meanwhile, so the latest count is sent, which is never below the last report.
            completed = Math.Min(Volatile.Read(ref _completed), _total);
            if (completed <= _reported || completed < _nextReport)
            {
                return;
            }

            _reported = completed;
            Volatile.Write(ref _nextReport, completed >= _total ? long.MaxValue : Math.Min(((completed / _step) + 1) * _step, _total));
            _progress.Report(new FitProgress(_stage, completed, _total));
        }
    }

    /// <summary>Reports the total unless it was already reported, and stops further reports. Call it once the stage has finished.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            Volatile.Write(ref _nextReport, long.MaxValue);
            if (_reported >= _total)
            {
                return;
            }

            _reported = _total;
            _progress.Report(new FitProgress(_stage, _total, _total));
        }
    }
}

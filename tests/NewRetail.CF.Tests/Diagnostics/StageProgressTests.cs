using NewRetail.CF.Internals;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>The throttled, thread-safe counter behind every progress stage.</summary>
public class StageProgressTests
{
    [Fact]
    public void Start_NullProgressGivesNoCounter()
    {
        StageProgress.Start(null, FitStage.Similarities, 10).Should().BeNull();
    }

    [Fact]
    public void Advance_SmallTotalReportsEveryUnit()
    {
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Folds, 3)!;

        stage.Advance();
        stage.Advance();
        stage.Advance();
        stage.Complete();

        recorder.Reports.Select(r => r.Completed).Should().Equal(0, 1, 2, 3);
        recorder.Reports.Should().OnlyContain(r => r.Stage == FitStage.Folds && r.Total == 3);
    }

    [Fact]
    public void Advance_LargeTotalIsThrottled()
    {
        // 1,000,000 units give a step of 10,000: the start and 100 reports at its multiples.
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Similarities, 1_000_000)!;

        for (int unit = 0; unit < 1_000_000; unit++)
        {
            stage.Advance();
        }

        stage.Complete();

        recorder.Reports.Should().HaveCount(101);
        recorder.Reports.Select(r => r.Completed).Should().Equal(Enumerable.Range(0, 101).Select(k => k * 10_000L));
    }

    [Fact]
    public void Advance_UnevenTotalEndsAtTotal()
    {
        // 250 units give a step of 3: reports at 0, 3, 6, …, 249 and 250, so 85 in all.
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Similarities, 250)!;

        for (int unit = 0; unit < 250; unit++)
        {
            stage.Advance();
        }

        recorder.Reports.Should().HaveCount(85);
        recorder.Reports[^1].Completed.Should().Be(250);

        stage.Complete();
        recorder.Reports.Should().HaveCount(85, "the total was already reported");
    }

    [Fact]
    public void Complete_ReportsTotalAfterPartialCount()
    {
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Similarities, 1_000)!;

        stage.Advance(5);
        stage.Complete();
        stage.Advance(500);

        recorder.Reports.Select(r => r.Completed).Should().Equal(0, 1_000);
    }

    [Fact]
    public void Start_EmptyStageReportsOnce()
    {
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Baselines, 0)!;

        stage.Complete();

        recorder.Reports.Should().Equal(new FitProgress(FitStage.Baselines, 0, 0));
        recorder.Reports[0].Fraction.Should().Be(1);
    }

    [Fact]
    public void Advance_ManyThreadsStayMonotone()
    {
        const int Threads = 8;
        const int UnitsPerThread = 50_000;
        var recorder = new ProgressRecorder();
        var stage = StageProgress.Start(recorder, FitStage.Similarities, Threads * UnitsPerThread)!;

        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, _ =>
        {
            for (int unit = 0; unit < UnitsPerThread; unit++)
            {
                stage.Advance();
            }
        });
        stage.Complete();

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, Threads * UnitsPerThread));
    }

    [Fact]
    public void Fraction_IsCompletedOverTotal()
    {
        new FitProgress(FitStage.Similarities, 25, 200).Fraction.Should().Be(0.125);
        new FitProgress(FitStage.Similarities, 200, 200).Fraction.Should().Be(1);
    }
}

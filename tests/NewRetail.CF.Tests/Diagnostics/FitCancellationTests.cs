using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.ImplicitFeedback;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>Cancellation before a fit, at its first progress report, and in the middle of its longest stage.</summary>
public class FitCancellationTests
{
    /// <summary>2,000 users and 300 items at density 0.05: enough rows that a cancelled loop stops well before the end.</summary>
    private static readonly RatingMatrix<int, int> Ratings = ImplicitFixtures.Random(users: 2_000, items: 300, density: 0.05, seed: 5, wholeNumbers: true, zeroShare: 0);

    public static TheoryData<string> Algorithms() =>
    [
        "UserKnn",
        "UserKnn stored",
        "ItemKnn",
        "ItemKnn stored",
        "UserKnn baseline",
        "BaselineOnly",
        "ImplicitItemKnn",
        "ImplicitUserKnn",
        "MostPopular",
    ];

    private static void Fit(string algorithm, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
    {
        _ = algorithm switch
        {
            "UserKnn" => (object)new UserKnn().Fit(Ratings, progress, cancellationToken),
            "UserKnn stored" => new UserKnn(new KnnOptions { MaxStoredNeighbors = 30 }).Fit(Ratings, progress, cancellationToken),
            "ItemKnn" => new ItemKnn().Fit(Ratings, progress, cancellationToken),
            "ItemKnn stored" => new ItemKnn(new KnnOptions { MaxStoredNeighbors = 30 }).Fit(Ratings, progress, cancellationToken),
            "UserKnn baseline" => new UserKnn(new KnnOptions { Similarity = Similarity.PearsonBaseline }).Fit(Ratings, progress, cancellationToken),
            "BaselineOnly" => new BaselineOnly(new BaselineOptions { Epochs = 200 }).Fit(Ratings, progress, cancellationToken),
            "ImplicitItemKnn" => new ImplicitItemKnn().Fit(Ratings, progress, cancellationToken),
            "ImplicitUserKnn" => new ImplicitUserKnn().Fit(Ratings, progress, cancellationToken),
            "MostPopular" => new MostPopular().Fit(Ratings, progress, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown test algorithm."),
        };
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Fit_PreCancelledThrowsBeforeWork(string algorithm)
    {
        var recorder = new ProgressRecorder();

        var fit = () => Fit(algorithm, recorder, new CancellationToken(canceled: true));

        fit.Should().Throw<OperationCanceledException>();
        recorder.Reports.Should().BeEmpty("no stage may start once the token is cancelled");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Fit_CancelInFirstReportThrows(string algorithm)
    {
        using var cancellation = new CancellationTokenSource();
        var recorder = new ProgressRecorder(_ => cancellation.Cancel());

        var fit = () => Fit(algorithm, recorder, cancellation.Token);

        fit.Should().Throw<OperationCanceledException>();
        recorder.Reports.Should().ContainSingle("the first report cancels the fit");
    }

    [Theory]
    [InlineData("UserKnn", FitStage.Similarities)]
    [InlineData("UserKnn stored", FitStage.Similarities)]
    [InlineData("ItemKnn", FitStage.Similarities)]
    [InlineData("ItemKnn stored", FitStage.Similarities)]
    [InlineData("UserKnn baseline", FitStage.Baselines)]
    [InlineData("UserKnn baseline", FitStage.Similarities)]
    [InlineData("BaselineOnly", FitStage.Baselines)]
    [InlineData("ImplicitItemKnn", FitStage.Similarities)]
    [InlineData("ImplicitUserKnn", FitStage.Similarities)]
    public void Fit_CancelMidStageStopsLoop(string algorithm, FitStage stage)
    {
        using var cancellation = new CancellationTokenSource();
        var recorder = new ProgressRecorder(report =>
        {
            if (report.Stage == stage && report.Completed > 0)
            {
                cancellation.Cancel();
            }
        });

        var fit = () => Fit(algorithm, recorder, cancellation.Token);

        fit.Should().Throw<OperationCanceledException>();
        var reports = recorder.Reports.Where(r => r.Stage == stage).ToList();
        reports.Should().NotBeEmpty();
        reports.Should().OnlyContain(r => r.Completed < r.Total, "the loop stops before its last unit once the token is cancelled");
        recorder.Reports.Where(r => r.Stage > stage).Should().BeEmpty("no later stage starts");
    }
}

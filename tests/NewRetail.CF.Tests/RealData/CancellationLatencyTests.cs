using System.Diagnostics;
using Xunit.Abstractions;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.IO;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Diagnostics;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.RealData;

/// <summary>
/// How long a fit on the 1M-rating MovieLens data takes to throw once its token is cancelled, a fifth of the way
/// through one of its stages.
/// </summary>
[Trait("Category", "RealData")]
public class CancellationLatencyTests(ITestOutputHelper output)
{
    /// <summary>
    /// The bound the tests enforce. The aim is about 100 ms, but test runs share the cores with other work, so the bound
    /// leaves room for that.
    /// </summary>
    private const double MaxLatencyMilliseconds = 500;

    private static readonly Lazy<RatingMatrix<long, long>> Ratings = new(() =>
    {
        string path = TestData.Require("ml-1m", "derived-SVDApproximation", "ratings_user_item_rating.tsv");
        var format = new DelimitedFormat { Separator = '\t', HasHeader = true, UserColumn = "user", ItemColumn = "item", RatingColumn = "rating" };
        return DelimitedRatingReader.ReadLongIds(path, format).ToMatrix(RatingScale.OneToFive);
    });

    public static TheoryData<string, FitStage> Fits() => new()
    {
        { "UserKnn pearson", FitStage.Similarities },
        { "ItemKnn pearson-baseline stored=100", FitStage.Similarities },
        { "ItemKnn pearson-baseline stored=100", FitStage.Baselines },
        { "BaselineOnly sgd", FitStage.Baselines },
        { "ImplicitItemKnn", FitStage.Similarities },
        { "ImplicitUserKnn", FitStage.Similarities },
    };

    [SkippableTheory]
    [MemberData(nameof(Fits))]
    public void Fit_CancelReturnsQuickly(string algorithm, FitStage stage)
    {
        TestData.Require("ml-1m", "derived-SVDApproximation", "ratings_user_item_rating.tsv");
        var ratings = Ratings.Value;
        using var cancellation = new CancellationTokenSource();
        long cancelledAt = 0;
        var progress = new ProgressRecorder(report =>
        {
            if (report.Stage == stage && report.Fraction >= 0.2 && cancelledAt == 0)
            {
                cancelledAt = Stopwatch.GetTimestamp();
                cancellation.Cancel();
            }
        });

        var fit = () => Fit(algorithm, ratings, progress, cancellation.Token);

        fit.Should().Throw<OperationCanceledException>();
        cancelledAt.Should().NotBe(0, $"the {stage} stage should have reached 20 %");
        double latency = Stopwatch.GetElapsedTime(cancelledAt).TotalMilliseconds;
        output.WriteLine($"{algorithm}, {stage}: OperationCanceledException {latency:F1} ms after Cancel()");
        latency.Should().BeLessThan(MaxLatencyMilliseconds);
    }

    private static object Fit(string algorithm, RatingMatrix<long, long> ratings, IProgress<FitProgress> progress, CancellationToken cancellationToken) => algorithm switch
    {
        "UserKnn pearson" => new UserKnn(new KnnOptions { Similarity = Similarity.Pearson }).Fit(ratings, progress, cancellationToken),
        "ItemKnn pearson-baseline stored=100" => new ItemKnn(new KnnOptions { Similarity = Similarity.PearsonBaseline, MaxStoredNeighbors = 100 })
            .Fit(ratings, progress, cancellationToken),
        "BaselineOnly sgd" => new BaselineOnly(new BaselineOptions { Method = BaselineMethod.Sgd }).Fit(ratings, progress, cancellationToken),
        "ImplicitItemKnn" => new ImplicitItemKnn().Fit(ratings, progress, cancellationToken),
        "ImplicitUserKnn" => new ImplicitUserKnn().Fit(ratings, progress, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown test algorithm."),
    };
}

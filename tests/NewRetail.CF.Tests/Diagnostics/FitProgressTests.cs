using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.ImplicitFeedback;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>The progress stages that each fit reports: which stages, in which order, with which totals.</summary>
public class FitProgressTests
{
    /// <summary>300 users, 200 items and ratings 1–5 at density 0.1, so every stage has more units than reports.</summary>
    private static readonly RatingMatrix<int, int> Ratings = ImplicitFixtures.Random(users: 300, items: 200, density: 0.1, seed: 11, wholeNumbers: true, zeroShare: 0);

    [Fact]
    public void UserKnn_ReportsSimilaritiesPerUser()
    {
        var recorder = new ProgressRecorder();

        new UserKnn().Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 300));
    }

    [Fact]
    public void ItemKnn_ReportsSimilaritiesPerItem()
    {
        var recorder = new ProgressRecorder();

        new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine }).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 200));
    }

    [Fact]
    public void ItemKnn_StoredNeighborsReportsPerItem()
    {
        var recorder = new ProgressRecorder();

        new ItemKnn(new KnnOptions { MaxStoredNeighbors = 20 }).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 200));
    }

    [Fact]
    public void UserKnn_BaselinesComeFirst()
    {
        // Pearson-baseline reads baselines: ALS runs 10 epochs by default.
        var recorder = new ProgressRecorder();

        new UserKnn(new KnnOptions { Similarity = Similarity.PearsonBaseline }).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Baselines, 10), (FitStage.Similarities, 300));
    }

    [Fact]
    public void ItemKnn_StoredBaselineCentring()
    {
        var recorder = new ProgressRecorder();
        var options = new KnnOptions { Centering = Centering.Baseline, MaxStoredNeighbors = 5, Baseline = new BaselineOptions { Epochs = 4 } };

        new ItemKnn(options).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Baselines, 4), (FitStage.Similarities, 200));
    }

    [Theory]
    [InlineData(BaselineMethod.Als, 10)]
    [InlineData(BaselineMethod.Sgd, 20)]
    public void BaselineOnly_ReportsEpochs(BaselineMethod method, int epochs)
    {
        var recorder = new ProgressRecorder();

        new BaselineOnly(new BaselineOptions { Method = method }).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Baselines, epochs));
        recorder.Reports.Select(r => r.Completed).Should().Equal(Enumerable.Range(0, epochs + 1).Select(e => (long)e), "fewer than 100 epochs are all reported");
    }

    [Fact]
    public void BaselineOnly_ZeroEpochsReportsEmptyStage()
    {
        var recorder = new ProgressRecorder();

        new BaselineOnly(new BaselineOptions { Epochs = 0 }).Fit(Ratings, recorder);

        recorder.Reports.Should().Equal(new FitProgress(FitStage.Baselines, 0, 0));
    }

    [Fact]
    public void ImplicitItemKnn_ReportsPerItem()
    {
        var recorder = new ProgressRecorder();

        new ImplicitItemKnn().Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 200));
    }

    [Fact]
    public void ImplicitUserKnn_ReportsPerUser()
    {
        var recorder = new ProgressRecorder();

        new ImplicitUserKnn(new ImplicitKnnOptions { MaxNeighbors = 10 }).Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 300));
    }

    [Fact]
    public void MostPopular_ReportsOneUnit()
    {
        var recorder = new ProgressRecorder();

        new MostPopular().Fit(Ratings, recorder);

        recorder.Reports.Should().Equal(new FitProgress(FitStage.Popularity, 0, 1), new FitProgress(FitStage.Popularity, 1, 1));
    }

    [Fact]
    public void RecommenderInterface_ForwardsProgress()
    {
        IRecommenderAlgorithm algorithm = new ItemKnn();
        var recorder = new ProgressRecorder();

        algorithm.Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 200));
    }

    [Fact]
    public void TopNInterface_ForwardsProgress()
    {
        ITopNAlgorithm algorithm = new ImplicitUserKnn();
        var recorder = new ProgressRecorder();

        algorithm.Fit(Ratings, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Similarities, 300));
    }

    [Fact]
    public void Fit_ProgressLeavesModelUnchanged()
    {
        var options = new KnnOptions { MaxStoredNeighbors = 20 };
        var withProgress = new ItemKnn(options).Fit(Ratings, new ProgressRecorder());
        var without = new ItemKnn(options).Fit(Ratings);

        for (int user = 0; user < 300; user += 7)
        {
            for (int item = 0; item < 200; item += 3)
            {
                withProgress.Predict(user, item).Should().Be(without.Predict(user, item));
            }
        }
    }
}

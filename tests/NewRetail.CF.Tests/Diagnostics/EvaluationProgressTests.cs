using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Tests.Evaluation;
using NewRetail.CF.Tests.ImplicitFeedback;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>Progress and cancellation of cross-validation and ranking evaluation.</summary>
public class EvaluationProgressTests
{
    private static readonly RatingMatrix<int, int> Ratings = ImplicitFixtures.Random(users: 120, items: 80, density: 0.2, seed: 3, wholeNumbers: true, zeroShare: 0);

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Time cut-off at t = 10: u1, u2 and u3 buy before it and again after it, so all three are evaluated.
    /// </summary>
    private static readonly EventTrainTestSplit<string, string> EventSplitAt10 = EventSplit.TimeCutoff(
        [
            Purchase("u1", "a", 1), Purchase("u2", "b", 1), Purchase("u3", "a", 2),
            Purchase("u1", "c", 10), Purchase("u2", "a", 10), Purchase("u3", "b", 11),
        ],
        Start.AddMinutes(10));

    private static readonly RankingModel<string, string> Fixed = new("Fixed", _ => (_, _) => ["a", "b", "c"]);

    private static readonly RankingModel<string, string> Reversed = new("Reversed", _ => (_, _) => ["c", "b", "a"]);

    private static InteractionEvent<string, string> Purchase(string user, string item, int minute)
        => new(user, item, Behavior.Purchase, Start.AddMinutes(minute));

    [Fact]
    public void CrossValidation_ReportsFoldsAndFits()
    {
        var splits = Split.KFold(Ratings, 3, seed: 1);
        var recorder = new ProgressRecorder();

        CrossValidation.Run(new ItemKnn(), splits, options: null, recorder);

        recorder.ShouldHaveCompleteRuns(
            (FitStage.Folds, 3),
            (FitStage.Similarities, splits[0].Train.Items.Count),
            (FitStage.Similarities, splits[1].Train.Items.Count),
            (FitStage.Similarities, splits[2].Train.Items.Count));
    }

    [Fact]
    public void CrossValidation_FoldReportFollowsItsFit()
    {
        var recorder = new ProgressRecorder();

        CrossValidation.Run(new UserKnn(), Ratings, folds: 2, seed: 4, options: null, recorder);

        // Folds 0, then a complete fit, then Folds 1, another fit, and Folds 2.
        var stages = recorder.Reports.Select(r => r.Stage).ToList();
        var foldPositions = stages.Select((stage, position) => (stage, position)).Where(p => p.stage == FitStage.Folds).Select(p => p.position).ToList();
        foldPositions.Should().HaveCount(3);
        foldPositions[0].Should().Be(0);
        recorder.Reports[foldPositions[1] - 1].Should().Match<FitProgress>(r => r.Stage == FitStage.Similarities && r.Completed == r.Total);
        recorder.Reports[^1].Should().Be(new FitProgress(FitStage.Folds, 2, 2));
    }

    [Fact]
    public void CrossValidation_LazySplitsAreCounted()
    {
        var splits = Split.KFold(Ratings, 3, seed: 2);
        var recorder = new ProgressRecorder();

        CrossValidation.Run(new BaselineOnly(), Lazy(splits), options: null, recorder);

        recorder.Runs().Where(r => r.Stage == FitStage.Folds).Should().ContainSingle()
            .Which.Reports.Select(r => (r.Completed, r.Total)).Should().Equal((0, 3), (1, 3), (2, 3), (3, 3));

        static IEnumerable<TrainTestSplit<int, int>> Lazy(IReadOnlyList<TrainTestSplit<int, int>> splits)
        {
            foreach (var split in splits)
            {
                yield return split;
            }
        }
    }

    [Fact]
    public void CrossValidation_AlgorithmWithoutProgressOverload()
    {
        // ScriptedAlgorithm implements only Fit(ratings, token), so the interface's default overload ignores progress.
        var clock = new ManualClock();
        var model = new ScriptedRecommender().Returns("u1", "i1", 4);
        var algorithm = new ScriptedAlgorithm(clock, [(model, 1), (model, 1)]);
        var split = Split.Predefined([new RatingRow<string, string>("u2", "i1", 3)], [new RatingRow<string, string>("u1", "i1", 4)], RatingScale.OneToFive);
        var recorder = new ProgressRecorder();

        CrossValidation.Run(algorithm, [split, split], new EvaluationOptions { TimeProvider = clock }, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Folds, 2));
        algorithm.TrainCounts.Should().Equal(1, 1);
    }

    [Fact]
    public void CrossValidation_PreCancelledThrowsBeforeWork()
    {
        var recorder = new ProgressRecorder();

        var run = () => CrossValidation.Run(new UserKnn(), Ratings, folds: 3, seed: 1, options: null, recorder, new CancellationToken(canceled: true));

        run.Should().Throw<OperationCanceledException>();
        recorder.Reports.Should().BeEmpty();
    }

    [Fact]
    public void CrossValidation_CancelAfterFirstFoldStops()
    {
        using var cancellation = new CancellationTokenSource();
        var recorder = new ProgressRecorder(report =>
        {
            if (report.Stage == FitStage.Folds && report.Completed == 1)
            {
                cancellation.Cancel();
            }
        });

        var run = () => CrossValidation.Run(new UserKnn(), Ratings, folds: 3, seed: 1, options: null, recorder, cancellation.Token);

        run.Should().Throw<OperationCanceledException>();
        recorder.Runs().Count(r => r.Stage == FitStage.Similarities).Should().Be(1, "the second fold's fit never starts");
    }

    [Fact]
    public void CrossValidation_CancelInFirstFitReport()
    {
        using var cancellation = new CancellationTokenSource();
        var recorder = new ProgressRecorder(report =>
        {
            if (report.Stage == FitStage.Similarities)
            {
                cancellation.Cancel();
            }
        });

        var run = () => CrossValidation.Run(new ItemKnn(), Ratings, folds: 3, seed: 1, options: null, recorder, cancellation.Token);

        run.Should().Throw<OperationCanceledException>();
        recorder.Reports.Should().Equal(new FitProgress(FitStage.Folds, 0, 3), new FitProgress(FitStage.Similarities, 0, 80));
    }

    [Fact]
    public void CrossValidation_CancelBetweenPredictionBlocks()
    {
        // 10,000 test rows are predicted in 3 blocks; the model cancels the token in its first call.
        using var cancellation = new CancellationTokenSource();
        var model = new CountingRecommender(cancellation);
        var train = new[] { new RatingRow<int, int>(0, 0, 3) };
        var test = Enumerable.Range(1, 10_000).Select(user => new RatingRow<int, int>(user, 0, 4)).ToList();
        var split = Split.Predefined(train, test, RatingScale.OneToFive);

        var run = () => CrossValidation.Run(new FixedAlgorithm(model), [split], options: null, progress: null, cancellation.Token);

        run.Should().Throw<OperationCanceledException>();
        model.PredictManyCalls.Should().Be(1);
    }

    [Fact]
    public void CrossValidation_BlocksJoinInOrder()
    {
        // The 10,000 predictions arrive in 3 calls. The model predicts 1 + u mod 5 and every test row rates that, so
        // the error is 0 only if each block's predictions land on its own rows: 4,096 is not a multiple of 5.
        var model = new CountingRecommender(cancellation: null);
        var train = new[] { new RatingRow<int, int>(0, 0, 3) };
        var test = Enumerable.Range(1, 10_000).Select(user => new RatingRow<int, int>(user, 0, 1 + (user % 5))).ToList();
        var split = Split.Predefined(train, test, RatingScale.OneToFive);

        using var cancellation = new CancellationTokenSource();
        var report = CrossValidation.Run(new FixedAlgorithm(model), [split], options: null, progress: null, cancellation.Token);

        model.PredictManyCalls.Should().Be(3);
        report.Folds[0].Evaluation.TestCount.Should().Be(10_000);
        report.Folds[0].Evaluation.Mae.Should().Be(0);
    }

    [Fact]
    public void RankingEvaluator_ReportsModelsAndLists()
    {
        var recorder = new ProgressRecorder();

        RankingEvaluator.Evaluate(EventSplitAt10, [Fixed, Reversed], [1, 2], options: null, recorder);

        recorder.ShouldHaveCompleteRuns((FitStage.Models, 2), (FitStage.Lists, 3), (FitStage.Lists, 3));
        recorder.Reports.Select(r => (r.Stage, r.Completed)).Should().Equal(
            (FitStage.Models, 0), (FitStage.Lists, 0), (FitStage.Lists, 1), (FitStage.Lists, 2), (FitStage.Lists, 3),
            (FitStage.Models, 1), (FitStage.Lists, 0), (FitStage.Lists, 1), (FitStage.Lists, 2), (FitStage.Lists, 3),
            (FitStage.Models, 2));
    }

    [Fact]
    public void RankingEvaluator_CancelInFirstListReport()
    {
        using var cancellation = new CancellationTokenSource();
        int recommendCalls = 0;
        var counting = new RankingModel<string, string>("Counting", _ => (_, _) =>
        {
            recommendCalls++;
            return ["a"];
        });
        var recorder = new ProgressRecorder(report =>
        {
            if (report.Stage == FitStage.Lists)
            {
                cancellation.Cancel();
            }
        });

        var evaluate = () => RankingEvaluator.Evaluate(EventSplitAt10, [counting], [1], options: null, recorder, cancellation.Token);

        evaluate.Should().Throw<OperationCanceledException>();
        recommendCalls.Should().Be(0);
    }

    [Fact]
    public void RankingEvaluator_PreCancelledThrowsBeforeWork()
    {
        var recorder = new ProgressRecorder();
        bool fitted = false;
        var model = new RankingModel<string, string>("Fit", _ =>
        {
            fitted = true;
            return (_, _) => [];
        });

        var evaluate = () => RankingEvaluator.Evaluate(EventSplitAt10, [model], [1], options: null, recorder, new CancellationToken(canceled: true));

        evaluate.Should().Throw<OperationCanceledException>();
        fitted.Should().BeFalse();
        recorder.Reports.Should().BeEmpty();
    }

    /// <summary>Predicts 1 + u mod 5 for user u and counts the PredictMany calls. Cancels the given source in every call.</summary>
    private sealed class CountingRecommender(CancellationTokenSource? cancellation) : IRecommender<int, int>
    {
        public int PredictManyCalls { get; private set; }

        public Prediction Predict(int user, int item) => new(1 + (user % 5), 1 + (user % 5), ImpossibleReason.None, 1);

        public Prediction[] PredictMany(IEnumerable<(int User, int Item)> pairs)
        {
            PredictManyCalls++;
            cancellation?.Cancel();
            return pairs.Select(pair => Predict(pair.User, pair.Item)).ToArray();
        }

        public IReadOnlyList<ScoredItem<int>> Recommend(int user, int count, bool excludeRated = true) => [];
    }

    /// <summary>An algorithm whose every fit returns the same model.</summary>
    private sealed class FixedAlgorithm(IRecommender<int, int> model) : IRecommenderAlgorithm
    {
        public string Name => "Fixed";

        public IRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
            where TUser : notnull
            where TItem : notnull
            => (IRecommender<TUser, TItem>)model;
    }
}

using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>The ranking evaluator with stub recommenders whose metrics are worked out by hand, its user accounting and its report.</summary>
/// <remarks>
/// <para>The split is a time cut-off at t = 10 on these events (t in minutes):</para>
/// <code>
/// train: u1 a P 1, u1 b P 2, u2 a P 1, u2 c P 2, u3 b P 1, u4 a V 1
/// test:  u1 c P 10, u1 d P 11, u2 a P 10, u3 a P 10, u3 e V 11, u4 b P 10, u5 a P 10, u6 c V 10
/// </code>
/// <para>Relevant: u1 {c, d}, u3 {a}, u4 {b}. u2 bought a before, so its set is empty; u6 only viewed; u5 is cold.
/// With cold users skipped, the evaluated users are u1, u3 and u4.</para>
/// <para>Training popularity, distinct users out of 4: a 3 (u1, u2, u4), b 2, c 1. Ranks a = 1, b = 2, c = 3.
/// Self-information log2(4 / count): a = 0.415037, b = 1, c = 2. Catalogue {a, b, c}.
/// Binary cosine: a·b = 1 / √(3 · 2) = 0.408248, a·c = 1 / √3 = 0.577350, b·c = 0.</para>
/// <para>Discounts 1 / log2(r + 1): 1, 0.630930, 0.5. Ideal DCG over 2 ranks: 1.630930.</para>
/// </remarks>
public class RankingEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Behavior P = Behavior.Purchase;
    private static readonly Behavior V = Behavior.View;

    private static readonly InteractionEvent<string, string>[] Events =
    [
        Event("u1", "a", P, 1), Event("u1", "b", P, 2), Event("u2", "a", P, 1), Event("u2", "c", P, 2),
        Event("u3", "b", P, 1), Event("u4", "a", V, 1),
        Event("u1", "c", P, 10), Event("u1", "d", P, 11), Event("u2", "a", P, 10), Event("u3", "a", P, 10),
        Event("u3", "e", V, 11), Event("u4", "b", P, 10), Event("u5", "a", P, 10), Event("u6", "c", V, 10),
    ];

    private static readonly EventTrainTestSplit<string, string> TimeSplit = EventSplit.TimeCutoff(Events, Start.AddMinutes(10));

    private static readonly RankingModel<string, string> Fixed = new("Fixed", _ => (_, _) => ["a", "b", "c"]);

    private static readonly RankingModel<string, string> Empty = new("Empty", _ => (_, _) => []);

    private static readonly RankingModel<string, string> Personal = new("Personal", _ => (user, _) => user switch
    {
        "u1" => ["d", "c"],
        "u3" => ["a"],
        _ => [],
    });

    [Fact]
    public void Evaluate_CountsUsers()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1, 3]);

        report.TestUserCount.Should().Be(6);
        report.EvaluatedUserCount.Should().Be(3);
        report.SkippedNoRelevantCount.Should().Be(2);
        report.SkippedColdCount.Should().Be(1);
        report.EvaluatedColdCount.Should().Be(0);
        report.Models[0].Scores.Should().OnlyContain(s => s.UserCount == 3);
    }

    [Fact]
    public void Evaluate_FixedListAtOne()
    {
        // Every user gets [a]. Only u3 (relevant {a}) hits, at rank 1, so each per-user metric is (0 + 1 + 0) / 3.
        var scores = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1, 3]).GetModel("Fixed").At(1);

        scores.Precision.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Recall.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.HitRate.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Ndcg.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Map.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Mrr.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Coverage.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.MeanPopularityRank.Should().Be(1);
        scores.MeanSelfInformation.Should().BeApproximately(0.415037, 1e-6);
        scores.NoveltyUserCount.Should().Be(3);
        scores.IntraListDiversity.Should().BeNull();
        scores.DiversityUserCount.Should().Be(0);
    }

    [Fact]
    public void Evaluate_FixedListAtThree()
    {
        // [a, b, c] for everyone.
        // u1 {c, d}: hit at 3. P 1/3, R 1/2, NDCG 0.5 / 1.630930 = 0.306574, AP (1/3) / 2 = 0.166667, RR 1/3.
        // u3 {a}:    hit at 1. P 1/3, R 1,   NDCG 1,                           AP 1,                  RR 1.
        // u4 {b}:    hit at 2. P 1/3, R 1,   NDCG 0.630930,                    AP (1/2) / 1 = 0.5,    RR 1/2.
        // Means: P 1/3, R 2.5 / 3 = 0.833333, HR 1, NDCG 1.937504 / 3 = 0.645835, MAP 1.666667 / 3 = 0.555556,
        // MRR 1.833333 / 3 = 0.611111. Coverage 3 / 3. Popularity rank (1 + 2 + 3) / 3 = 2 for every user.
        // Self-information (0.415037 + 1 + 2) / 3 = 1.138346. Diversity ((1 − 0.408248) + (1 − 0.577350) + 1) / 3 = 0.671467.
        var scores = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1, 3]).GetModel("Fixed").At(3);

        scores.Precision.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Recall.Should().BeApproximately(0.833333, 1e-6);
        scores.HitRate.Should().Be(1);
        scores.Ndcg.Should().BeApproximately(0.645834, 1e-6);
        scores.Map.Should().BeApproximately(0.555556, 1e-6);
        scores.Mrr.Should().BeApproximately(0.611111, 1e-6);
        scores.Coverage.Should().Be(1);
        scores.OutOfCatalogItemCount.Should().Be(0);
        scores.MeanPopularityRank.Should().Be(2);
        scores.MeanSelfInformation.Should().BeApproximately(1.138346, 1e-6);
        scores.IntraListDiversity.Should().BeApproximately(0.671467, 1e-6);
        scores.DiversityUserCount.Should().Be(3);
    }

    [Fact]
    public void Evaluate_PersonalListsAtOne()
    {
        // u1 [d]: hit, R 1/2. u3 [a]: hit, R 1. u4 []: zero. Means: P, HR, NDCG, MAP, MRR = 2/3; R = 1.5 / 3 = 0.5.
        // Coverage: d is outside the catalogue, a is in it: 1/3. Novelty only for u3's a: rank 1, 0.415037 bits.
        var scores = RankingEvaluator.Evaluate(TimeSplit, [Personal], [1, 3]).GetModel("Personal").At(1);

        scores.Precision.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Recall.Should().BeApproximately(0.5, 1e-12);
        scores.HitRate.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Ndcg.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Map.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Mrr.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Coverage.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.OutOfCatalogItemCount.Should().Be(1);
        scores.NoveltyUserCount.Should().Be(1);
        scores.MeanPopularityRank.Should().Be(1);
        scores.MeanSelfInformation.Should().BeApproximately(0.415037, 1e-6);
    }

    [Fact]
    public void Evaluate_PersonalListsAtThree()
    {
        // u1 [d, c]: hits at 1 and 2. P 2/3, R 1, NDCG 1.630930 / 1.630930 = 1, AP (1 + 1) / 2 = 1, RR 1.
        // u3 [a]: P 1/3, everything else 1. u4 []: zero.
        // Means: P (2/3 + 1/3) / 3 = 1/3; R, HR, NDCG, MAP, MRR = 2/3. Coverage {a, c} of 3 = 2/3.
        // Novelty: of u1's items only c has a count (rank 3, 2 bits), and u3 has a (rank 1, 0.415037): rank 2, bits 1.207519.
        // Diversity: only u1 has two items; d has no training events, so 1 − 0 = 1.
        var result = RankingEvaluator.Evaluate(TimeSplit, [Personal], [1, 3]).GetModel("Personal");
        var scores = result.At(3);

        scores.Precision.Should().BeApproximately(1.0 / 3, 1e-12);
        scores.Recall.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Ndcg.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Map.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Mrr.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.Coverage.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.MeanPopularityRank.Should().Be(2);
        scores.MeanSelfInformation.Should().BeApproximately(1.207519, 1e-6);
        scores.NoveltyUserCount.Should().Be(2);
        scores.IntraListDiversity.Should().Be(1);
        scores.DiversityUserCount.Should().Be(1);
        result.EmptyListCount.Should().Be(1);
    }

    [Fact]
    public void Evaluate_EmptyListsScoreZero()
    {
        var result = RankingEvaluator.Evaluate(TimeSplit, [Empty], [3]).GetModel("Empty");
        var scores = result.At(3);

        scores.Ndcg.Should().Be(0);
        scores.Recall.Should().Be(0);
        scores.Coverage.Should().Be(0);
        scores.MeanPopularityRank.Should().BeNull();
        scores.IntraListDiversity.Should().BeNull();
        result.EmptyListCount.Should().Be(3);
    }

    [Fact]
    public void Evaluate_IncludesColdUsersOnRequest()
    {
        // u5 (relevant {a}) joins: at k = 1 the fixed list [a] hits for u3 and u5, so P@1 = 2 / 4.
        var options = new RankingEvaluationOptions<string> { ColdUsers = ColdUserHandling.Include };

        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1], options);

        report.EvaluatedUserCount.Should().Be(4);
        report.EvaluatedColdCount.Should().Be(1);
        report.SkippedColdCount.Should().Be(0);
        report.GetValue("Fixed", RankingMetric.Precision, 1).Should().Be(0.5);
    }

    [Fact]
    public void Evaluate_CallerCatalogAndSimilarity()
    {
        // Coverage of [a, b, c] in a 5-item catalogue is 3/5. A constant similarity of 0.25 gives diversity 0.75.
        var options = new RankingEvaluationOptions<string> { Catalog = ["a", "b", "c", "d", "e"], Similarity = (_, _) => 0.25 };

        var scores = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [3], options).GetModel("Fixed").At(3);

        scores.Coverage.Should().Be(0.6);
        scores.IntraListDiversity.Should().Be(0.75);
    }

    [Fact]
    public void Model_RemarksExampleRuns()
    {
        // The lambda from RankingModel's remarks. Training events per item: a 3, b 2, c 1, so every user gets
        // [a, b, c], as the fixed model does, and NDCG@3 is 0.645834.
        var popularity = new RankingModel<string, string>("Popularity", train =>
        {
            string[] top = [.. train.GroupBy(e => e.Item).OrderByDescending(g => g.Count()).Select(g => g.Key)];
            return (user, n) => top[..Math.Min(n, top.Length)];
        });

        var report = RankingEvaluator.Evaluate(TimeSplit, [popularity], [3]);

        report.GetValue("Popularity", RankingMetric.Ndcg, 3).Should().BeApproximately(0.645834, 1e-6);
    }

    [Fact]
    public void Evaluate_RequestsLargestCutoffOnce()
    {
        var calls = new List<(string User, int Count)>();
        var recording = new RankingModel<string, string>("Recording", _ => (user, count) =>
        {
            calls.Add((user, count));
            return ["a"];
        });

        RankingEvaluator.Evaluate(TimeSplit, [recording], [5, 2, 10]);

        calls.Should().Equal(("u1", 10), ("u3", 10), ("u4", 10));
    }

    [Fact]
    public void Evaluate_FitsOnTrainingEvents()
    {
        IReadOnlyList<InteractionEvent<string, string>>? seen = null;
        var spy = new RankingModel<string, string>("Spy", train =>
        {
            seen = train;
            return (_, _) => [];
        });

        RankingEvaluator.Evaluate(TimeSplit, [spy], [1]);

        seen.Should().Equal(TimeSplit.Train);
    }

    [Fact]
    public void Evaluate_TimesFitAndRecommendSeparately()
    {
        // Fitting takes 2.5 s and each of the 3 recommend calls 0.1 s. The similarity behind diversity takes 100 s per
        // pair, which must not be charged to either.
        var clock = new ManualClock();
        var timed = new RankingModel<string, string>("Timed", _ =>
        {
            clock.Advance(2.5);
            return (_, _) =>
            {
                clock.Advance(0.1);
                return ["a", "b"];
            };
        });
        var options = new RankingEvaluationOptions<string>
        {
            TimeProvider = clock,
            Similarity = (_, _) =>
            {
                clock.Advance(100);
                return 0;
            },
        };

        var result = RankingEvaluator.Evaluate(TimeSplit, [timed], [2], options).GetModel("Timed");

        result.FitSeconds.Should().BeApproximately(2.5, 1e-9);
        result.RecommendSeconds.Should().BeApproximately(0.3, 1e-9);
    }

    [Fact]
    public void Evaluate_IgnoresItemsBeyondLargestCutoff()
    {
        // A repeat at rank 3 does not matter when the largest cut-off is 2.
        var longer = new RankingModel<string, string>("Longer", _ => (_, _) => ["a", "b", "a"]);

        var report = RankingEvaluator.Evaluate(TimeSplit, [longer], [2]);

        report.GetValue("Longer", RankingMetric.HitRate, 2).Should().BeApproximately(2.0 / 3, 1e-12);
    }

    [Fact]
    public void Evaluate_KeepsModelAndCutoffOrder()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Personal, Fixed, Empty], [3, 1]);

        report.Models.Select(m => m.Model).Should().Equal("Personal", "Fixed", "Empty");
        report.Cutoffs.Should().Equal(3, 1);
        report.Models[1].Scores.Select(s => s.K).Should().Equal(3, 1);
    }

    [Fact]
    public void FormatTable_ModelsAsRowsMetricsAsColumns()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed, Empty], [1, 3]);

        string[] lines = report.FormatTable([RankingMetric.Ndcg, RankingMetric.Precision, RankingMetric.Diversity])
            .Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Cells(lines[0]).Should().Equal("Model", "NDCG@1", "NDCG@3", "P@1", "P@3", "ILD@1", "ILD@3", "Fit", "s", "Rec", "s");
        Cells(lines[1]).Take(7).Should().Equal("Fixed", "0.3333", "0.6458", "0.3333", "0.3333", "n/a", "0.6715");
        Cells(lines[2]).Take(7).Should().Equal("Empty", "0.0000", "0.0000", "0.0000", "0.0000", "n/a", "n/a");
        lines[3].Should().Be("time cut-off 2024-01-01T00:10:00.0000000+00:00: evaluated 3 of 6 test users; skipped 2 without relevant items and 1 cold.");
    }

    [Fact]
    public void FormatTable_DefaultShowsEveryMetric()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [10]);

        string header = report.FormatTable().Split(Environment.NewLine)[0];

        Cells(header).Should().Equal(
            "Model", "P@10", "R@10", "HR@10", "NDCG@10", "MAP@10", "MRR@10", "Cov@10", "PopRank@10", "SelfInfo@10", "ILD@10", "Fit", "s", "Rec", "s");
    }

    [Fact]
    public void FormatTable_RejectsRepeatedMetric()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1]);

        var act = () => report.FormatTable([RankingMetric.Ndcg, RankingMetric.Ndcg]);

        act.Should().Throw<ArgumentException>().WithParameterName("metrics");
    }

    [Fact]
    public void Report_RejectsUnknownModelAndCutoff()
    {
        var report = RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1]);

        FluentActions.Invoking(() => report.GetModel("Other")).Should().Throw<KeyNotFoundException>().WithMessage("*'Other'*Evaluated models: Fixed*");
        FluentActions.Invoking(() => report.GetValue("Fixed", RankingMetric.Ndcg, 5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("k");
    }

    [Fact]
    public void Evaluate_RejectsWhenNoUserCanBeEvaluated()
    {
        // u1's only test event is a view, so no test user has a relevant item.
        InteractionEvent<string, string>[] events = [Event("u1", "a", P, 1), Event("u1", "b", V, 2)];
        var split = EventSplit.TimeCutoff(events, Start.AddMinutes(2));

        var act = () => RankingEvaluator.Evaluate(split, [Fixed], [1]);

        act.Should().Throw<ArgumentException>().WithParameterName("split").WithMessage("*None of the 1 test users can be evaluated: 1 have no relevant test item and 0 are cold*");
    }

    [Fact]
    public void Evaluate_RejectsOnlyColdUsers()
    {
        InteractionEvent<string, string>[] events = [Event("u1", "a", P, 1), Event("u2", "b", P, 2)];
        var split = EventSplit.TimeCutoff(events, Start.AddMinutes(2));

        var act = () => RankingEvaluator.Evaluate(split, [Fixed], [1]);

        act.Should().Throw<ArgumentException>().WithMessage("*0 have no relevant test item and 1 are cold*ColdUserHandling.Include*");
    }

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 5, -1 })]
    public void Evaluate_RejectsNonPositiveCutoff(int[] ks)
    {
        var act = () => RankingEvaluator.Evaluate(TimeSplit, [Fixed], ks);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("cutoffs");
    }

    [Fact]
    public void Evaluate_RejectsRepeatedCutoff()
    {
        var act = () => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [5, 5]);

        act.Should().Throw<ArgumentException>().WithParameterName("cutoffs").WithMessage("*cut-off 5 appears more than once*");
    }

    [Fact]
    public void Evaluate_RejectsEmptyCutoffsAndModels()
    {
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [])).Should().Throw<ArgumentException>().WithParameterName("cutoffs");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [], [1])).Should().Throw<ArgumentException>().WithParameterName("models");
    }

    [Fact]
    public void Evaluate_RejectsNullArguments()
    {
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(null!, [Fixed], [1])).Should().Throw<ArgumentNullException>().WithParameterName("split");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, null!, [1])).Should().Throw<ArgumentNullException>().WithParameterName("models");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed], null!)).Should().Throw<ArgumentNullException>().WithParameterName("cutoffs");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed, null!], [1])).Should().Throw<ArgumentNullException>().WithMessage("*position 1*");
    }

    [Fact]
    public void Evaluate_RejectsDuplicateModelNames()
    {
        var twin = new RankingModel<string, string>("Fixed", _ => (_, _) => []);

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [Fixed, twin], [1]);

        act.Should().Throw<ArgumentException>().WithParameterName("models").WithMessage("*Two models are named 'Fixed'*");
    }

    [Fact]
    public void Model_RejectsNullDelegateAndBlankName()
    {
        FluentActions.Invoking(() => new RankingModel<string, string>("M", null!)).Should().Throw<ArgumentNullException>().WithParameterName("fit");
        FluentActions.Invoking(() => new RankingModel<string, string>(" ", _ => (_, _) => [])).Should().Throw<ArgumentException>().WithParameterName("name");
    }

    [Fact]
    public void Evaluate_RejectsNullRecommendFunction()
    {
        var broken = new RankingModel<string, string>("Broken", _ => null!);

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [broken], [1]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*model 'Broken' returned no recommend function*");
    }

    [Fact]
    public void Evaluate_RejectsNullList()
    {
        var broken = new RankingModel<string, string>("Broken", _ => (_, _) => null!);

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [broken], [1]);

        act.Should().Throw<InvalidOperationException>().WithMessage("Model 'Broken' returned no list (null) for user u1*");
    }

    [Fact]
    public void Evaluate_RejectsRepeatedItem()
    {
        var broken = new RankingModel<string, string>("Broken", _ => (_, _) => ["a", "b", "a"]);

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [broken], [3]);

        act.Should().Throw<InvalidOperationException>().WithMessage("Model 'Broken' recommended item a twice to user u1, at ranks 1 and 3*");
    }

    [Fact]
    public void Evaluate_RejectsNullItem()
    {
        var broken = new RankingModel<string, string>("Broken", _ => (_, _) => ["a", null!]);

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [broken], [3]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*null item at rank 2 to user u1*");
    }

    [Fact]
    public void Evaluate_RejectsNaNSimilarity()
    {
        var options = new RankingEvaluationOptions<string> { Similarity = (_, _) => double.NaN };

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [3], options);

        act.Should().Throw<ArgumentException>().WithMessage("*similarity of items a and b is NaN*");
    }

    [Fact]
    public void Options_RejectInvalidValues()
    {
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1], new RankingEvaluationOptions<string> { ColdUsers = (ColdUserHandling)7 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ColdUsers");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1], new RankingEvaluationOptions<string> { Catalog = [] }))
            .Should().Throw<ArgumentException>().WithParameterName("Catalog");
        FluentActions.Invoking(() => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1], new RankingEvaluationOptions<string> { TimeProvider = null! }))
            .Should().Throw<ArgumentNullException>().WithParameterName("TimeProvider");
    }

    [Fact]
    public void Evaluate_StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var act = () => RankingEvaluator.Evaluate(TimeSplit, [Fixed], [1], cancellationToken: cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static InteractionEvent<string, string> Event(string user, string item, Behavior behavior, int minute)
        => new(user, item, behavior, Start.AddMinutes(minute));
}

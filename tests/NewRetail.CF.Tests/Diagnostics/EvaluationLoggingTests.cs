using Microsoft.Extensions.Logging;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Tests.Evaluation;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>What cross-validation and ranking evaluation log, with which fields.</summary>
public class EvaluationLoggingTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CrossValidation_LogsSplitsAndSummary()
    {
        // Two predefined splits, each testing (u1, i1, 4): the first model predicts 4 (RMSE 0), the second 2 (RMSE 2).
        var clock = new ManualClock();
        var algorithm = new ScriptedAlgorithm(clock, [(new ScriptedRecommender().Returns("u1", "i1", 4), 1), (new ScriptedRecommender().Returns("u1", "i1", 2), 3)]);
        var split = Split.Predefined([new RatingRow<string, string>("u2", "i1", 3)], [new RatingRow<string, string>("u1", "i1", 4)], RatingScale.OneToFive);
        var logger = new CapturingLogger();

        CrossValidation.Run(algorithm, [split, split], new EvaluationOptions { TimeProvider = clock, Logger = logger });

        logger.Entries.Select(e => e.EventId.Name).Should().Equal("CrossValidationStarted", "FoldFinished", "FoldFinished", "CrossValidationFinished");
        logger.Entries.Should().OnlyContain(e => e.Level == LogLevel.Debug);
        logger.Single("CrossValidationStarted")["SplitCount"].Should().Be(2);

        var folds = logger.Entries.Where(e => e.EventId.Name == "FoldFinished").ToList();
        folds.Select(f => f["Fold"]).Should().Equal(0, 1);
        folds.Select(f => f["TrainCount"]).Should().Equal(1, 1);
        folds.Select(f => f["TestCount"]).Should().Equal(1, 1);
        folds.Select(f => f["FitSeconds"]).Should().Equal(1.0, 3.0);
        folds.Select(f => f["Rmse"]).Should().Equal(0.0, 2.0);

        var finished = logger.Single("CrossValidationFinished");
        finished["Algorithm"].Should().Be("Scripted");
        finished["RmseMean"].Should().Be(1.0);
        finished["RmseStandardDeviation"].Should().Be(1.0);
        finished["MaeMean"].Should().Be(1.0);
    }

    [Fact]
    public void CrossValidation_WarnsWhenAllFellBack()
    {
        var clock = new ManualClock();
        var model = new ScriptedRecommender().FallsBack("u1", "i9", 3, ImpossibleReason.UnknownItem).FallsBack("u1", "i1", 3, ImpossibleReason.TooFewNeighbors);
        var algorithm = new ScriptedAlgorithm(clock, [(model, 1)]);
        var split = Split.Predefined(
            [new RatingRow<string, string>("u2", "i1", 3)],
            [new RatingRow<string, string>("u1", "i9", 4), new RatingRow<string, string>("u1", "i1", 5)],
            RatingScale.OneToFive);
        var logger = new CapturingLogger();

        CrossValidation.Run(algorithm, [split], new EvaluationOptions { TimeProvider = clock, Logger = logger });

        var warning = logger.Single("AllPredictionsFellBack");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["Fold"].Should().Be(0);
        warning["TestCount"].Should().Be(2);
        warning["UnknownIdCount"].Should().Be(1);
    }

    [Fact]
    public void RankingEvaluator_LogsEachModel()
    {
        // u1 and u2 buy before t = 10 and again after it, so both are evaluated.
        var split = EventSplit.TimeCutoff(
            [
                new InteractionEvent<string, string>("u1", "a", Behavior.Purchase, Start.AddMinutes(1)),
                new InteractionEvent<string, string>("u2", "b", Behavior.Purchase, Start.AddMinutes(1)),
                new InteractionEvent<string, string>("u1", "b", Behavior.Purchase, Start.AddMinutes(10)),
                new InteractionEvent<string, string>("u2", "a", Behavior.Purchase, Start.AddMinutes(10)),
            ],
            Start.AddMinutes(10));
        var fixedList = new RankingModel<string, string>("Fixed", _ => (_, _) => ["a", "b"]);
        var empty = new RankingModel<string, string>("Empty", _ => (_, _) => []);
        var logger = new CapturingLogger();

        RankingEvaluator.Evaluate(split, [fixedList, empty], [1, 2], new RankingEvaluationOptions<string> { Logger = logger });

        logger.Entries.Select(e => e.EventId.Name).Should().Equal(
            "RankingEvaluationStarted", "RankingModelFinished", "RankingModelFinished", "AllListsEmpty", "RankingEvaluationFinished");
        var started = logger.Single("RankingEvaluationStarted");
        started["ModelCount"].Should().Be(2);
        started["UserCount"].Should().Be(2);
        started["TestUserCount"].Should().Be(2);
        started.Message.Should().EndWith("at cut-offs 1, 2");

        var models = logger.Entries.Where(e => e.EventId.Name == "RankingModelFinished").ToList();
        models.Select(m => m["Model"]).Should().Equal("Fixed", "Empty");
        models.Select(m => m["EmptyListCount"]).Should().Equal(0, 2);

        var warning = logger.Single("AllListsEmpty");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["Model"].Should().Be("Empty");
        warning["UserCount"].Should().Be(2);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Implicit;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.ImplicitFeedback;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>What the fits log, with which fields, and that nothing is logged without a logger.</summary>
public class FitLoggingTests
{
    /// <summary>Three users, four items and 10 ratings from 1 to 5.</summary>
    private static readonly RatingMatrix<string, string> Small = Fixtures.Table(
        "u1: 5 3 4 -",
        "u2: 4 - 4 1",
        "u3: 1 2 5 3");

    [Fact]
    public void UserKnn_LogsStartAndEnd()
    {
        var logger = new CapturingLogger();
        var algorithm = new UserKnn { Logger = logger };

        var model = algorithm.Fit(Small);

        logger.Entries.Select(e => e.EventId.Name).Should().Equal("FitStarted", "FitFinished");
        var started = logger.Single("FitStarted");
        started.Level.Should().Be(LogLevel.Debug);
        started.EventId.Id.Should().Be(1);
        started["Algorithm"].Should().Be(algorithm.Name);
        started["UserCount"].Should().Be(3);
        started["ItemCount"].Should().Be(4);
        started["EntryCount"].Should().Be(10);

        // A dense 3 × 3 float matrix is 36 bytes; the rating arrays come on top.
        var finished = logger.Single("FitFinished");
        finished.Level.Should().Be(LogLevel.Debug);
        finished["Algorithm"].Should().Be(algorithm.Name);
        ((long)finished["ElapsedMilliseconds"]!).Should().BeGreaterThanOrEqualTo(0);
        model.SimilarityBytes.Should().Be(36);
        finished["StoredBytes"].Should().Be(model.SimilarityBytes + model.RatingBytes);
    }

    [Fact]
    public void ItemKnn_StoredListsLogTheirBytes()
    {
        var logger = new CapturingLogger();
        var algorithm = new ItemKnn(new KnnOptions { MaxStoredNeighbors = 2 }) { Logger = logger };

        var model = algorithm.Fit(Small);

        logger.Single("FitStarted")["Algorithm"].Should().Be("ItemKnn(pearson, k=40, mean, stored=2)");
        logger.Single("FitFinished")["StoredBytes"].Should().Be(model.SimilarityBytes + model.RatingBytes);
    }

    [Fact]
    public void BaselineOnly_LogsBiasBytes()
    {
        // μ plus 3 user and 4 item biases, 8 bytes each.
        var logger = new CapturingLogger();

        new BaselineOnly { Logger = logger }.Fit(Small);

        logger.Single("FitStarted")["Algorithm"].Should().Be("BaselineOnly(als, epochs=10)");
        logger.Single("FitFinished")["StoredBytes"].Should().Be(64L);
    }

    [Fact]
    public void ImplicitItemKnn_LogsEntriesAndLists()
    {
        // Shop: 4 users, 5 items, 11 positive entries. Entries: (5 + 6) pointers × 4 + 11 × 2 × (4 + 4) = 220 bytes.
        // Lists: 6 pointers × 4 + 8 bytes per stored neighbour.
        var logger = new CapturingLogger();

        var model = new ImplicitItemKnn { Logger = logger }.Fit(ImplicitFixtures.Shop());

        var started = logger.Single("FitStarted");
        started["UserCount"].Should().Be(4);
        started["ItemCount"].Should().Be(5);
        started["EntryCount"].Should().Be(11);
        logger.Single("FitFinished")["StoredBytes"].Should().Be(220L + 24 + (8L * model.NeighborCount));
    }

    [Fact]
    public void ImplicitUserKnn_LogsStartAndEnd()
    {
        var logger = new CapturingLogger();
        var algorithm = new ImplicitUserKnn { Logger = logger };

        algorithm.Fit(ImplicitFixtures.Shop());

        logger.Entries.Select(e => e.EventId.Name).Should().Equal("FitStarted", "FitFinished");
        logger.Single("FitStarted")["Algorithm"].Should().Be(algorithm.Name);
    }

    [Fact]
    public void MostPopular_LogsRankingBytes()
    {
        // 5 items, each with an 8-byte popularity value and a 4-byte index.
        var logger = new CapturingLogger();

        new MostPopular { Logger = logger }.Fit(ImplicitFixtures.Shop());

        logger.Single("FitStarted")["Algorithm"].Should().Be("MostPopular(users)");
        logger.Single("FitFinished")["StoredBytes"].Should().Be(60L);
    }

    [Fact]
    public void Fit_CancelLogsFitCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var logger = new CapturingLogger();
        var progress = new ProgressRecorder(_ => cancellation.Cancel());

        var fit = () => new ItemKnn { Logger = logger }.Fit(Small, progress, cancellation.Token);

        fit.Should().Throw<OperationCanceledException>();
        logger.Entries.Select(e => e.EventId.Name).Should().Equal("FitStarted", "FitCanceled");
        logger.Single("FitCanceled")["Algorithm"].Should().Be("ItemKnn(pearson, k=40, mean)");
    }

    [Fact]
    public void Fit_PreCancelledLogsNothing()
    {
        var logger = new CapturingLogger();

        var fit = () => new UserKnn { Logger = logger }.Fit(Small, new CancellationToken(canceled: true));

        fit.Should().Throw<OperationCanceledException>();
        logger.LogCalls.Should().Be(0);
    }

    [Fact]
    public void UserKnn_WarnsWhenAllRatingsEqual()
    {
        var logger = new CapturingLogger();
        var same = Fixtures.Table("u1: 3 3 -", "u2: 3 - 3", "u3: - 3 3");

        new UserKnn(new KnnOptions { Similarity = Similarity.Cosine }) { Logger = logger }.Fit(same);

        var warning = logger.Single("AllRatingsEqual");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["EntryCount"].Should().Be(6);
        warning["Rating"].Should().Be(3f);
    }

    [Fact]
    public void UserKnn_WarnsWhenNoPairOverlaps()
    {
        // u1 and u2 rate disjoint items, so no pair has a similarity.
        var logger = new CapturingLogger();
        var disjoint = Fixtures.Table("u1: 5 1 - -", "u2: - - 2 4");

        new UserKnn(new KnnOptions { Similarity = Similarity.Cosine }) { Logger = logger }.Fit(disjoint);

        var warning = logger.Single("NoNeighbors");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["EntityCount"].Should().Be(2);
        warning["Entities"].Should().Be("users");
        logger.Entries.Should().NotContain(e => e.EventId.Name == "AllRatingsEqual");
    }

    [Fact]
    public void ItemKnn_StoredListsWarnWhenEmpty()
    {
        var logger = new CapturingLogger();
        var disjoint = Fixtures.Table("u1: 5 - -", "u2: - 2 -", "u3: - - 4");

        new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxStoredNeighbors = 3 }) { Logger = logger }.Fit(disjoint);

        logger.Single("NoNeighbors")["Entities"].Should().Be("items");
    }

    [Theory]
    [InlineData(1_000.0)]
    [InlineData(1e6)]
    public void BaselineOnly_WarnsWhenSgdDiverges(double learningRate)
    {
        // Each update multiplies the biases by about −γ, so after 20 epochs they are far beyond twice the spread
        // (2 × (5 − 1) = 8), or overflowed to NaN at γ = 10⁶.
        var logger = new CapturingLogger();
        var options = new BaselineOptions { Method = BaselineMethod.Sgd, LearningRate = learningRate };

        new BaselineOnly(options) { Logger = logger }.Fit(Small);

        var warning = logger.Single("DivergedBiases");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["BiasCount"].Should().Be(7);
        ((int)warning["DivergedCount"]!).Should().BeInRange(1, 7);
        warning["Limit"].Should().Be(8.0);
        warning["Epochs"].Should().Be(20);
    }

    [Fact]
    public void UserKnn_WarnsWhenBaselineSgdDiverges()
    {
        var logger = new CapturingLogger();
        var options = new KnnOptions
        {
            Centering = Centering.Baseline,
            Baseline = new BaselineOptions { Method = BaselineMethod.Sgd, LearningRate = 1_000 },
        };

        new UserKnn(options) { Logger = logger }.Fit(Small);

        logger.Single("DivergedBiases")["BiasCount"].Should().Be(7);
    }

    [Fact]
    public void BaselineOnly_NoWarningForStableSgd()
    {
        var logger = new CapturingLogger();

        new BaselineOnly(new BaselineOptions { Method = BaselineMethod.Sgd }) { Logger = logger }.Fit(Small);

        logger.Entries.Should().OnlyContain(e => e.Level == LogLevel.Debug);
    }

    [Fact]
    public void ImplicitItemKnn_WarnsWhenNoNeighbourStored()
    {
        // No user has two items, so no item shares a user with another.
        var logger = new CapturingLogger();
        var single = Fixtures.Matrix(ImplicitFixtures.Weights, ("u1", "a", 1), ("u2", "b", 2), ("u3", "c", 1));

        new ImplicitItemKnn { Logger = logger }.Fit(single);

        var warning = logger.Single("NoStoredNeighbors");
        warning.Level.Should().Be(LogLevel.Warning);
        warning["EntityCount"].Should().Be(3);
        warning["Entities"].Should().Be("items");
    }

    [Fact]
    public void Fit_DisabledLoggerGetsNoCalls()
    {
        // The data would trigger two warnings, but a logger with every level off is never called.
        var logger = new CapturingLogger(LogLevel.None);
        var same = Fixtures.Table("u1: 3 -", "u2: - 3");

        new UserKnn { Logger = logger }.Fit(same);
        new BaselineOnly(new BaselineOptions { Method = BaselineMethod.Sgd, LearningRate = 1_000 }) { Logger = logger }.Fit(Small);
        new ImplicitItemKnn { Logger = logger }.Fit(ImplicitFixtures.Shop());
        CrossValidation.Run(new UserKnn(), Small, folds: 3, seed: 1, new EvaluationOptions { Logger = logger });

        logger.LogCalls.Should().Be(0);
    }

    [Fact]
    public void Logger_DefaultsToNullLogger()
    {
        new UserKnn().Logger.Should().BeSameAs(NullLogger.Instance);
        new ItemKnn().Logger.Should().BeSameAs(NullLogger.Instance);
        new BaselineOnly().Logger.Should().BeSameAs(NullLogger.Instance);
        new ImplicitItemKnn().Logger.Should().BeSameAs(NullLogger.Instance);
        new ImplicitUserKnn().Logger.Should().BeSameAs(NullLogger.Instance);
        new MostPopular().Logger.Should().BeSameAs(NullLogger.Instance);
        new EvaluationOptions().Logger.Should().BeSameAs(NullLogger.Instance);
        new RankingEvaluationOptions<string>().Logger.Should().BeSameAs(NullLogger.Instance);
    }

    [Fact]
    public void Logger_NullIsRejected()
    {
        var actions = new Action[]
        {
            () => _ = new UserKnn { Logger = null! },
            () => _ = new ItemKnn { Logger = null! },
            () => _ = new BaselineOnly { Logger = null! },
            () => _ = new ImplicitItemKnn { Logger = null! },
            () => _ = new ImplicitUserKnn { Logger = null! },
            () => _ = new MostPopular { Logger = null! },
            () => CrossValidation.Run(new UserKnn(), Small, folds: 3, seed: 1, new EvaluationOptions { Logger = null! }),
        };

        foreach (var action in actions)
        {
            action.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("Logger");
        }
    }
}

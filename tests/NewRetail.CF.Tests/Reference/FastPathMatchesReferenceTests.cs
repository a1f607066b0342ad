using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NewRetail.CF.Tests.Reference;

/// <summary>
/// Compares <see cref="UserKnn"/> and <see cref="ItemKnn"/> with <see cref="BruteForceKnn"/> on random sparse
/// matrices: every similarity, every prediction (rated and unrated pairs, unknown ids), every top-N list and every
/// similar-items list, over a grid of options.
/// </summary>
/// <remarks>
/// <para>Tolerance: the library stores similarities as <see cref="float"/> and the reference keeps
/// <see cref="double"/>, so similarities, values and scores are compared within <see cref="Tolerance"/>.</para>
/// <para>Ties: the reference rounds similarities to <see cref="BruteForceKnn.SimilarityDecimals"/> places, so
/// similarities that are equal on paper are equal there and ties are broken by id, as the float values of the library
/// are. Neighbour selections are therefore compared strictly, with one exception. When a kept and a dropped neighbour
/// of the reference differ by less than <see cref="NearTie"/> without being equal, float rounding may swap them, so
/// the value of that prediction is not compared; its reason and neighbour count still are.</para>
/// <para>Predicted scores that are equal on paper can differ in the last bits in either implementation. A top-N or
/// similar-items list must therefore be sorted by the library's own scores with exact ties by id, and must agree with
/// the reference order wherever the reference scores differ by more than <see cref="NearTie"/>.</para>
/// <para>Every test asserts that near-ties stay rare, so the comparison keeps its strength.</para>
/// </remarks>
public class FastPathMatchesReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const double NearTie = 1e-6;

    /// <summary>The (k, MinNeighbors) pairs of the full grid. k = 1 with MinNeighbors = 2 is an invalid option set.</summary>
    private static readonly (int MaxNeighbors, int MinNeighbors)[] AllNeighborLimits = [(1, 1), (3, 1), (3, 2), (40, 1), (40, 2)];

    private static readonly int[] AllMinSupports = [1, 2, 3];

    /// <summary>
    /// The larger matrices run a reduced grid: the (k, MinNeighbors) pairs below, minimum support 1 or 3, and signed
    /// weighting only, because the full grid on them would take several times longer than the rest of the suite. The
    /// compact matrices run the full grid, so every combination is still checked.
    /// </summary>
    private static readonly (int MaxNeighbors, int MinNeighbors)[] ReducedNeighborLimits = [(1, 1), (3, 2), (40, 1)];

    private static readonly int[] ReducedMinSupports = [1, 3];

    private static readonly NeighborWeighting[] ReducedWeightings = [NeighborWeighting.Signed];

    private static readonly SimilarityMetric[] Metrics =
    [
        Similarity.Cosine,
        Similarity.Pearson,
        Similarity.PearsonOverallMeans,
        Similarity.MeanSquaredDifference,
        Similarity.Jaccard,
        Similarity.AdjustedCosine,
        Similarity.PearsonBaseline,
    ];

    private static readonly HashSet<string> NoAmbiguousItems = [];

    private static readonly double[] Stars = [1, 2, 3, 4, 5];
    private static readonly double[] HalfStars = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

    private static readonly Dictionary<string, Dataset> Datasets = new Dataset[]
    {
        Dataset.Generate("12x10-stars", users: 12, items: 10, density: 0.4, Stars, seed: 21, fullGrid: true),
        Dataset.Generate("12x12-two-values", users: 12, items: 12, density: 0.5, [2, 4], seed: 14, fullGrid: true),
        Dataset.Generate("10x8-half-stars", users: 10, items: 8, density: 0.45, HalfStars, seed: 22, fullGrid: true),
        Dataset.Generate("10x10-mixed-case-ids", users: 10, items: 10, density: 0.5, Stars, seed: 16, fullGrid: true, MixedCaseId),
        Dataset.Generate("30x20-stars", users: 30, items: 20, density: 0.3, Stars, seed: 11, fullGrid: false),
        Dataset.Generate("5x80-half-stars", users: 5, items: 80, density: 0.5, HalfStars, seed: 12, fullGrid: false),
        Dataset.Generate("60x6-three-values", users: 60, items: 6, density: 0.6, [1, 3, 5], seed: 13, fullGrid: false),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Every dataset × metric × minimum support. Each side of the grid runs in its own test class below.</summary>
    public static TheoryData<string, string, int> GridCases
    {
        get
        {
            var cases = new TheoryData<string, string, int>();
            foreach (var (name, dataset) in Datasets)
            {
                foreach (var metric in Metrics)
                {
                    foreach (int minSupport in dataset.FullGrid ? AllMinSupports : ReducedMinSupports)
                    {
                        cases.Add(name, metric.Name, minSupport);
                    }
                }
            }

            return cases;
        }
    }

    /// <summary>Every dataset × side × (unknown-id fallback, too-few-neighbours fallback).</summary>
    public static TheoryData<string, bool, FallbackEstimate, FallbackEstimate> FallbackCases
    {
        get
        {
            var cases = new TheoryData<string, bool, FallbackEstimate, FallbackEstimate>();
            foreach (string dataset in Datasets.Keys)
            {
                foreach (bool userBased in new[] { true, false })
                {
                    foreach (var unknownId in Enum.GetValues<FallbackEstimate>())
                    {
                        foreach (var tooFew in Enum.GetValues<FallbackEstimate>())
                        {
                            cases.Add(dataset, userBased, unknownId, tooFew);
                        }
                    }
                }
            }

            return cases;
        }
    }

    /// <summary>Every metric × side on two datasets.</summary>
    public static TheoryData<string, string, bool> ShrinkageCases
    {
        get
        {
            var cases = new TheoryData<string, string, bool>();
            foreach (string dataset in new[] { "30x20-stars", "10x8-half-stars" })
            {
                foreach (var metric in Metrics)
                {
                    foreach (bool userBased in new[] { true, false })
                    {
                        cases.Add(dataset, metric.Name, userBased);
                    }
                }
            }

            return cases;
        }
    }

    /// <summary>
    /// Checks the reference itself against the 4-user table that <see cref="Cases.PearsonCentringTests"/> works out by
    /// hand, so that agreement with the library means agreement with the hand calculation.
    /// </summary>
    [Fact]
    public void Reference_ReproducesHandWorkedTable()
    {
        var ratings = ToDictionaries(Fixtures.Table(
            "u1: 4 5 3 2 - -",
            "u2: 5 5 4 - 5 2",
            "u3: - 2 3 4 1 -",
            "u4: 3 - 2 1 4 5"));
        BruteForceKnn Reference(SimilarityMetric metric, int k, NeighborWeighting weighting = NeighborWeighting.Signed)
            => new(ratings, RatingScale.OneToFive, new KnnOptions { Similarity = metric, MaxNeighbors = k, MinSupport = 2, Weighting = weighting }, userBased: true);

        var coRated = Reference(Similarity.Pearson, 3);
        var overall = Reference(Similarity.PearsonOverallMeans, 3);

        coRated.Similarity("u1", "u2").Should().BeApproximately(0.866025, 1e-6);
        coRated.Similarity("u1", "u3").Should().BeApproximately(-0.981981, 1e-6);
        coRated.Similarity("u1", "u4").Should().BeApproximately(1.0, 1e-6);
        overall.Similarity("u1", "u2").Should().BeApproximately(0.892269, 1e-6);
        overall.Similarity("u1", "u3").Should().BeApproximately(-0.899229, 1e-6);
        overall.Similarity("u1", "u4").Should().BeApproximately(0.943880, 1e-6);
        Reference(Similarity.Pearson, 1).Predict("u1", "i5").Value.Should().BeApproximately(4.5, 1e-6);
        Reference(Similarity.Pearson, 2).Predict("u1", "i5").Value.Should().BeApproximately(4.407180, 1e-6);
        Reference(Similarity.Pearson, 3).Predict("u1", "i5").Value.Should().BeApproximately(4.611582, 1e-6);
        Reference(Similarity.PearsonOverallMeans, 2).Predict("u1", "i5").Value.Should().BeApproximately(4.402811, 1e-6);
        Reference(Similarity.PearsonOverallMeans, 3).Predict("u1", "i5").Value.Should().BeApproximately(4.599131, 1e-6);
        Reference(Similarity.Pearson, 3, NeighborWeighting.PositiveOnly).Predict("u1", "i5").Value.Should().BeApproximately(4.407180, 1e-6);
    }

    /// <summary>
    /// A similarity that is 0 on paper makes no neighbour, even when double arithmetic leaves a few ulps. Pearson on
    /// overall means, t against n over the co-rated i1..i3: t's ratings there all lie 0.8 below its mean 1.8, and
    /// n's deviations from its mean 7/3 are −4/3, 2/3 and 2/3, which sum to 0. So Σdxdy = −0.8·0 = 0, t has no
    /// neighbour for i8, and the prediction falls back to t's mean.
    /// </summary>
    [Fact]
    public void OverallMeansPearson_ZeroIsNoNeighbour()
    {
        var matrix = Fixtures.Table(
            "t: 1 1 1 3 3 - - -",
            "n: 1 3 3 - - 1 3 3");
        var options = new KnnOptions { Similarity = Similarity.PearsonOverallMeans, MinSupport = 1, Centering = Centering.None };
        var reference = new BruteForceKnn(ToDictionaries(matrix), matrix.Scale, options, userBased: true);
        var model = new UserKnn(options).Fit(matrix);

        var expected = reference.Predict("t", "i8");
        var actual = model.Predict("t", "i8");

        reference.Similarity("t", "n").Should().Be(0);
        expected.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        expected.Value.Should().BeApproximately(1.8, 1e-12);
        model.Similarity("t", "n").Should().Be(0, "Σdxdy is exactly 0, so any other value is rounding noise");
        actual.NeighborCount.Should().Be(0);
        actual.Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
        actual.Value.Should().BeApproximately(1.8, 1e-12);
    }

    [Theory]
    [MemberData(nameof(FallbackCases))]
    public void Fallbacks_MatchReference(string dataset, bool userBased, FallbackEstimate unknownId, FallbackEstimate tooFewNeighbors)
    {
        var log = new ComparisonLog();
        var options = new KnnOptions
        {
            Similarity = Similarity.Pearson,
            MinSupport = 3,
            MaxNeighbors = 3,
            MinNeighbors = 2,
            UnknownIdFallback = unknownId,
            TooFewNeighborsFallback = tooFewNeighbors,
        };

        CompareModels(Datasets[dataset], options, userBased, log, compareSimilarities: false);

        Report(log, output);
        log.TooFewNeighbors.Should().BePositive("the options must leave some pairs with too few neighbours");
    }

    [Theory]
    [MemberData(nameof(ShrinkageCases))]
    public void Shrinkage_MatchesReference(string dataset, string metric, bool userBased)
    {
        var log = new ComparisonLog();
        foreach (var centering in Enum.GetValues<Centering>())
        {
            var options = new KnnOptions
            {
                Similarity = MetricNamed(metric),
                MinSupport = 1,
                Shrinkage = 10,
                Centering = centering,
                MaxNeighbors = 3,
            };

            CompareModels(Datasets[dataset], options, userBased, log, compareSimilarities: centering == Centering.None);
        }

        Report(log, output);
    }

    /// <summary>
    /// MinNeighbors = 0 with a minimum support that leaves some pairs without any neighbour: Centering.None must
    /// mark them impossible, and the centred forms return their centre.
    /// </summary>
    [Theory]
    [InlineData(true, Centering.None)]
    [InlineData(true, Centering.Mean)]
    [InlineData(true, Centering.ZScore)]
    [InlineData(true, Centering.Baseline)]
    [InlineData(false, Centering.None)]
    [InlineData(false, Centering.Mean)]
    [InlineData(false, Centering.ZScore)]
    [InlineData(false, Centering.Baseline)]
    public void ZeroMinNeighbors_MatchesReference(bool userBased, Centering centering)
    {
        var log = new ComparisonLog();
        var options = new KnnOptions
        {
            Similarity = Similarity.Pearson,
            MinSupport = 3,
            Centering = centering,
            MinNeighbors = 0,
        };

        CompareModels(Datasets["30x20-stars"], options, userBased, log, compareSimilarities: false);

        Report(log, output);
        log.Predictions.Should().BePositive();
        log.NoNeighborPredictions.Should().BePositive("some pairs must have no neighbour at all");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TopListLengths_MatchReference(int count)
    {
        var data = Datasets["30x20-stars"];
        var log = new ComparisonLog();
        foreach (bool userBased in new[] { true, false })
        {
            var options = new KnnOptions { Similarity = Similarity.Cosine, MaxNeighbors = 3 };
            string context = Describe(options, userBased);
            var reference = new BruteForceKnn(data.Ratings, data.Matrix.Scale, options, userBased);
            var model = Fit(data.Matrix, options, userBased);
            foreach (string user in reference.Users)
            {
                var ambiguous = AmbiguousItems(reference, user, options.MaxNeighbors);
                CompareTopList(
                    $"Recommend({user}, {count}), {context}",
                    reference.Recommend(user, int.MaxValue),
                    ambiguous,
                    reference.Recommend(user, count).Count,
                    model.Recommend(user, count),
                    log);
            }

            if (model is ItemKnnModel<string, string> itemModel)
            {
                foreach (string item in reference.Items)
                {
                    CompareTopList(
                        $"SimilarItems({item}, {count})",
                        reference.SimilarItems(item, int.MaxValue),
                        NoAmbiguousItems,
                        reference.SimilarItems(item, count).Count,
                        itemModel.SimilarItems(item, count),
                        log);
                }
            }
        }

        Report(log, output);
    }

    /// <summary>
    /// Two neighbours with equal similarity and k = 1: the one with the smaller numeric id is chosen. In three rows
    /// the decimal text of the two ids sorts the other way ("-1" before "-2", "1099511627776" before "7"), so a text
    /// comparison would choose the wrong one.
    /// </summary>
    [Theory]
    [InlineData(0L, -2L, -1L)]
    [InlineData(-7L, 7L, 1L << 40)]
    [InlineData(1L << 40, 0L, long.MaxValue)]
    [InlineData(long.MaxValue, long.MinValue, -1L)]
    [InlineData(5L, -(1L << 40), 3L)]
    public void LongIds_NumericTieOrder(long target, long smaller, long larger)
    {
        // The target and both neighbours rate items 10 and 20 alike, so the two similarities are equal exactly.
        // Only the neighbours rate item 30: the smaller id gives it 5, the larger 1. The larger id is added first,
        // so insertion order cannot explain the outcome.
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        builder.Add(larger, 10, 4);
        builder.Add(larger, 20, 2);
        builder.Add(larger, 30, 1);
        builder.Add(target, 10, 4);
        builder.Add(target, 20, 2);
        builder.Add(smaller, 10, 4);
        builder.Add(smaller, 20, 2);
        builder.Add(smaller, 30, 5);
        var matrix = builder.Build();
        var options = new KnnOptions { Similarity = Similarity.MeanSquaredDifference, Centering = Centering.None, MaxNeighbors = 1 };

        var model = new UserKnn(options).Fit(matrix);
        var prediction = model.Predict(target, 30);

        model.Similarity(target, smaller).Should().Be(1);
        model.Similarity(target, larger).Should().Be(1);
        prediction.Impossible.Should().BeFalse();
        prediction.NeighborCount.Should().Be(1);
        prediction.Value.Should().Be(5, "the neighbour with the smaller numeric id wins the tie");
    }

    /// <summary>The same tie between items: item-based, the item with the smaller numeric id is chosen.</summary>
    [Theory]
    [InlineData(0L, -2L, -1L)]
    [InlineData(-7L, 7L, 1L << 40)]
    [InlineData(long.MaxValue, long.MinValue, -1L)]
    public void LongIds_NumericTieOrderBetweenItems(long target, long smaller, long larger)
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        builder.Add(10, larger, 4);
        builder.Add(20, larger, 2);
        builder.Add(30, larger, 1);
        builder.Add(10, target, 4);
        builder.Add(20, target, 2);
        builder.Add(10, smaller, 4);
        builder.Add(20, smaller, 2);
        builder.Add(30, smaller, 5);
        var matrix = builder.Build();
        var options = new KnnOptions { Similarity = Similarity.MeanSquaredDifference, Centering = Centering.None, MaxNeighbors = 1 };

        var model = new ItemKnn(options).Fit(matrix);

        model.Predict(30, target).Value.Should().Be(5, "the item with the smaller numeric id wins the tie");
        model.SimilarItems(target, 2).Select(s => s.Item).Should().Equal(smaller, larger);
    }

    /// <summary>
    /// Compares one metric and minimum support on one side over every centring × weighting × (k, MinNeighbors) pair
    /// of the dataset's grid.
    /// </summary>
    internal static void RunOptionGrid(string dataset, string metric, bool userBased, int minSupport, ITestOutputHelper output)
    {
        var data = Datasets[dataset];
        var log = new ComparisonLog();
        var similarityOptions = new KnnOptions { Similarity = MetricNamed(metric), MinSupport = minSupport };
        var fitted = new BruteForceKnn(data.Ratings, data.Matrix.Scale, similarityOptions, userBased);
        bool firstConfiguration = true;
        foreach (var centering in Enum.GetValues<Centering>())
        {
            foreach (var weighting in data.FullGrid ? Enum.GetValues<NeighborWeighting>() : ReducedWeightings)
            {
                foreach (var (maxNeighbors, minNeighbors) in data.FullGrid ? AllNeighborLimits : ReducedNeighborLimits)
                {
                    var options = similarityOptions with
                    {
                        Centering = centering,
                        Weighting = weighting,
                        MaxNeighbors = maxNeighbors,
                        MinNeighbors = minNeighbors,
                    };

                    // Similarities do not depend on the centring, weighting or k, so one configuration checks them.
                    CompareModels(data, fitted.WithPredictionOptions(options), options, userBased, log, compareSimilarities: firstConfiguration);
                    firstConfiguration = false;
                }
            }
        }

        Report(log, output);
    }

    private static void CompareModels(Dataset data, KnnOptions options, bool userBased, ComparisonLog log, bool compareSimilarities)
        => CompareModels(data, new BruteForceKnn(data.Ratings, data.Matrix.Scale, options, userBased), options, userBased, log, compareSimilarities);

    private static void CompareModels(
        Dataset data,
        BruteForceKnn reference,
        KnnOptions options,
        bool userBased,
        ComparisonLog log,
        bool compareSimilarities)
    {
        string context = Describe(options, userBased);
        var model = Fit(data.Matrix, options, userBased);

        if (compareSimilarities)
        {
            var entities = userBased ? reference.Users : reference.Items;
            string unknownId = userBased ? Dataset.UnknownUser : Dataset.UnknownItem;
            CompareSimilarities(context, reference, model, entities, unknownId, log);
        }

        foreach (string user in reference.Users.Append(Dataset.UnknownUser))
        {
            var ambiguous = new HashSet<string>(StringComparer.Ordinal);
            foreach (string item in reference.Items.Append(Dataset.UnknownItem))
            {
                var expected = reference.Predict(user, item);
                if (!expected.Impossible && HasNearTieAtCut(expected.RankedCandidates, options.MaxNeighbors))
                {
                    ambiguous.Add(item);
                }

                ComparePrediction(user, item, context, expected, model.Predict(user, item), ambiguous.Contains(item), log);
            }

            var expectedList = reference.Recommend(user, int.MaxValue);
            CompareTopList($"Recommend({user}), {context}", expectedList, ambiguous, expectedList.Count, model.Recommend(user, int.MaxValue), log);
        }
    }

    private static void CompareSimilarities(
        string context,
        BruteForceKnn reference,
        KnnModel<string, string> model,
        IReadOnlyList<string> entities,
        string unknownId,
        ComparisonLog log)
    {
        foreach (string a in entities.Append(unknownId))
        {
            foreach (string b in entities)
            {
                double expected = reference.Similarity(a, b);
                double actual = model is UserKnnModel<string, string> userModel
                    ? userModel.Similarity(a, b)
                    : ((ItemKnnModel<string, string>)model).Similarity(a, b);
                if (!log.CheckClose(expected, actual))
                {
                    log.Fail($"Similarity({a}, {b}), {context}: {actual:R}, expected {expected:R}");
                }
            }
        }

        if (model is ItemKnnModel<string, string> itemModel)
        {
            foreach (string item in entities.Append(Dataset.UnknownItem))
            {
                var expectedList = reference.SimilarItems(item, int.MaxValue);
                CompareTopList($"SimilarItems({item}), {context}", expectedList, NoAmbiguousItems, expectedList.Count, itemModel.SimilarItems(item, int.MaxValue), log);
            }
        }
    }

    private static void ComparePrediction(
        string user,
        string item,
        string context,
        ReferencePrediction expected,
        Prediction actual,
        bool ambiguous,
        ComparisonLog log)
    {
        if (!log.Check(actual.Reason == expected.Reason))
        {
            log.Fail($"Predict({user}, {item}), {context}: reason {actual.Reason}, expected {expected.Reason}");
        }

        if (!log.Check(actual.NeighborCount == expected.NeighborCount))
        {
            log.Fail($"Predict({user}, {item}), {context}: {actual.NeighborCount} neighbours, expected {expected.NeighborCount}");
        }

        log.Predictions++;
        if (expected.Reason == ImpossibleReason.TooFewNeighbors)
        {
            log.TooFewNeighbors++;
        }

        bool idsKnown = expected.Reason is ImpossibleReason.None or ImpossibleReason.TooFewNeighbors;
        if (idsKnown && expected.RankedCandidates.Count == 0)
        {
            log.NoNeighborPredictions++;
        }

        if (ambiguous)
        {
            log.Ambiguous++;
            return;
        }

        if (!log.CheckClose(expected.Value, actual.Value) || !log.CheckClose(expected.Raw, actual.Raw))
        {
            log.Fail($"Predict({user}, {item}), {context}: value {actual.Value:R} raw {actual.Raw:R}, expected value {expected.Value:R} raw {expected.Raw:R}");
        }
    }

    /// <summary>
    /// Whether a kept neighbour and a dropped one have similarities that are nearly, but not exactly, equal, so that
    /// float storage in the library may keep the other one.
    /// </summary>
    private static bool HasNearTieAtCut(IReadOnlyList<(string Id, double Similarity)> ranked, int maxNeighbors)
    {
        for (int kept = 0; kept < Math.Min(maxNeighbors, ranked.Count); kept++)
        {
            for (int dropped = maxNeighbors; dropped < ranked.Count; dropped++)
            {
                double gap = ranked[kept].Similarity - ranked[dropped].Similarity;
                if (gap > 0 && gap <= NearTie)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HashSet<string> AmbiguousItems(BruteForceKnn reference, string user, int maxNeighbors)
    {
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (string item in reference.Items)
        {
            var prediction = reference.Predict(user, item);
            if (!prediction.Impossible && HasNearTieAtCut(prediction.RankedCandidates, maxNeighbors))
            {
                ambiguous.Add(item);
            }
        }

        return ambiguous;
    }

    /// <summary>
    /// Compares a top list from the library with the full list of the reference. The library list must have
    /// <paramref name="expectedCount"/> distinct entries, be sorted by its own scores (highest first, exact ties by
    /// id), give each entry the reference score, and agree with the reference order wherever the reference scores
    /// differ by more than <see cref="NearTie"/>. Entries in <paramref name="ambiguous"/> have no reliable reference
    /// score, so they take no part in the score and reference-order checks.
    /// </summary>
    /// <remarks>
    /// Scores that are equal on paper can differ in the last bits in either implementation, so an exact tie in the
    /// reference need not be a tie in the library. The library's own list is therefore checked for exact id order,
    /// and its agreement with the reference only up to near-ties.
    /// </remarks>
    private static void CompareTopList(
        string context,
        List<(string Item, double Score)> expectedFull,
        IReadOnlySet<string> ambiguous,
        int expectedCount,
        IReadOnlyList<ScoredItem<string>> actual,
        ComparisonLog log)
    {
        var expectedScores = expectedFull.ToDictionary(e => e.Item, e => e.Score, StringComparer.Ordinal);
        if (!log.Check(actual.Count == expectedCount))
        {
            log.Fail($"{context}: {actual.Count} entries, expected {expectedCount}");
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        string? lastReliable = null;
        for (int p = 0; p < actual.Count; p++)
        {
            var (item, score) = actual[p];
            if (!log.Check(listed.Add(item)))
            {
                log.Fail($"{context}: {item} is listed twice");
            }

            if (p > 0 && !log.Check(IsSortedPair(actual[p - 1], actual[p])))
            {
                log.Fail($"{context}: {actual[p - 1].Item} ({actual[p - 1].Score:R}) is listed before {item} ({score:R}), out of score-then-id order");
            }

            if (!log.Check(expectedScores.TryGetValue(item, out double expectedScore)))
            {
                log.Fail($"{context}: {item} is listed, but the reference does not list it");
                continue;
            }

            if (ambiguous.Contains(item))
            {
                continue;
            }

            if (!log.CheckClose(expectedScore, score))
            {
                log.Fail($"{context}: {item} scores {score:R}, expected {expectedScore:R}");
            }

            if (lastReliable is not null && !log.Check(IsAcceptableOrder(lastReliable, item, expectedScores, log)))
            {
                log.Fail($"{context}: {lastReliable} is listed before {item}, but the reference scores them {expectedScores[lastReliable]:R} and {expectedScore:R}");
            }

            lastReliable = item;
        }

        // The last reliable entry listed must be at least as good as every reliable entry left out.
        if (lastReliable is null)
        {
            return;
        }

        foreach (var (item, score) in expectedFull)
        {
            if (!listed.Contains(item) && !ambiguous.Contains(item) && !log.Check(IsAcceptableOrder(lastReliable, item, expectedScores, log)))
            {
                log.Fail($"{context}: {item} ({score:R}) is left out, but {lastReliable} ({expectedScores[lastReliable]:R}) is listed");
            }
        }
    }

    private static bool IsSortedPair(ScoredItem<string> first, ScoredItem<string> second)
        => first.Score > second.Score || (first.Score == second.Score && string.CompareOrdinal(first.Item, second.Item) < 0);

    /// <summary>
    /// Whether the reference allows <paramref name="first"/> before <paramref name="second"/>: it does unless it
    /// scores <paramref name="second"/> higher by more than <see cref="NearTie"/>. Near-ties in the other order are
    /// counted as ambiguous.
    /// </summary>
    private static bool IsAcceptableOrder(string first, string second, Dictionary<string, double> scores, ComparisonLog log)
    {
        double difference = scores[first] - scores[second];
        bool referenceOrder = difference > 0 || (difference == 0 && string.CompareOrdinal(first, second) < 0);
        if (!referenceOrder && difference >= -NearTie)
        {
            log.Ambiguous++;
        }

        return difference >= -NearTie;
    }

    private static Dictionary<string, Dictionary<string, double>> ToDictionaries(RatingMatrix<string, string> matrix)
    {
        var ratings = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var row in matrix.Rows())
        {
            if (!ratings.TryGetValue(row.User, out var items))
            {
                items = new Dictionary<string, double>(StringComparer.Ordinal);
                ratings.Add(row.User, items);
            }

            items.Add(row.Item, row.Rating);
        }

        return ratings;
    }

    private static KnnModel<string, string> Fit(RatingMatrix<string, string> matrix, KnnOptions options, bool userBased)
        => userBased ? new UserKnn(options).Fit(matrix) : new ItemKnn(options).Fit(matrix);

    private static SimilarityMetric MetricNamed(string name) => Metrics.Single(m => m.Name == name);

    private static string Describe(KnnOptions options, bool userBased)
        => $"{(userBased ? "user" : "item")}-based {options.Similarity.Name}, support {options.MinSupport}, shrinkage {options.Shrinkage}, "
            + $"{options.Centering}, {options.Weighting}, k {options.MaxNeighbors}, min {options.MinNeighbors}, "
            + $"fallbacks {options.UnknownIdFallback}/{options.TooFewNeighborsFallback}";

    private static string MixedCaseId(char prefix, int index)
    {
        // Upper case, lower case, '-' and '_' sort differently under ordinal and linguistic rules.
        string[] forms = ["{0}{1}", "{2}{1}", "{0}-{1}", "{0}_{1}", "{2}{1:D2}"];
        string form = forms[index % forms.Length];
        return string.Format(CultureInfo.InvariantCulture, form, prefix, index, char.ToUpperInvariant(prefix));
    }

    private static void Report(ComparisonLog log, ITestOutputHelper output)
    {
        output.WriteLine(
            $"{log.Comparisons} comparisons, {log.FailureCount} mismatches, {log.Predictions} predictions "
            + $"({log.TooFewNeighbors} with too few neighbours), {log.Ambiguous} near-ties");
        log.FailureCount.Should().Be(
            0,
            "the library must match the reference, but {0} of {1} comparisons failed, the first being:{2}{3}",
            log.FailureCount,
            log.Comparisons,
            Environment.NewLine,
            string.Join(Environment.NewLine, log.Failures));
        log.Ambiguous.Should().BeLessThan(Math.Max(10, log.Comparisons / 100), "near-ties must stay rare, because their values are not compared");
    }

    /// <summary>Counts comparisons and keeps the first failures.</summary>
    private sealed class ComparisonLog
    {
        private const int MaxFailuresKept = 40;

        public int Comparisons { get; private set; }

        /// <summary>Value comparisons skipped, and list orders accepted, because of a near-tie.</summary>
        public int Ambiguous { get; set; }

        public int Predictions { get; set; }

        /// <summary>Predictions that the reference marks impossible for too few neighbours.</summary>
        public int TooFewNeighbors { get; set; }

        /// <summary>Predictions with both ids known and not a single usable neighbour.</summary>
        public int NoNeighborPredictions { get; set; }

        public List<string> Failures { get; } = [];

        public int FailureCount { get; private set; }

        /// <summary>Counts one comparison and returns its outcome, so the caller builds a message only on failure.</summary>
        public bool Check(bool passed)
        {
            Comparisons++;
            return passed;
        }

        public bool CheckClose(double expected, double actual) => Check(Math.Abs(expected - actual) <= Tolerance);

        public void Fail(string description)
        {
            FailureCount++;
            if (Failures.Count < MaxFailuresKept)
            {
                Failures.Add(description);
            }
        }
    }

    /// <summary>One random matrix in both forms: the library's and the reference's nested dictionaries.</summary>
    private sealed class Dataset
    {
        public const string UnknownUser = "unknown-user";
        public const string UnknownItem = "unknown-item";

        private Dataset(string name, Dictionary<string, Dictionary<string, double>> ratings, RatingMatrix<string, string> matrix, bool fullGrid)
        {
            Name = name;
            Ratings = ratings;
            Matrix = matrix;
            FullGrid = fullGrid;
        }

        public string Name { get; }

        /// <summary>Whether the option grid runs in full on this matrix, or the reduced grid.</summary>
        public bool FullGrid { get; }

        public Dictionary<string, Dictionary<string, double>> Ratings { get; }

        public RatingMatrix<string, string> Matrix { get; }

        public override string ToString() => Name;

        /// <summary>
        /// Draws each (user, item) cell with probability <paramref name="density"/> and a value from
        /// <paramref name="values"/>. The first user's ratings all take the lowest value, so that one entity has zero
        /// standard deviation.
        /// </summary>
        public static Dataset Generate(
            string name,
            int users,
            int items,
            double density,
            double[] values,
            int seed,
            bool fullGrid,
            Func<char, int, string>? formatId = null)
        {
            formatId ??= (prefix, index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{index:D2}");
            var random = new Random(seed);
            var triples = new List<(string User, string Item, double Rating)>();
            for (int u = 0; u < users; u++)
            {
                for (int i = 0; i < items; i++)
                {
                    if (random.NextDouble() < density)
                    {
                        double rating = u == 0 ? values[0] : values[random.Next(values.Length)];
                        triples.Add((formatId('u', u), formatId('i', i), rating));
                    }
                }
            }

            var ratings = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
            var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
            foreach (var (user, item, rating) in triples)
            {
                if (!ratings.TryGetValue(user, out var row))
                {
                    row = new Dictionary<string, double>(StringComparer.Ordinal);
                    ratings.Add(user, row);
                }

                row.Add(item, rating);
                builder.Add(user, item, rating);
            }

            return new Dataset(name, ratings, builder.Build(), fullGrid);
        }
    }
}

/// <summary>
/// The user-based half of the option grid of <see cref="FastPathMatchesReferenceTests"/>, in its own class so that
/// xUnit runs it in parallel with the other tests.
/// </summary>
public class FastPathMatchesReferenceUserBasedTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(FastPathMatchesReferenceTests.GridCases), MemberType = typeof(FastPathMatchesReferenceTests))]
    public void OptionGrid_UserBasedMatchesReference(string dataset, string metric, int minSupport)
        => FastPathMatchesReferenceTests.RunOptionGrid(dataset, metric, userBased: true, minSupport, output);
}

/// <summary>
/// The item-based half of the option grid of <see cref="FastPathMatchesReferenceTests"/>, in its own class so that
/// xUnit runs it in parallel with the other tests.
/// </summary>
public class FastPathMatchesReferenceItemBasedTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(FastPathMatchesReferenceTests.GridCases), MemberType = typeof(FastPathMatchesReferenceTests))]
    public void OptionGrid_ItemBasedMatchesReference(string dataset, string metric, int minSupport)
        => FastPathMatchesReferenceTests.RunOptionGrid(dataset, metric, userBased: false, minSupport, output);
}

using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.IO;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.RealData;

/// <summary>
/// Accuracy on MovieLens 100K's u1.base / u1.test split against figures measured with Surprise 1.1.4 under the
/// same conventions: k = 40, at least one neighbour, minimum support 1, positive similarities only, ties by ascending
/// numeric id, estimates clipped to [1, 5], Surprise's fallbacks, and impossible pairs kept in RMSE and MAE.
/// </summary>
[Trait("Category", "RealData")]
public class SurpriseAgreementTests
{
    private const double Tolerance = 0.0002;

    private static readonly Lazy<(RatingMatrix<long, long> Train, IReadOnlyList<RatingRow<long, long>> Test)> Split = new(() =>
    {
        var train = MovieLensReader.ReadUData(TestData.Require("ml-100k", "u1.base")).ToMatrix(RatingScale.OneToFive);
        var test = MovieLensReader.ReadUData(TestData.Require("ml-100k", "u1.test")).Rows;
        return (train, test);
    });

    public static TheoryData<string, double, double> Variants => new()
    {
        { "user-pearson-mean", 0.964783, 0.754295 },
        { "user-cosine-plain", 1.022922, 0.812763 },
        { "item-pearson-plain", 1.059362, 0.846601 },
        { "item-pearson-baseline-baseline", 0.935885, 0.734305 },
    };

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public void Accuracy_MatchesSurprise(string variant, double rmse, double mae)
    {
        TestData.Require("ml-100k", "u1.base");
        TestData.Require("ml-100k", "u1.test");
        var (train, test) = Split.Value;
        var common = new KnnOptions { MaxNeighbors = 40, MinNeighbors = 1, MinSupport = 1, Weighting = NeighborWeighting.PositiveOnly };
        IRecommenderAlgorithm algorithm = variant switch
        {
            "user-pearson-mean" => new UserKnn((common with { Similarity = Similarity.Pearson, Centering = Centering.Mean }).WithSurpriseFallbacks()),
            "user-cosine-plain" => new UserKnn((common with { Similarity = Similarity.Cosine, Centering = Centering.None }).WithSurpriseFallbacks()),
            "item-pearson-plain" => new ItemKnn((common with { Similarity = Similarity.Pearson, Centering = Centering.None }).WithSurpriseFallbacks()),
            _ => new ItemKnn((common with { Similarity = Similarity.PearsonBaseline, Centering = Centering.Baseline }).WithSurpriseFallbacks()),
        };

        var model = algorithm.Fit(train);
        double squared = 0;
        double absolute = 0;
        foreach (var row in test)
        {
            double error = model.Predict(row.User, row.Item).Value - row.Rating;
            squared += error * error;
            absolute += Math.Abs(error);
        }

        Math.Sqrt(squared / test.Count).Should().BeApproximately(rmse, Tolerance);
        (absolute / test.Count).Should().BeApproximately(mae, Tolerance);
    }

    [SkippableFact]
    public void Evaluator_PredefinedSplitAgrees()
    {
        var train = MovieLensReader.ReadUData(TestData.Require("ml-100k", "u1.base")).Rows;
        var test = MovieLensReader.ReadUData(TestData.Require("ml-100k", "u1.test")).Rows;
        var split = NewRetail.CF.Evaluation.Split.Predefined(train, test, RatingScale.OneToFive);
        var options = new KnnOptions
        {
            MaxNeighbors = 40,
            MinSupport = 1,
            Weighting = NeighborWeighting.PositiveOnly,
            Similarity = Similarity.Pearson,
            Centering = Centering.Mean,
        }.WithSurpriseFallbacks();

        var result = Evaluator.Evaluate(new UserKnn(options).Fit(split.Train), split.Test);

        result.Rmse.Should().BeApproximately(0.964783, Tolerance);
        result.Mae.Should().BeApproximately(0.754295, Tolerance);
        result.TestCount.Should().Be(20_000);
        result.UnknownIdCount.Should().BeGreaterThan(0);
        result.ImpossibleCount.Should().BeGreaterThanOrEqualTo(result.UnknownIdCount);
    }

    [SkippableFact]
    public void TestSet_HasUnknownIds()
    {
        TestData.Require("ml-100k", "u1.base");
        var (train, test) = Split.Value;

        // Items seen only in u1.test make these figures depend on the unknown-id fallback.
        test.Count.Should().Be(20_000);
        test.Count(r => !train.Items.Contains(r.Item)).Should().BeGreaterThan(0);
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>Metrics and centrings on a three-user table, each value worked out by hand in the comments.</summary>
public class HandWorkedVariantTests
{
    // Means: u1 11/3, u2 13/4, u3 11/3.
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Table(
        "u1: 4 2 5 -",
        "u2: 5 1 4 3",
        "u3: 2 4 - 5");

    private static UserKnnModel<string, string> Users(SimilarityMetric metric, Centering centering = Centering.Mean)
        => new UserKnn(new KnnOptions { Similarity = metric, MinSupport = 1, Centering = centering }).Fit(Ratings);

    [Fact]
    public void Msd_Similarities()
    {
        var model = Users(Similarity.MeanSquaredDifference);

        // u1–u2 on i1..i3: differences −1, 1, 1, so MSD = 1 and the similarity is 1/2.
        model.Similarity("u1", "u2").Should().BeApproximately(0.5, 1e-7);

        // u1–u3 on i1, i2: differences 2, −2, so MSD = 4 and the similarity is 1/5.
        model.Similarity("u1", "u3").Should().BeApproximately(0.2, 1e-7);
    }

    [Fact]
    public void Msd_MeanCentredPrediction()
    {
        // 11/3 + (0.5·(3 − 13/4) + 0.2·(5 − 11/3)) / 0.7
        double expected = (11.0 / 3) + (((0.5 * (3 - 3.25)) + (0.2 * (5 - (11.0 / 3)))) / 0.7);

        Users(Similarity.MeanSquaredDifference).Predict("u1", "i4").Raw.Should().BeApproximately(expected, 1e-6);
        expected.Should().BeApproximately(3.869048, 1e-6);
    }

    [Fact]
    public void Msd_PlainPrediction()
    {
        // (0.5·3 + 0.2·5) / 0.7
        Users(Similarity.MeanSquaredDifference, Centering.None).Predict("u1", "i4").Raw.Should().BeApproximately(2.5 / 0.7, 1e-6);
    }

    [Fact]
    public void Msd_ZScorePrediction()
    {
        // Population standard deviations: u1 and u3 √(42/27), u2 √(8.75/4).
        double sigma1 = Math.Sqrt(42.0 / 27);
        double sigma2 = Math.Sqrt(8.75 / 4);
        double sigma3 = Math.Sqrt(42.0 / 27);
        double expected = (11.0 / 3) + (sigma1 * ((0.5 * (3 - 3.25) / sigma2) + (0.2 * (5 - (11.0 / 3)) / sigma3)) / 0.7);

        Users(Similarity.MeanSquaredDifference, Centering.ZScore).Predict("u1", "i4").Raw.Should().BeApproximately(expected, 1e-6);
        expected.Should().BeApproximately(3.897035, 1e-6);
    }

    [Fact]
    public void ZScore_ConstantUserUsesOverallDeviation()
    {
        // u1 rates everything 3, so its own deviation is 0 and the deviation of all eight ratings is used instead.
        var ratings = Fixtures.Table(
            "u1: 3 3 -",
            "u2: 4 2 5",
            "u3: 5 1 2");
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1, Centering = Centering.ZScore }).Fit(ratings);
        double[] all = [3, 3, 4, 2, 5, 5, 1, 2];
        double mean = all.Average();
        double overall = Math.Sqrt(all.Sum(r => (r - mean) * (r - mean)) / all.Length);
        double cos12 = (12.0 + 6) / (Math.Sqrt(18) * Math.Sqrt(20));
        double cos13 = (15.0 + 3) / (Math.Sqrt(18) * Math.Sqrt(26));
        double sigma2 = Math.Sqrt((((4 - (11.0 / 3)) * (4 - (11.0 / 3))) + ((2 - (11.0 / 3)) * (2 - (11.0 / 3))) + ((5 - (11.0 / 3)) * (5 - (11.0 / 3)))) / 3);
        double sigma3 = Math.Sqrt((((5 - (8.0 / 3)) * (5 - (8.0 / 3))) + ((1 - (8.0 / 3)) * (1 - (8.0 / 3))) + ((2 - (8.0 / 3)) * (2 - (8.0 / 3)))) / 3);
        double expected = 3 + (overall * ((cos12 * (5 - (11.0 / 3)) / sigma2) + (cos13 * (2 - (8.0 / 3)) / sigma3)) / (cos12 + cos13));

        model.Predict("u1", "i3").Raw.Should().BeApproximately(expected, 1e-6);
    }

    [Fact]
    public void AdjustedCosine_ItemSimilarity()
    {
        // Residuals from user means on i1 and i2: u1 (1/3, −5/3), u2 (1.75, −2.25), u3 (−5/3, 1/3).
        double xy = ((1.0 / 3) * (-5.0 / 3)) + (1.75 * -2.25) + ((-5.0 / 3) * (1.0 / 3));
        double xx = (1.0 / 9) + (1.75 * 1.75) + (25.0 / 9);
        double yy = (25.0 / 9) + (2.25 * 2.25) + (1.0 / 9);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.AdjustedCosine, MinSupport = 1 }).Fit(Ratings);

        model.Similarity("i1", "i2").Should().BeApproximately(xy / Math.Sqrt(xx * yy), 1e-6);
        model.Similarity("i1", "i2").Should().BeApproximately(-0.733907, 1e-6);
    }

    [Fact]
    public void Shrinkage_ScalesBySupport()
    {
        // Cosine u1–u2 over i1..i3 is 42 / √(45·42); with λ = 10 and n = 3 it is multiplied by 2/12.
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1, Shrinkage = 10 }).Fit(Ratings);

        model.Similarity("u1", "u2").Should().BeApproximately(42 / Math.Sqrt(45 * 42.0) * 2 / 12, 1e-6);
    }
}

/// <summary>Baseline biases on a three-rating table, one epoch worked out by hand.</summary>
public class BaselineTests
{
    // μ = 4.
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Matrix(("u1", "i1", 5), ("u1", "i2", 3), ("u2", "i1", 4));

    [Fact]
    public void Als_OneEpoch()
    {
        var model = new BaselineOnly(new BaselineOptions { Epochs = 1, UserRegularization = 1, ItemRegularization = 1 }).Fit(Ratings);

        // Items first: b_i1 = (1 + 0) / (1 + 2) = 1/3, b_i2 = −1 / (1 + 1) = −1/2.
        model.ItemBias("i1").Should().BeApproximately(1.0 / 3, 1e-12);
        model.ItemBias("i2").Should().BeApproximately(-0.5, 1e-12);

        // Then users: b_u1 = ((1 − 1/3) + (−1 + 1/2)) / 3 = 1/18, b_u2 = (−1/3) / 2 = −1/6.
        model.UserBias("u1").Should().BeApproximately(1.0 / 18, 1e-12);
        model.UserBias("u2").Should().BeApproximately(-1.0 / 6, 1e-12);
        model.Predict("u2", "i2").Value.Should().BeApproximately(4 - (1.0 / 6) - 0.5, 1e-12);
    }

    [Fact]
    public void Sgd_OneEpoch()
    {
        var options = new BaselineOptions { Method = BaselineMethod.Sgd, Epochs = 1, LearningRate = 0.1, SgdRegularization = 0 };
        var model = new BaselineOnly(options).Fit(Ratings);

        // (u1,i1): e = 1 → b_u1 = b_i1 = 0.1. (u1,i2): e = −1.1 → b_u1 = −0.01, b_i2 = −0.11.
        // (u2,i1): e = −0.1 → b_u2 = −0.01, b_i1 = 0.09.
        model.UserBias("u1").Should().BeApproximately(-0.01, 1e-12);
        model.UserBias("u2").Should().BeApproximately(-0.01, 1e-12);
        model.ItemBias("i1").Should().BeApproximately(0.09, 1e-12);
        model.ItemBias("i2").Should().BeApproximately(-0.11, 1e-12);
        model.Predict("u2", "i2").Value.Should().BeApproximately(3.88, 1e-12);
    }

    [Fact]
    public void Predict_UnknownIdsKeepKnownBias()
    {
        var model = new BaselineOnly(new BaselineOptions { Epochs = 1, UserRegularization = 1, ItemRegularization = 1 }).Fit(Ratings);
        var unknownItem = model.Predict("u1", "zz");
        var unknownBoth = model.Predict("x", "zz");

        unknownItem.Value.Should().BeApproximately(4 + (1.0 / 18), 1e-12);
        unknownItem.Reason.Should().Be(ImpossibleReason.UnknownItem);
        unknownBoth.Value.Should().Be(4);
        unknownBoth.Reason.Should().Be(ImpossibleReason.UnknownUserAndItem);
    }

    [Fact]
    public void Recommend_RanksByItemBias()
    {
        var model = new BaselineOnly(new BaselineOptions { Epochs = 1, UserRegularization = 1, ItemRegularization = 1 }).Fit(Ratings);

        model.Recommend("u2", 5).Select(s => s.Item).Should().Equal("i2");
        model.Recommend("u2", 5, excludeRated: false).Select(s => s.Item).Should().Equal("i1", "i2");
    }

    [Fact]
    public void Fit_InvalidOptionThrows()
    {
        new BaselineOnly(new BaselineOptions { LearningRate = double.NaN }).Invoking(a => a.Fit(Ratings))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LearningRate");
    }
}

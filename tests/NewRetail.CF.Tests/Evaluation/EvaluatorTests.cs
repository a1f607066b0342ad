using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>Evaluation of a fitted model on test rows, with impossible predictions included or excluded.</summary>
public class EvaluatorTests
{
    // Predictions by hand:
    //   (u1,i1) actual 4, predicted 3.5, normal.
    //   (u1,i2) actual 2, predicted 3,   normal.
    //   (u9,i1) actual 5, fallback 3,    unknown user.
    //   (u2,i9) actual 1, fallback 2,    unknown item.
    //   (u2,i3) actual 4, fallback 2,    too few neighbours.
    // Include: errors 0.5, −1, 2, −1, 2. Squares sum to 0.25 + 1 + 4 + 1 + 4 = 10.25, so MSE = 2.05,
    //   RMSE = √2.05 = 1.431782 and MAE = 6.5 / 5 = 1.3.
    // Exclude: errors 0.5, −1. MSE = 1.25 / 2 = 0.625, RMSE = 0.790569, MAE = 1.5 / 2 = 0.75.
    private static readonly RatingRow<string, string>[] TestRows =
    [
        new("u1", "i1", 4),
        new("u1", "i2", 2),
        new("u9", "i1", 5),
        new("u2", "i9", 1),
        new("u2", "i3", 4),
    ];

    private static ScriptedRecommender Model() => new ScriptedRecommender()
        .Returns("u1", "i1", 3.5)
        .Returns("u1", "i2", 3)
        .FallsBack("u9", "i1", 3, ImpossibleReason.UnknownUser)
        .FallsBack("u2", "i9", 2, ImpossibleReason.UnknownItem)
        .FallsBack("u2", "i3", 2, ImpossibleReason.TooFewNeighbors);

    [Fact]
    public void Evaluate_IncludeScoresFallbacks()
    {
        var result = Evaluator.Evaluate(Model(), TestRows);

        result.Rmse.Should().BeApproximately(1.431782, 1e-6);
        result.Mae.Should().BeApproximately(1.3, 1e-12);
        result.Mse.Should().BeApproximately(2.05, 1e-12);
        result.ScoredCount.Should().Be(5);
        result.ImpossiblePredictions.Should().Be(ImpossiblePredictions.Include);
    }

    [Fact]
    public void Evaluate_ExcludeLeavesFallbacksOut()
    {
        var result = Evaluator.Evaluate(Model(), TestRows, new EvaluationOptions { ImpossiblePredictions = ImpossiblePredictions.Exclude });

        result.Rmse.Should().BeApproximately(0.790569, 1e-6);
        result.Mae.Should().BeApproximately(0.75, 1e-12);
        result.Mse.Should().BeApproximately(0.625, 1e-12);
        result.ScoredCount.Should().Be(2);
        result.ImpossiblePredictions.Should().Be(ImpossiblePredictions.Exclude);
    }

    [Theory]
    [InlineData(ImpossiblePredictions.Include)]
    [InlineData(ImpossiblePredictions.Exclude)]
    public void Evaluate_CountsImpossibleByReason(ImpossiblePredictions handling)
    {
        var result = Evaluator.Evaluate(Model(), TestRows, new EvaluationOptions { ImpossiblePredictions = handling });

        result.TestCount.Should().Be(5);
        result.ImpossibleCount.Should().Be(3);
        result.UnknownIdCount.Should().Be(2);
        result.TooFewNeighborsCount.Should().Be(1);
    }

    [Fact]
    public void Evaluate_FcpOverScoredPairs()
    {
        // Include: u1 has (4 > 2) with 3.5 > 3, concordant. u2 has (4 > 1) with tied fallbacks 2 and 2, discordant.
        // mean(nc) = 1 over u1 and mean(nd) = 1 over u2, so FCP = 0.5. Exclude drops both u2 pairs and keeps the
        // concordant u1 pair, so FCP = 1.
        var included = Evaluator.Evaluate(Model(), TestRows);
        var excluded = Evaluator.Evaluate(Model(), TestRows, new EvaluationOptions { ImpossiblePredictions = ImpossiblePredictions.Exclude });

        included.Fcp.Should().BeApproximately(0.5, 1e-12);
        excluded.Fcp.Should().Be(1.0);
    }

    [Fact]
    public void Evaluate_ScoresClippedValue()
    {
        // Raw 6.2 is clipped to 5, so the error is 0, not 1.2.
        var model = new ScriptedRecommender().Returns("u1", "i1", 5, raw: 6.2);

        var result = Evaluator.Evaluate(model, [new RatingRow<string, string>("u1", "i1", 5)]);

        result.Rmse.Should().Be(0);
    }

    [Fact]
    public void Evaluate_ExcludeWithOnlyImpossibleThrows()
    {
        var model = new ScriptedRecommender().FallsBack("u9", "i1", 3, ImpossibleReason.UnknownUser);

        var act = () => Evaluator.Evaluate(
            model, [new RatingRow<string, string>("u9", "i1", 4)], new EvaluationOptions { ImpossiblePredictions = ImpossiblePredictions.Exclude });

        act.Should().Throw<InvalidOperationException>().WithMessage("All 1 predictions were impossible*");
    }

    [Fact]
    public void Evaluate_EmptyTestThrows()
    {
        var act = () => Evaluator.Evaluate(Model(), []);

        act.Should().Throw<ArgumentException>().WithMessage("There are no test rows*").WithParameterName("testRows");
    }

    [Fact]
    public void Evaluate_NaNPredictionThrows()
    {
        var model = new ScriptedRecommender().Returns("u1", "i1", double.NaN);

        var act = () => Evaluator.Evaluate(model, [new RatingRow<string, string>("u1", "i1", 4)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("The model predicted NaN for (u1, i1)*");
    }

    [Fact]
    public void Evaluate_NaNTestRatingThrows()
    {
        var act = () => Evaluator.Evaluate(Model(), [new RatingRow<string, string>("u1", "i1", double.NaN)]);

        act.Should().Throw<ArgumentException>().WithMessage("Test row 1 rates (u1, i1) NaN*");
    }

    [Fact]
    public void Evaluate_UndefinedOptionThrows()
    {
        var act = () => Evaluator.Evaluate(Model(), TestRows, new EvaluationOptions { ImpossiblePredictions = (ImpossiblePredictions)7 });

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    /// <summary>
    /// A user-based cosine model on a small table. The expected values are worked out by hand in the comments.
    /// </summary>
    public class WithUserKnn
    {
        // Training table (1–5 scale):
        //   u1: i1 = 4, i2 = 2             mean 3
        //   u2: i1 = 2, i2 = 4, i3 = 3     mean 3
        //   u3: i1 = 4, i3 = 5, i4 = 1     mean 10/3
        //   u4: i5 = 4                     mean 4
        // Global mean 29/9 = 3.222222.
        // Cosine over co-rated items: sim(u1,u2) = (8 + 8) / (√20·√20) = 0.8, sim(u1,u3) = 16 / 16 = 1,
        // sim(u2,u3) = (8 + 15) / √(13·41) = 0.996241. u4 shares no item with anyone, so its similarities are 0.
        private static readonly RatingMatrix<string, string> Train = Fixtures.Matrix(
            ("u1", "i1", 4), ("u1", "i2", 2),
            ("u2", "i1", 2), ("u2", "i2", 4), ("u2", "i3", 3),
            ("u3", "i1", 4), ("u3", "i3", 5), ("u3", "i4", 1),
            ("u4", "i5", 4));

        // (u1,i3) actual 4: 3 + (0.8·(3 − 3) + 1·(5 − 10/3)) / (0.8 + 1) = 3 + 25/27 = 3.925926.
        // (u2,i4) actual 2: 3 + 0.996241·(1 − 10/3) / 0.996241 = 0.666667, clipped to 1.
        // (u9,i1) actual 4: unknown user, the global mean 3.222222.
        // (u2,i9) actual 3: unknown item, the mean of u2, 3.
        // (u1,i5) actual 2: only u4 rated i5 and sim(u1,u4) = 0, so too few neighbours and the mean of u1, 3.
        private static readonly RatingRow<string, string>[] Test =
        [
            new("u1", "i3", 4),
            new("u2", "i4", 2),
            new("u9", "i1", 4),
            new("u2", "i9", 3),
            new("u1", "i5", 2),
        ];

        private static UserKnnModel<string, string> Fit()
            => new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxNeighbors = 40, MinNeighbors = 1, MinSupport = 1 }).Fit(Train);

        [Fact]
        public void Predictions_MatchHandValues()
        {
            var model = Fit();

            model.Predict("u1", "i3").Value.Should().BeApproximately(3.925926, 1e-6);
            model.Predict("u2", "i4").Value.Should().Be(1);
            model.Predict("u2", "i4").Raw.Should().BeApproximately(0.666667, 1e-6);
            model.Predict("u9", "i1").Reason.Should().Be(ImpossibleReason.UnknownUser);
            model.Predict("u9", "i1").Value.Should().BeApproximately(3.222222, 1e-6);
            model.Predict("u2", "i9").Reason.Should().Be(ImpossibleReason.UnknownItem);
            model.Predict("u2", "i9").Value.Should().BeApproximately(3, 1e-12);
            model.Predict("u1", "i5").Reason.Should().Be(ImpossibleReason.TooFewNeighbors);
            model.Predict("u1", "i5").Value.Should().BeApproximately(3, 1e-12);
        }

        [Fact]
        public void Include_KeepsFallbacks()
        {
            // Errors −2/27, −1, −7/9, 0, 1. Squares 0.005487 + 1 + 0.604938 + 0 + 1 = 2.610425, so MSE = 0.522085 and
            // RMSE = 0.722555. Absolute errors sum to 2.851852, so MAE = 0.570370.
            var result = Evaluator.Evaluate(Fit(), Test);

            result.Rmse.Should().BeApproximately(0.722555, 1e-6);
            result.Mae.Should().BeApproximately(0.570370, 1e-6);
            result.Mse.Should().BeApproximately(0.522085, 1e-6);
            result.ScoredCount.Should().Be(5);
            result.UnknownIdCount.Should().Be(2);
            result.TooFewNeighborsCount.Should().Be(1);
        }

        [Fact]
        public void Exclude_DropsFallbacks()
        {
            // Errors −2/27 and −1. MSE = (0.005487 + 1) / 2 = 0.502743, RMSE = 0.709044, MAE = (0.074074 + 1) / 2 = 0.537037.
            var result = Evaluator.Evaluate(Fit(), Test, new EvaluationOptions { ImpossiblePredictions = ImpossiblePredictions.Exclude });

            result.Rmse.Should().BeApproximately(0.709044, 1e-6);
            result.Mae.Should().BeApproximately(0.537037, 1e-6);
            result.Mse.Should().BeApproximately(0.502743, 1e-6);
            result.ScoredCount.Should().Be(2);
            result.ImpossibleCount.Should().Be(3);
        }

        [Fact]
        public void Exclude_LeavesNoFcpPair()
        {
            // Only (u1,i3) and (u2,i4) are scored, one pair per user, so nothing can be compared.
            Evaluator.Evaluate(Fit(), Test, new EvaluationOptions { ImpossiblePredictions = ImpossiblePredictions.Exclude }).Fcp.Should().BeNull();
        }

        [Fact]
        public void Include_FcpIsOne()
        {
            // u1: (4 > 2) with 3.925926 > 3. u2: (3 > 2) with 3 > 1. Both concordant and no discordant pair.
            Evaluator.Evaluate(Fit(), Test).Fcp.Should().Be(1.0);
        }
    }
}

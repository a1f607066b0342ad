using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;

namespace NewRetail.CF.Benchmarks.Baselines;

/// <summary>
/// The k-fold cross-validation path before it was reworked, as the baseline of <c>CrossValidationBenchmarks</c>:
/// each training matrix rebuilt from its rows by a <see cref="RatingMatrixBuilder{TUser, TItem}"/>, the scalar
/// loops of the packed fit, and one candidate-struct prediction per held-out rating on one thread.
/// </summary>
/// <remarks>
/// The folds, the models and every prediction are those of <see cref="CrossValidation.Run{TUser, TItem}(IRecommenderAlgorithm, RatingMatrix{TUser, TItem}, int, long, EvaluationOptions?, CancellationToken)"/>
/// with the same seed, so the two return the same per-fold RMSE.
/// </remarks>
public static class PreviousCrossValidation
{
    /// <summary>Runs the previous path with user-based KNN and <paramref name="options"/>, and returns the per-fold RMSE.</summary>
    public static double[] Run(RatingMatrix<int, int> ratings, int folds, long seed, KnnOptions options)
    {
        var rows = ratings.Rows().ToArray();
        int[][] testRows = Split.KFoldTestRows(Split.Permutation(ratings.Count, seed), folds);
        var previousFit = options with { AllowVectorKernels = false };
        var rmse = new double[folds];
        for (int f = 0; f < folds; f++)
        {
            var (train, test) = Rebuild(ratings, rows, testRows[f]);
            var model = new UserKnn(previousFit).Fit(train);
            var predictor = new CandidateHeapPredictor(model);
            rmse[f] = Evaluator.Evaluate(new OneByOneRecommender(predictor.Predict), test).Rmse;
        }

        return rmse;
    }

    private static (RatingMatrix<int, int> Train, RatingRow<int, int>[] Test) Rebuild(
        RatingMatrix<int, int> ratings, RatingRow<int, int>[] rows, int[] sortedTestRows)
    {
        var isTest = new bool[rows.Length];
        var test = new RatingRow<int, int>[sortedTestRows.Length];
        for (int t = 0; t < sortedTestRows.Length; t++)
        {
            isTest[sortedTestRows[t]] = true;
            test[t] = rows[sortedTestRows[t]];
        }

        var builder = new RatingMatrixBuilder<int, int>(ratings.Scale, DuplicatePolicy.Error, ratings.Users.Comparer, ratings.Items.Comparer);
        for (int r = 0; r < rows.Length; r++)
        {
            if (!isTest[r])
            {
                builder.Add(rows[r].User, rows[r].Item, rows[r].Rating);
            }
        }

        return (builder.Build(), test);
    }

    /// <summary>Serves <see cref="Evaluator"/> one prediction per pair, in order, on the calling thread.</summary>
    private sealed class OneByOneRecommender(Func<int, int, Prediction> predict) : IRecommender<int, int>
    {
        public Prediction Predict(int user, int item) => predict(user, item);

        public Prediction[] PredictMany(IEnumerable<(int User, int Item)> pairs) => pairs.Select(pair => predict(pair.User, pair.Item)).ToArray();

        public IReadOnlyList<ScoredItem<int>> Recommend(int user, int count, bool excludeRated = true)
            => throw new NotSupportedException("The cross-validation baseline only predicts ratings.");
    }
}

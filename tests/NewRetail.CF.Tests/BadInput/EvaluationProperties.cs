using CsCheck;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Random arguments and data against the splits, the evaluators and the models' public calls: each call either
/// works and its result keeps its basic invariants, or throws the documented exception.
/// </summary>
public class EvaluationProperties
{
    private const int Cases = 200;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Up to 12 distinct (user, item) pairs on the 1 to 5 scale.</summary>
    private static readonly Gen<RatingMatrix<string, string>> SmallMatrix = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Int[1, 5]).Array[0, 12]
        .Select(rows => RatingMatrix.Create(
            rows.DistinctBy(r => (r.Item1, r.Item2)).Select(r => new RatingRow<string, string>($"u{r.Item1}", $"i{r.Item2}", r.Item3)),
            RatingScale.OneToFive));

    private static readonly Gen<double> Fraction = Gen.OneOf(-0.5, 0, 1e-9, 0.2, 0.5, 0.99, 1, double.NaN, double.PositiveInfinity);

    private static readonly Gen<InteractionEvent<string, string>[]> Events = Gen.Select(
            Gen.Frequency((20, Gen.Int[0, 3].Select(i => (string?)$"u{i}")), (1, Gen.Const((string?)null))),
            Gen.Frequency((20, Gen.Int[0, 4].Select(i => (string?)$"i{i}")), (1, Gen.Const((string?)null))),
            Gen.Frequency((10, Gen.OneOf(Behavior.View, Behavior.Purchase, Behavior.AddToCart)), (1, Gen.Const(default(Behavior)))),
            Gen.Int[0, 30])
        .Select((u, i, b, day) => new InteractionEvent<string, string>(u!, i!, b, Start.AddDays(day)))
        .Array[0, 16];

    [Fact]
    public void TrainTestAndKFold_RandomArguments()
    {
        PropertyCheck.Run(Gen.Select(SmallMatrix, Fraction, Gen.Int[-1, 14], Gen.Long), t =>
        {
            var (matrix, fraction, folds, seed) = t;
            var trainTest = Outcome.ArgumentOrDataError(() =>
            {
                var split = Split.TrainTest(matrix, fraction, seed);
                (split.Train.Count + split.Test.Count).Should().Be(matrix.Count);
                split.Test.Should().NotBeEmpty();
                foreach (var row in split.Test)
                {
                    split.Train.TryGetRating(row.User, row.Item, out float _).Should().BeFalse();
                }
            });
            trainTest?.Should().BeAssignableTo<ArgumentOutOfRangeException>();

            var kfold = Outcome.ArgumentOrDataError(() =>
            {
                var splits = Split.KFold(matrix, folds, seed);
                splits.Should().HaveCount(folds);
                splits.Sum(s => s.Test.Count).Should().Be(matrix.Count);
                splits.SelectMany(s => s.Test).Select(r => (r.User, r.Item)).Distinct().Should().HaveCount(matrix.Count);
                splits.Should().OnlyContain(s => s.Train.Count + s.Test.Count == matrix.Count);
            });
            kfold?.Should().BeAssignableTo<ArgumentOutOfRangeException>();
        }, Cases, 0x5EED_0401, t => $"{t.Item1.Count} ratings, fraction {t.Item2}, folds {t.Item3}, seed {t.Item4}");
    }

    [Fact]
    public void Predefined_RandomRows()
    {
        var row = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Frequency((8, Gen.Double[1, 5]), (1, Gen.OneOf(0.0, 6, double.NaN, double.NegativeInfinity))))
            .Select((u, i, r) => new RatingRow<string, string>($"u{u}", $"i{i}", r));

        PropertyCheck.Run(Gen.Select(row.Array[0, 6], row.Array[0, 6]), t =>
        {
            var (train, test) = t;
            var (split, error) = Outcome.DataErrorOr(() => Split.Predefined(train, test, RatingScale.OneToFive));
            if (error is not null)
            {
                // An empty side names no row; every other data error names the row it is about.
                if (train.Length > 0 && test.Length > 0)
                {
                    error.RowNumber.Should().BeGreaterThan(0, error.Message);
                }

                return;
            }

            split!.Test.Should().HaveCount(test.Length);
            split.Train.Count.Should().Be(train.Length);
        }, Cases, 0x5EED_0402, t => $"train [{string.Join("; ", t.Item1)}] test [{string.Join("; ", t.Item2)}]");
    }

    [Fact]
    public void EventSplits_RandomArguments()
    {
        var sample = Gen.Select(Events, Gen.Int[0, 3], Gen.Int[-1, 3], Fraction, Gen.Int[-1, 32], Gen.Long);

        PropertyCheck.Run(sample, t =>
        {
            var (events, method, count, fraction, cutoffDay, seed) = t;
            var error = Outcome.ArgumentOrDataError(() =>
            {
                var split = method switch
                {
                    0 => EventSplit.LeaveLastOut(events, count),
                    1 => EventSplit.TimeCutoff(events, Start.AddDays(cutoffDay)),
                    2 => EventSplit.RandomHoldout(events, count, seed),
                    _ => EventSplit.RandomHoldoutFraction(events, fraction, seed),
                };
                (split.Train.Count + split.Test.Count).Should().Be(events.Length);
                split.Test.Should().NotBeEmpty();
                split.TestUsers.Should().OnlyContain(user => split.Relevant.ContainsKey(user));
            });
            if (error is RatingDataException dataError)
            {
                dataError.RowNumber.Should().BeGreaterThan(0, dataError.Message);
                dataError.Field.Should().NotBeNull(dataError.Message);
            }
        }, Cases, 0x5EED_0403);
    }

    [Fact]
    public void Evaluate_RandomTestRows()
    {
        var model = new BaselineOnly().Fit(Fixtures.Matrix(("u0", "i0", 4), ("u0", "i1", 2), ("u1", "i0", 5), ("u2", "i2", 1)));
        var row = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 4], Gen.Frequency((8, Gen.Double[1, 5]), (1, Gen.OneOf(0.0, 9, double.NaN, double.PositiveInfinity))))
            .Select((u, i, r) => new RatingRow<string, string>($"u{u}", $"i{i}", r));

        PropertyCheck.Run(Gen.Select(row.Array[0, 8], Gen.OneOf(ImpossiblePredictions.Include, ImpossiblePredictions.Exclude)), t =>
        {
            var (rows, handling) = t;
            try
            {
                var result = Evaluator.Evaluate<string, string>(model, rows, new EvaluationOptions { ImpossiblePredictions = handling });
                result.TestCount.Should().Be(rows.Length);
                (result.ScoredCount + (handling == ImpossiblePredictions.Exclude ? result.ImpossibleCount : 0)).Should().Be(rows.Length);
                double.IsFinite(result.Rmse).Should().BeTrue();
                result.Rmse.Should().BeGreaterThanOrEqualTo(0);
            }
            catch (ArgumentException)
            {
                (rows.Length == 0 || rows.Any(x => !double.IsFinite(x.Rating))).Should().BeTrue();
            }
            catch (InvalidOperationException)
            {
                // Documented: under Exclude, a test set whose predictions are all impossible leaves nothing to score.
                handling.Should().Be(ImpossiblePredictions.Exclude);
            }
        }, Cases, 0x5EED_0404);
    }

    [Fact]
    public void RankingEvaluate_RandomListsAndCutoffs()
    {
        // Each user's last event (n = 20 to 23) purchases an item of its own, so every test user has a relevant item.
        var events = Enumerable.Range(0, 24)
            .Select(n => n < 20
                ? new InteractionEvent<string, string>($"u{n % 4}", $"i{n * 7 % 6}", n % 3 == 0 ? Behavior.Purchase : Behavior.View, Start.AddHours(n))
                : new InteractionEvent<string, string>($"u{n % 4}", $"i{n - 14}", Behavior.Purchase, Start.AddHours(n)))
            .ToArray();
        var split = EventSplit.LeaveLastOut(events, 1);
        var list = Gen.Frequency(
            (8, Gen.Int[0, 8].Select(i => $"i{i}").Array[0, 6].Select(items => (IReadOnlyList<string>?)items)),
            (1, Gen.Const((IReadOnlyList<string>?)null)));
        var cutoffs = Gen.Int[-1, 6].Array[0, 3];

        PropertyCheck.Run(Gen.Select(list, cutoffs), t =>
        {
            var (recommended, ks) = t;
            var model = new RankingModel<string, string>("fixed", _ => (_, _) => recommended!);
            try
            {
                var report = RankingEvaluator.Evaluate(split, [model], ks);
                foreach (var scores in report.Models[0].Scores)
                {
                    scores.Precision.Should().BeInRange(0, 1);
                    scores.Recall.Should().BeInRange(0, 1);
                    scores.Ndcg.Should().BeInRange(0, 1);
                    scores.Coverage.Should().BeInRange(0, 1);
                }
            }
            catch (ArgumentException e)
            {
                (ks.Length == 0 || ks.Any(x => x < 1) || ks.Distinct().Count() < ks.Length).Should().BeTrue(e.Message);
            }
            catch (InvalidOperationException e)
            {
                // Documented model faults: no list, or an item twice in the first max(k) places.
                (recommended is null || recommended.Take(ks.Max()).Distinct().Count() < recommended.Take(ks.Max()).Count()).Should().BeTrue(e.Message);
            }
        }, Cases, 0x5EED_0405, t => $"list [{(t.Item1 is null ? "null" : string.Join(", ", t.Item1))}], cut-offs [{string.Join(", ", t.Item2)}]");
    }

    [Fact]
    public void ModelCalls_UnknownIdsAndCounts()
    {
        var ratings = Fixtures.Matrix(("u0", "i0", 4), ("u0", "i1", 2), ("u1", "i0", 5), ("u1", "i2", 3), ("u2", "i1", 1), ("u2", "i2", 4));
        IRecommender<string, string>[] predictors = [new ItemKnn().Fit(ratings), new UserKnn().Fit(ratings), new BaselineOnly().Fit(ratings)];
        ITopNRecommender<string, string>[] rankers = [new ImplicitItemKnn().Fit(ratings), new ImplicitUserKnn().Fit(ratings), new MostPopular().Fit(ratings)];
        var id = Gen.Int[0, 4];

        PropertyCheck.Run(Gen.Select(id, id, Gen.Int[-2, 6], Gen.Int[0, 2]), t =>
        {
            var (u, i, count, which) = t;
            string user = $"u{u}";
            string item = $"i{i}";
            var prediction = predictors[which].Predict(user, item);
            double.IsFinite(prediction.Value).Should().BeTrue();
            if (!ratings.Users.Contains(user) || !ratings.Items.Contains(item))
            {
                prediction.Impossible.Should().BeTrue();
            }

            var recommend = () => predictors[which].Recommend(user, count);
            var top = () => rankers[which].Recommend(user, count);
            var similar = () => rankers[which].SimilarItems(item, count);
            if (count < 0)
            {
                recommend.Should().Throw<ArgumentOutOfRangeException>();
                top.Should().Throw<ArgumentOutOfRangeException>();
                similar.Should().Throw<ArgumentOutOfRangeException>();
                return;
            }

            recommend().Should().HaveCountLessThanOrEqualTo(count).And.OnlyHaveUniqueItems(r => r.Item);
            top().Should().HaveCountLessThanOrEqualTo(count).And.OnlyHaveUniqueItems(r => r.Item);
            similar().Should().HaveCountLessThanOrEqualTo(count).And.NotContain(r => r.Item == item);
        }, Cases, 0x5EED_0406);
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Reference;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>
/// <see cref="KnnOptions.MaxStoredNeighbors"/>: truncated neighbour lists against the dense model and against the
/// brute-force reference with the documented truncation applied.
/// </summary>
public class StoredNeighborsTests
{
    private static readonly SimilarityMetric[] Metrics =
    [
        Similarity.Pearson,
        Similarity.Cosine,
        Similarity.PearsonOverallMeans,
        Similarity.MeanSquaredDifference,
        Similarity.AdjustedCosine,
    ];

    public static TheoryData<int, bool, Centering> AllStoredCases()
    {
        var cases = new TheoryData<int, bool, Centering>();
        for (int metric = 0; metric < Metrics.Length; metric++)
        {
            foreach (bool userBased in new[] { false, true })
            {
                foreach (var centering in new[] { Centering.Mean, Centering.None, Centering.ZScore, Centering.Baseline })
                {
                    cases.Add(metric, userBased, centering);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AllStoredCases))]
    public void AllStored_MatchesDense(int metric, bool userBased, Centering centering)
    {
        var (ratings, _) = RandomRatings(users: 30, items: 25, density: 0.35, seed: 7);
        var dense = new KnnOptions { Similarity = Metrics[metric], MaxNeighbors = 5, Centering = centering };
        var stored = dense with { MaxStoredNeighbors = 1_000 };
        var denseModel = Fit(ratings, dense, userBased);
        var storedModel = Fit(ratings, stored, userBased);

        int mismatches = 0;
        foreach (string user in ratings.Users.Ids)
        {
            foreach (string item in ratings.Items.Ids)
            {
                var expected = denseModel.Predict(user, item);
                var actual = storedModel.Predict(user, item);
                bool same = actual.Reason == expected.Reason
                    && actual.NeighborCount == expected.NeighborCount
                    && Math.Abs(actual.Raw - expected.Raw) <= 1e-9;
                mismatches += same ? 0 : 1;
            }
        }

        mismatches.Should().Be(0);
    }

    [Theory]
    [InlineData(false, NeighborWeighting.Signed)]
    [InlineData(false, NeighborWeighting.PositiveOnly)]
    [InlineData(true, NeighborWeighting.Signed)]
    [InlineData(true, NeighborWeighting.PositiveOnly)]
    public void FewStored_MatchesTruncatedReference(bool userBased, NeighborWeighting weighting)
    {
        const int Stored = 4;
        const int K = 3;
        var (ratings, byUser) = RandomRatings(users: 40, items: 30, density: 0.3, seed: 11);
        var options = new KnnOptions { MaxNeighbors = K, MaxStoredNeighbors = Stored, Weighting = weighting, MinSupport = 2 };
        var model = Fit(ratings, options, userBased);
        var reference = new BruteForceKnn(byUser, RatingScale.OneToFive, options with { MaxStoredNeighbors = null }, userBased);
        var entities = userBased ? reference.Users : reference.Items;

        // 1. The documented truncation of the reference similarities: the M highest non-zero, ties by id order.
        var lists = new Dictionary<string, List<(string Id, double Similarity)>>(StringComparer.Ordinal);
        var nearTies = new HashSet<string>(StringComparer.Ordinal);
        foreach (string a in entities)
        {
            var ranked = entities.Where(b => b != a)
                .Select(b => (Id: b, Similarity: reference.Similarity(a, b)))
                .Where(c => c.Similarity != 0)
                .OrderByDescending(c => c.Similarity).ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList();
            lists[a] = ranked.Take(Stored).ToList();
            if (ranked.Count > Stored && ranked[Stored - 1].Similarity != ranked[Stored].Similarity
                && ranked[Stored - 1].Similarity - ranked[Stored].Similarity < 1e-6)
            {
                nearTies.Add(a);
            }
        }

        // 2. Each prediction: the first k stored neighbours that rated the other side, mean-centred.
        int compared = 0;
        int mismatches = 0;
        foreach (string user in reference.Users)
        {
            foreach (string item in reference.Items)
            {
                string x = userBased ? user : item;
                if (nearTies.Contains(x))
                {
                    continue;
                }

                double numerator = 0, denominator = 0;
                int used = 0;
                foreach (var (v, w) in lists[x])
                {
                    if (used == K || (weighting == NeighborWeighting.PositiveOnly && w <= 0))
                    {
                        break;
                    }

                    var (rater, rated) = userBased ? (v, item) : (user, v);
                    if (byUser[rater].TryGetValue(rated, out double rating))
                    {
                        numerator += w * (rating - MeanOf(byUser, v, userBased));
                        denominator += Math.Abs(w);
                        used++;
                    }
                }

                var actual = model.Predict(user, item);
                bool same = used == 0
                    ? actual.Impossible
                    : !actual.Impossible && actual.NeighborCount == used
                        && Math.Abs(actual.Raw - (MeanOf(byUser, x, userBased) + (numerator / denominator))) <= 1e-5;
                mismatches += same ? 0 : 1;
                compared++;
            }
        }

        nearTies.Count.Should().BeLessThan(entities.Count / 4);
        compared.Should().BeGreaterThan(0);
        mismatches.Should().Be(0);
    }

    [Theory]
    [InlineData(Centering.Mean, NeighborWeighting.Signed, 5)]
    [InlineData(Centering.ZScore, NeighborWeighting.PositiveOnly, 2)]
    [InlineData(Centering.Baseline, NeighborWeighting.Signed, 40)]
    [InlineData(Centering.None, NeighborWeighting.PositiveOnly, 3)]
    public void Recommend_EqualsPredictPerItem(Centering centering, NeighborWeighting weighting, int k)
    {
        var (ratings, _) = RandomRatings(users: 35, items: 40, density: 0.3, seed: 5);
        var model = new ItemKnn(new KnnOptions { MaxNeighbors = k, Centering = centering, Weighting = weighting, MaxStoredNeighbors = 6 }).Fit(ratings);

        foreach (string user in ratings.Users.Ids)
        {
            var expected = ratings.Items.Ids.ToArray()
                .Where(item => !model.Ratings.TryGetRating(user, item, out _))
                .Select(item => (Item: item, Prediction: model.Predict(user, item)))
                .Where(p => !p.Prediction.Impossible)
                .OrderByDescending(p => p.Prediction.Raw).ThenBy(p => p.Item, StringComparer.Ordinal)
                .Select(p => new ScoredItem<string>(p.Item, p.Prediction.Raw))
                .ToList();

            model.Recommend(user, int.MaxValue).Should().Equal(expected, $"user {user} must get the scores of Predict, bit for bit");
        }
    }

    [Fact]
    public void SimilarItems_ReadsStoredList()
    {
        var (ratings, _) = RandomRatings(users: 30, items: 20, density: 0.4, seed: 3);
        var dense = new ItemKnn().Fit(ratings);
        var stored = new ItemKnn(new KnnOptions { MaxStoredNeighbors = 5 }).Fit(ratings);

        foreach (string item in ratings.Items.Ids)
        {
            var expected = dense.SimilarItems(item, 5);
            var actual = stored.SimilarItems(item, 10);

            actual.Select(s => s.Item).Should().Equal(expected.Select(s => s.Item));
            actual.Select(s => s.Score).Should().Equal(expected.Select(s => s.Score));
        }
    }

    [Fact]
    public void Similarity_ZeroWhenNotStored()
    {
        var (ratings, _) = RandomRatings(users: 30, items: 20, density: 0.4, seed: 3);
        var dense = new ItemKnn().Fit(ratings);
        var stored = new ItemKnn(new KnnOptions { MaxStoredNeighbors = 2 }).Fit(ratings);
        string first = ratings.Items[0];
        var kept = dense.SimilarItems(first, 2).Select(s => s.Item).ToHashSet();

        foreach (string other in ratings.Items.Ids.ToArray().Where(i => i != first))
        {
            double expected = kept.Contains(other) ? dense.Similarity(first, other) : 0;

            stored.Similarity(first, other).Should().Be(expected, $"item {other}");
        }
    }

    [Fact]
    public void Fit_SameForEveryThreadCount()
    {
        var (ratings, _) = RandomRatings(users: 50, items: 40, density: 0.3, seed: 2);
        var options = new KnnOptions { MaxStoredNeighbors = 7, Similarity = Similarity.PearsonOverallMeans };
        var singleThread = new UserKnn(options with { MaxDegreeOfParallelism = 1 }).Fit(ratings);
        var allCores = new UserKnn(options).Fit(ratings);

        foreach (string a in ratings.Users.Ids)
        {
            foreach (string b in ratings.Users.Ids)
            {
                allCores.Similarity(a, b).Should().Be(singleThread.Similarity(a, b));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Fit_InvalidMaxStoredThrows(int maxStored)
    {
        var (ratings, _) = RandomRatings(users: 5, items: 5, density: 0.5, seed: 1);
        var act = () => new ItemKnn(new KnnOptions { MaxStoredNeighbors = maxStored }).Fit(ratings);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaxStoredNeighbors");
    }

    [Fact]
    public void Name_ShowsStoredNeighbors()
    {
        new ItemKnn(new KnnOptions { MaxStoredNeighbors = 50 }).Name.Should().Contain("stored=50");
    }

    private static KnnModel<string, string> Fit(RatingMatrix<string, string> ratings, KnnOptions options, bool userBased)
        => userBased ? new UserKnn(options).Fit(ratings) : new ItemKnn(options).Fit(ratings);

    private static double MeanOf(Dictionary<string, Dictionary<string, double>> byUser, string entity, bool userBased)
        => userBased
            ? byUser[entity].Values.Average()
            : byUser.Values.Where(row => row.ContainsKey(entity)).Average(row => row[entity]);

    private static (RatingMatrix<string, string> Matrix, Dictionary<string, Dictionary<string, double>> ByUser) RandomRatings(
        int users, int items, double density, int seed)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        var byUser = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        for (int u = 0; u < users; u++)
        {
            string user = $"u{u:D2}";
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < items; i++)
            {
                // Every user rates item 0, so no user is empty.
                if (i == 0 || random.NextDouble() < density)
                {
                    double rating = random.Next(1, 6);
                    row[$"i{i:D2}"] = rating;
                    builder.Add(user, $"i{i:D2}", rating);
                }
            }

            byUser[user] = row;
        }

        return (builder.Build(), byUser);
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>
/// <see cref="KnnModel{TUser, TItem}.PredictMany"/>, which groups pairs and spreads them over threads, against one
/// <see cref="KnnModel{TUser, TItem}.Predict"/> call per pair, and dense <c>Predict</c> against the candidate structs it
/// replaced.
/// </summary>
public class PredictManyTests
{
    public static TheoryData<bool, bool, Centering, NeighborWeighting, int> Cases()
    {
        var cases = new TheoryData<bool, bool, Centering, NeighborWeighting, int>();
        foreach (bool userBased in new[] { true, false })
        {
            foreach (bool stored in new[] { false, true })
            {
                foreach (var centering in new[] { Centering.Mean, Centering.None, Centering.ZScore, Centering.Baseline })
                {
                    cases.Add(userBased, stored, centering, NeighborWeighting.Signed, 0);
                }

                cases.Add(userBased, stored, Centering.Mean, NeighborWeighting.PositiveOnly, 0);
                cases.Add(userBased, stored, Centering.Mean, NeighborWeighting.Signed, 1);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictMany_BitIdenticalToPredict(bool userBased, bool stored, Centering centering, NeighborWeighting weighting, int threads)
    {
        var ratings = RandomRatings(users: 70, items: 60, density: 0.3, seed: 5);
        var options = new KnnOptions
        {
            MaxNeighbors = 7,
            Centering = centering,
            Weighting = weighting,
            MaxStoredNeighbors = stored ? 20 : null,
            MaxDegreeOfParallelism = threads,
        };
        var model = userBased ? (KnnModel<string, string>)new UserKnn(options).Fit(ratings) : new ItemKnn(options).Fit(ratings);
        var pairs = ShuffledPairs(ratings, seed: 8);

        var predictions = model.PredictMany(pairs);

        predictions.Should().HaveCount(pairs.Count);
        for (int p = 0; p < pairs.Count; p++)
        {
            predictions[p].Should().Be(model.Predict(pairs[p].User, pairs[p].Item), $"pair {p} is {pairs[p]}");
        }
    }

    [Fact]
    public void PredictMany_EmptyGivesEmpty()
    {
        var model = new UserKnn().Fit(RandomRatings(users: 5, items: 5, density: 0.5, seed: 1));

        model.PredictMany([]).Should().BeEmpty();
    }

    [Fact]
    public void PredictMany_RejectsNull()
    {
        var model = new UserKnn().Fit(RandomRatings(users: 5, items: 5, density: 0.5, seed: 1));

        var act = () => model.PredictMany(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("pairs");
    }

    [Fact]
    public void Predict_SumsSelectBestHeapOrder()
    {
        // Ratings of 1 and 5 only, so many similarities are exactly ±1 and the k = 3 cut falls inside ties.
        var ratings = RandomRatings(users: 60, items: 30, density: 0.4, seed: 12, values: [1, 5]);
        var model = new UserKnn(new KnnOptions { MaxNeighbors = 3 }).Fit(ratings);

        int selected = 0;
        foreach (string user in ratings.Users.Ids)
        {
            foreach (string item in ratings.Items.Ids)
            {
                var (expected, choseFromMore) = ReferenceMeanCentred(model, ratings, user, item, k: 3);
                selected += choseFromMore ? 1 : 0;

                model.Predict(user, item).Should().Be(expected, $"({user}, {item})");
            }
        }

        selected.Should().BeGreaterThan(500, "most pairs have more than k candidates");
    }

    /// <summary>
    /// The mean-centred user-based prediction with candidate structs: the raters of the item in index order, the k best
    /// picked by <see cref="NeighborhoodCore.SelectBest"/>, and the sums taken in its heap order.
    /// </summary>
    private static (Prediction Prediction, bool ChoseFromMore) ReferenceMeanCentred(
        UserKnnModel<string, string> model, RatingMatrix<string, string> ratings, string user, string item, int k)
    {
        ratings.Users.TryGetIndex(user, out int u);
        ratings.Items.TryGetIndex(item, out int i);
        var column = ratings.ItemColumn(i);
        var candidates = new List<NeighborhoodCore.Candidate>();
        for (int p = 0; p < column.Length; p++)
        {
            int v = column.Indices[p];
            float weight = (float)model.Similarity(user, ratings.Users[v]);
            if (v != u && weight != 0)
            {
                candidates.Add(new NeighborhoodCore.Candidate(v, weight, column.Values[p]));
            }
        }

        var chosen = candidates.ToArray().AsSpan();
        bool choseFromMore = chosen.Length > k;
        if (choseFromMore)
        {
            chosen = NeighborhoodCore.SelectBest(chosen, k);
        }

        if (chosen.Length == 0)
        {
            double mean = ratings.UserMeans[u];
            return (new Prediction(ratings.Scale.Clip(mean), mean, ImpossibleReason.TooFewNeighbors, 0), false);
        }

        double numerator = 0;
        double denominator = 0;
        foreach (var candidate in chosen)
        {
            numerator += candidate.Weight * (candidate.Rating - ratings.UserMeans[candidate.Index]);
            denominator += Math.Abs(candidate.Weight);
        }

        double estimate = ratings.UserMeans[u] + (numerator / denominator);
        return (new Prediction(ratings.Scale.Clip(estimate), estimate, ImpossibleReason.None, chosen.Length), choseFromMore);
    }

    /// <summary>Every (user, item) pair, each pair again, and pairs with unknown ids, in a shuffled order.</summary>
    private static List<(string User, string Item)> ShuffledPairs(RatingMatrix<string, string> ratings, int seed)
    {
        var pairs = new List<(string User, string Item)>();
        foreach (string user in ratings.Users.Ids)
        {
            foreach (string item in ratings.Items.Ids)
            {
                pairs.Add((user, item));
                pairs.Add((user, item));
            }

            pairs.Add((user, "unknown-item"));
        }

        pairs.Add(("unknown-user", ratings.Items[0]));
        pairs.Add(("unknown-user", "unknown-item"));
        var random = new Random(seed);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));
        return pairs;
    }

    private static RatingMatrix<string, string> RandomRatings(int users, int items, double density, int seed, int[]? values = null)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < items; i++)
            {
                // Every user rates item 0, so no user is empty.
                if (i == 0 || random.NextDouble() < density)
                {
                    double rating = values is null ? random.Next(1, 6) : values[random.Next(values.Length)];
                    builder.Add($"u{u:D2}", $"i{i:D2}", rating);
                }
            }
        }

        return builder.Build();
    }
}

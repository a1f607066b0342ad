using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Tests.Reference;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>
/// The implicit models against the dense brute-force reference on random matrices, for every similarity, weighting
/// and penalty.
/// </summary>
public class ReferenceAgreementTests
{
    private static readonly Dictionary<string, ImplicitKnnOptions> Variants = new()
    {
        ["cosine"] = new() { Similarity = ImplicitSimilarity.Cosine },
        ["cosine-binary"] = new() { Similarity = ImplicitSimilarity.Cosine, BinaryValues = true },
        ["cosine-inverse-frequency"] = new() { Similarity = ImplicitSimilarity.Cosine, InverseFrequency = true },
        ["cosine-tfidf"] = new() { Similarity = ImplicitSimilarity.Cosine, Weighting = InteractionWeighting.TfIdf },
        ["cosine-tfidf-binary"] = new() { Similarity = ImplicitSimilarity.Cosine, Weighting = InteractionWeighting.TfIdf, BinaryValues = true },
        ["cosine-bm25"] = new() { Similarity = ImplicitSimilarity.Cosine, Weighting = InteractionWeighting.Bm25 },
        ["cosine-row-max"] = new() { Similarity = ImplicitSimilarity.Cosine, NormalizeByRowMax = true },
        ["dot"] = new() { Similarity = ImplicitSimilarity.DotProduct },
        ["dot-bm25"] = new() { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25 },
        ["dot-bm25-k1-b"] = new() { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25, K1 = 0.4, B = 0.2 },
        ["dot-inverse-frequency-row-max"] = new() { Similarity = ImplicitSimilarity.DotProduct, InverseFrequency = true, NormalizeByRowMax = true },
        ["jaccard"] = new() { Similarity = ImplicitSimilarity.Jaccard },
        ["jaccard-inverse-frequency"] = new() { Similarity = ImplicitSimilarity.Jaccard, InverseFrequency = true },
        ["conditional-probability-0"] = new() { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0 },
        ["conditional-probability-0.5"] = new() { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0.5 },
        ["conditional-probability-1-inverse-frequency"] = new() { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 1, InverseFrequency = true },
        ["log-likelihood"] = new() { Similarity = ImplicitSimilarity.LogLikelihood },
        ["log-likelihood-row-max"] = new() { Similarity = ImplicitSimilarity.LogLikelihood, NormalizeByRowMax = true },
    };

    public static TheoryData<string> VariantNames()
    {
        var names = new TheoryData<string>();
        foreach (string name in Variants.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void ItemSimilarities_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = 1000 };
        var ratings = ImplicitFixtures.Random(30, 20, 0.3, seed: 11);
        var model = new ImplicitItemKnn(options).Fit(ratings);

        var expected = BruteForceImplicit.PairSimilarities(BruteForceImplicit.ByUser(ratings), options);

        AssertPairs(expected, model.Similarity, options.NormalizeByRowMax);
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void UserSimilarities_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = 1000 };
        var ratings = ImplicitFixtures.Random(25, 30, 0.3, seed: 12);
        var model = new ImplicitUserKnn(options).Fit(ratings);

        var expected = BruteForceImplicit.PairSimilarities(BruteForceImplicit.Transpose(BruteForceImplicit.ByUser(ratings)), options);

        AssertPairs(expected, model.Similarity, options.NormalizeByRowMax);
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void ItemScores_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = TruncatedK(Variants[variant]) };
        var ratings = ImplicitFixtures.Random(30, 20, 0.3, seed: 13);
        var model = new ImplicitItemKnn(options).Fit(ratings);
        var byUser = BruteForceImplicit.ByUser(ratings);
        var pairs = BruteForceImplicit.PairSimilarities(byUser, options);

        for (int u = 0; u < ratings.Users.Count; u++)
        {
            var history = Row(byUser, u);
            var weights = history.Select(value => Weight(value, options.BinaryValues)).ToArray();
            var scores = BruteForceImplicit.ItemBasedScores(pairs, weights, options.MaxNeighbors, options.NormalizeByRowMax);

            var actual = model.Recommend(u, AllModelItems(ratings.Items.Count));

            AssertRanking(actual, scores, item => double.IsNaN(history[item]), $"user {u}");
        }
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void UserScores_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = TruncatedK(Variants[variant]) };
        var ratings = ImplicitFixtures.Random(25, 30, 0.3, seed: 14);
        var model = new ImplicitUserKnn(options).Fit(ratings);
        var byUser = BruteForceImplicit.ByUser(ratings);
        var byItem = BruteForceImplicit.Transpose(byUser);
        var pairs = BruteForceImplicit.PairSimilarities(byItem, options);

        for (int u = 0; u < ratings.Users.Count; u++)
        {
            var history = Row(byUser, u);
            var scores = BruteForceImplicit.UserBasedScores(byUser, BruteForceImplicit.Row(pairs, u), options.MaxNeighbors, options.NormalizeByRowMax, options.BinaryValues);

            var actual = model.Recommend(u, AllModelItems(ratings.Items.Count));

            AssertRanking(actual, scores, item => double.IsNaN(history[item]), $"user {u}");
        }
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void ItemBasketScores_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = TruncatedK(Variants[variant]) };
        var ratings = ImplicitFixtures.Random(30, 20, 0.3, seed: 15);
        var model = new ImplicitItemKnn(options).Fit(ratings);
        var pairs = BruteForceImplicit.PairSimilarities(BruteForceImplicit.ByUser(ratings), options);
        var random = new Random(15);

        for (int trial = 0; trial < 10; trial++)
        {
            var basket = RandomBasket(random, ratings.Items.Count);
            var weights = new double[ratings.Items.Count];
            foreach (var (item, weight) in basket)
            {
                weights[item] += weight;
            }

            // Repeated items add their weights first; binary values then make every positive sum 1.
            if (options.BinaryValues)
            {
                weights = weights.Select(weight => weight > 0 ? 1.0 : 0).ToArray();
            }

            var scores = BruteForceImplicit.ItemBasedScores(pairs, weights, options.MaxNeighbors, options.NormalizeByRowMax);

            var actual = model.RecommendFromItems(basket, AllModelItems(ratings.Items.Count));

            AssertRanking(actual, scores, item => !basket.Any(entry => entry.Item == item), $"trial {trial}");
        }
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void UserBasketScores_MatchReference(string variant)
    {
        var options = Variants[variant] with { MaxNeighbors = TruncatedK(Variants[variant]) };
        var ratings = ImplicitFixtures.Random(25, 30, 0.3, seed: 16);
        var model = new ImplicitUserKnn(options).Fit(ratings);
        var byUser = BruteForceImplicit.ByUser(ratings);
        var byItem = BruteForceImplicit.Transpose(byUser);
        var random = new Random(16);

        for (int trial = 0; trial < 10; trial++)
        {
            var basket = RandomBasket(random, ratings.Items.Count);
            var query = Enumerable.Repeat(double.NaN, ratings.Items.Count).ToArray();
            foreach (var (item, weight) in basket)
            {
                query[item] = double.IsNaN(query[item]) ? weight : query[item] + weight;
            }

            var similarities = BruteForceImplicit.QuerySimilarities(byItem, query, options);
            var scores = BruteForceImplicit.UserBasedScores(byUser, similarities, options.MaxNeighbors, options.NormalizeByRowMax, options.BinaryValues);

            var actual = model.RecommendFromItems(basket, AllModelItems(ratings.Items.Count));

            AssertRanking(actual, scores, item => !basket.Any(entry => entry.Item == item), $"trial {trial}");
        }
    }

    public static TheoryData<string> SparseVariantNames() => ["cosine", "conditional-probability-0.5", "dot-bm25"];

    [Theory]
    [MemberData(nameof(SparseVariantNames))]
    public void SparseCatalogueScores_MatchReference(string variant)
    {
        // About 9 items per user among 3,000, so a request touches far fewer items than the catalogue has and the
        // models score it without scanning every item. Two items that share only one user have cosine 1, so such ties
        // are common here. k is large enough that no list is cut inside a tie.
        var options = Variants[variant] with { MaxNeighbors = 1000 };
        var ratings = ImplicitFixtures.Random(200, 3000, 0.003, seed: 18);
        var byUser = BruteForceImplicit.ByUser(ratings);
        var byItem = BruteForceImplicit.Transpose(byUser);
        var itemModel = new ImplicitItemKnn(options).Fit(ratings);
        var userModel = new ImplicitUserKnn(options).Fit(ratings);
        int itemScored = 0;
        int userScored = 0;

        for (int u = 0; u < 20; u++)
        {
            var history = Row(byUser, u);
            var itemScores = new double[ratings.Items.Count];
            for (int j = 0; j < history.Length; j++)
            {
                double weight = Weight(history[j], options.BinaryValues);
                if (weight == 0)
                {
                    continue;
                }

                var row = BruteForceImplicit.QuerySimilarities(byUser, BruteForceImplicit.Column(byUser, j), options);
                foreach (var (i, similarity) in BruteForceImplicit.TopK(row, options.MaxNeighbors, options.NormalizeByRowMax, skip: j))
                {
                    itemScores[i] += similarity * weight;
                }
            }

            var userSimilarities = BruteForceImplicit.QuerySimilarities(byItem, BruteForceImplicit.Column(byItem, u), options);
            var userScores = BruteForceImplicit.UserBasedScores(byUser, userSimilarities, options.MaxNeighbors, options.NormalizeByRowMax, options.BinaryValues, skip: u);

            var itemActual = itemModel.Recommend(u, AllModelItems(ratings.Items.Count));
            var userActual = userModel.Recommend(u, AllModelItems(ratings.Items.Count));

            AssertRanking(itemActual, itemScores, item => double.IsNaN(history[item]), $"item-based, user {u}");
            AssertRanking(userActual, userScores, item => double.IsNaN(history[item]), $"user-based, user {u}");
            itemScored += itemActual.Count;
            userScored += userActual.Count;
        }

        // Most of these users have model items, so the comparison is not of empty lists.
        itemScored.Should().BeGreaterThan(20);
        userScored.Should().BeGreaterThan(20);
    }

    [Fact]
    public void UserBasket_OfTrainingRowFindsThatUser()
    {
        var options = new ImplicitKnnOptions { MaxNeighbors = 1 };
        var ratings = ImplicitFixtures.Random(25, 30, 0.3, seed: 17, zeroShare: 0);
        var model = new ImplicitUserKnn(options).Fit(ratings);
        var row = ratings.UserRow(3);
        var basket = new List<WeightedItem<int>>();
        for (int t = 0; t < row.Length; t++)
        {
            basket.Add(new WeightedItem<int>(row.Indices[t], row.Values[t]));
        }

        // The basket equals user 3's row, so user 3 (cosine 1) is its only neighbour and the scores are that row.
        var actual = model.RecommendFromItems(basket, new TopNRequest<int>(100) { ExcludeInteracted = false, FillWithPopularity = false });

        actual.Select(r => r.Item).Should().BeEquivalentTo(basket.Select(b => b.Item));
        actual.Should().OnlyContain(r => Math.Abs(r.Score - basket.Single(b => b.Item == r.Item).Weight) < 1e-5);
    }

    /// <summary>Returns the scoring weight of a dense entry: 0 for none (NaN) or 0, 1 under binary values, else the value.</summary>
    private static double Weight(double value, bool binary)
    {
        if (!(value > 0))
        {
            return 0;
        }

        return binary ? 1 : value;
    }

    private static int TruncatedK(ImplicitKnnOptions options)
        => options.Similarity is ImplicitSimilarity.Cosine or ImplicitSimilarity.DotProduct && !options.BinaryValues ? 4 : 1000;

    private static TopNRequest<int> AllModelItems(int itemCount) => new(itemCount) { FillWithPopularity = false };

    private static double[] Row(double[,] x, int row)
    {
        var values = new double[x.GetLength(1)];
        for (int c = 0; c < values.Length; c++)
        {
            values[c] = x[row, c];
        }

        return values;
    }

    private static List<WeightedItem<int>> RandomBasket(Random random, int itemCount)
    {
        var basket = new List<WeightedItem<int>>();
        int size = random.Next(1, 6);
        for (int t = 0; t < size; t++)
        {
            basket.Add(new WeightedItem<int>(random.Next(itemCount), 0.5 + (3 * random.NextDouble())));
        }

        return basket;
    }

    /// <summary>Checks every pair against the reference. Stored values are floats, so the tolerance is relative.</summary>
    private static void AssertPairs(double[,] expected, Func<int, int, double> actual, bool normalizeByRowMax)
    {
        int n = expected.GetLength(0);
        for (int a = 0; a < n; a++)
        {
            double max = Enumerable.Range(0, n).Max(b => expected[a, b]);
            for (int b = 0; b < n; b++)
            {
                double value = Math.Max(expected[a, b], 0);
                if (normalizeByRowMax && max > 0)
                {
                    value /= max;
                }

                actual(a, b).Should().BeApproximately(value, Tolerance(value), $"the similarity from {a} to {b}");
            }
        }
    }

    /// <summary>Checks that the model items are exactly the eligible items with a positive reference score, in order.</summary>
    private static void AssertRanking(IReadOnlyList<Recommendation<int>> actual, double[] scores, Func<int, bool> eligible, string because)
    {
        var expected = BruteForceImplicit.Rank(scores, eligible).Where(pair => pair.Score > 1e-9).ToDictionary(pair => pair.Index, pair => pair.Score);

        actual.Where(r => r.Source != RecommendationSource.Model).Should().BeEmpty(because);
        actual.Select(r => r.Item).Should().BeEquivalentTo(expected.Keys, because);
        foreach (var recommendation in actual)
        {
            recommendation.Score.Should().BeApproximately(expected[recommendation.Item], Tolerance(expected[recommendation.Item]), because);
        }

        actual.Select(r => r.Score).Should().BeInDescendingOrder(because);
    }

    private static double Tolerance(double value) => 1e-6 * Math.Max(1, Math.Abs(value));
}

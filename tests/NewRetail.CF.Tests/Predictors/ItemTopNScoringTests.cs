using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>The vectorised item-based top-N scores against one prediction per item.</summary>
public class ItemTopNScoringTests
{
    private static RatingMatrix<int, int> RandomRatings(int seed, int users, int items, double density)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < items; i++)
            {
                if (random.NextDouble() < density)
                {
                    builder.Add(u, i, random.Next(1, 6));
                }
            }
        }

        return builder.Build();
    }

    public static TheoryData<Centering, NeighborWeighting, int> Variants()
    {
        var data = new TheoryData<Centering, NeighborWeighting, int>();
        foreach (var centering in Enum.GetValues<Centering>())
        {
            foreach (var weighting in Enum.GetValues<NeighborWeighting>())
            {
                // k = 3 sends most items through the top-k selection; k = 40 lets every item use the vector sums.
                data.Add(centering, weighting, 3);
                data.Add(centering, weighting, 40);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Recommend_EqualsPredictPerItem(Centering centering, NeighborWeighting weighting, int k)
    {
        var ratings = RandomRatings(11, users: 60, items: 37, density: 0.25);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Pearson, MaxNeighbors = k, MinNeighbors = 2, Centering = centering, Weighting = weighting })
            .Fit(ratings);

        for (int u = 0; u < 60; u++)
        {
            var expected = Enumerable.Range(0, 37)
                .Where(i => !ratings.TryGetRating(u, i, out _))
                .Select(i => (Item: i, Prediction: model.Predict(u, i)))
                .Where(p => !p.Prediction.Impossible)
                .OrderByDescending(p => p.Prediction.Raw)
                .ThenBy(p => p.Item)
                .Select(p => new ScoredItem<int>(p.Item, p.Prediction.Raw))
                .ToArray();

            model.Recommend(u, 100).Should().Equal(expected, $"user {u} must get the same scores, bit for bit");
        }
    }

    [Fact]
    public void Recommend_IncludeRatedEqualsPredict()
    {
        var ratings = RandomRatings(5, users: 30, items: 19, density: 0.4);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxNeighbors = 40 }).Fit(ratings);

        for (int u = 0; u < 30; u++)
        {
            foreach (var scored in model.Recommend(u, 100, excludeRated: false))
            {
                scored.Score.Should().Be(model.Predict(u, scored.Item).Raw);
            }
        }
    }
}

/// <summary>The bounded-heap selection of the k best neighbours against a full sort.</summary>
public class NeighborSelectionHeapTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(5, 4)]
    [InlineData(40, 7)]
    [InlineData(300, 40)]
    public void SelectBest_MatchesFullSort(int count, int k)
    {
        var random = new Random(count * 31 + k);
        var candidates = new Internals.NeighborhoodCore.Candidate[count];
        for (int c = 0; c < count; c++)
        {
            // Few distinct weights, so ties by index decide many places.
            candidates[c] = new Internals.NeighborhoodCore.Candidate(c, random.Next(-3, 4) / 4f, c);
        }

        var expected = candidates.OrderByDescending(c => c.Weight).ThenBy(c => c.Index).Take(k).Select(c => c.Index).Order().ToArray();
        var selected = Internals.NeighborhoodCore.SelectBest(candidates.AsSpan(), k).ToArray();

        selected.Select(c => c.Index).Order().Should().Equal(expected);
    }
}

using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>Fits that do not depend on the thread count, and reads that are safe in parallel.</summary>
public class DeterminismAndThreadSafetyTests
{
    public static TheoryData<ImplicitSimilarity> Similarities() =>
    [
        ImplicitSimilarity.Cosine,
        ImplicitSimilarity.ConditionalProbability,
        ImplicitSimilarity.LogLikelihood,
    ];

    [Theory]
    [MemberData(nameof(Similarities))]
    public void ItemFit_SameForAnyThreadCount(ImplicitSimilarity similarity)
    {
        var ratings = ImplicitFixtures.Random(300, 200, 0.05, seed: 21, wholeNumbers: true);
        var options = new ImplicitKnnOptions { Similarity = similarity, MaxNeighbors = 7 };

        var serial = new ImplicitItemKnn(options with { MaxDegreeOfParallelism = 1 }).Fit(ratings);
        foreach (int threads in new[] { 2, 3, 0 })
        {
            var parallel = new ImplicitItemKnn(options with { MaxDegreeOfParallelism = threads }).Fit(ratings);

            for (int item = 0; item < ratings.Items.Count; item++)
            {
                parallel.Neighbors(item).Should().Equal(serial.Neighbors(item), $"item {item} with {threads} threads");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Similarities))]
    public void UserFit_SameForAnyThreadCount(ImplicitSimilarity similarity)
    {
        var ratings = ImplicitFixtures.Random(200, 300, 0.05, seed: 22, wholeNumbers: true);
        var options = new ImplicitKnnOptions { Similarity = similarity, MaxNeighbors = 7 };

        var serial = new ImplicitUserKnn(options with { MaxDegreeOfParallelism = 1 }).Fit(ratings);
        var parallel = new ImplicitUserKnn(options with { MaxDegreeOfParallelism = 0 }).Fit(ratings);

        for (int user = 0; user < ratings.Users.Count; user++)
        {
            parallel.Neighbors(user).Should().Equal(serial.Neighbors(user), $"user {user}");
        }
    }

    [Fact]
    public void Neighbors_SortedTiesByIdOrder()
    {
        // Whole-number values with the binary Jaccard give many exact ties.
        var ratings = ImplicitFixtures.Random(300, 200, 0.05, seed: 23, wholeNumbers: true);
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Jaccard, MaxNeighbors = 7 }).Fit(ratings);

        for (int item = 0; item < ratings.Items.Count; item++)
        {
            var list = model.Neighbors(item);
            for (int t = 1; t < list.Count; t++)
            {
                bool ordered = list[t - 1].Similarity > list[t].Similarity
                    || (list[t - 1].Similarity == list[t].Similarity && list[t - 1].Id < list[t].Id);
                ordered.Should().BeTrue($"item {item}, positions {t - 1} and {t}");
            }
        }
    }

    public static TheoryData<string> Models() => ["item", "user", "popularity"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Reads_ParallelEqualSerial(string kind)
    {
        var ratings = ImplicitFixtures.Random(120, 80, 0.08, seed: 24);
        ITopNAlgorithm algorithm = kind switch
        {
            "item" => new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 10 }),
            "user" => new ImplicitUserKnn(new ImplicitKnnOptions { MaxNeighbors = 10 }),
            _ => new MostPopular(),
        };
        var model = algorithm.Fit(ratings);
        var request = new TopNRequest<int>(10) { Filter = item => item % 7 != 0 };

        IReadOnlyList<Recommendation<int>> Call(int user) => (user % 3) switch
        {
            0 => model.Recommend(user, request),
            1 => model.RecommendFromItems([user % 80, (user * 7) % 80], request),
            _ => model.SimilarItems(user % 80, request),
        };

        var serial = Enumerable.Range(0, 120).Select(Call).ToArray();
        var parallel = new IReadOnlyList<Recommendation<int>>[8 * 120];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, call => parallel[call] = Call(call % 120));

        for (int call = 0; call < parallel.Length; call++)
        {
            parallel[call].Should().Equal(serial[call % 120], $"call {call}");
        }
    }

    [Theory]
    [InlineData(40, 0.15)]
    [InlineData(3000, 0.003)]
    public void Reads_ThrowingFilterLeavesNoTrace(int items, double density)
    {
        // The small catalogue is scored densely, the large sparse one item by item.
        var ratings = ImplicitFixtures.Random(60, items, density, seed: 25);
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 10 }).Fit(ratings);
        var before = Enumerable.Range(0, 60).Select(user => model.Recommend(user, 10)).ToArray();

        for (int user = 0; user < 60; user++)
        {
            var act = () => model.Recommend(user, new TopNRequest<int>(10) { Filter = _ => throw new InvalidOperationException("out of stock service down") });
            act.Should().Throw<InvalidOperationException>();
        }

        for (int user = 0; user < 60; user++)
        {
            model.Recommend(user, 10).Should().Equal(before[user], $"user {user}");
        }
    }
}

using NewRetail.CF.Data;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>What every <see cref="ITopNRecommender{TUser, TItem}"/> promises, checked on a random matrix.</summary>
public abstract class TopNContractTests
{
    private const int Users = 60;
    private const int Items = 40;

    private readonly RatingMatrix<int, int> _ratings = ImplicitFixtures.Random(Users, Items, 0.15, seed: 31);

    protected abstract ITopNAlgorithm Algorithm { get; }

    private ITopNRecommender<int, int> Fit() => Algorithm.Fit(_ratings);

    [Fact]
    public void Recommend_ExactlyNWhenEnoughEligible()
    {
        var model = Fit();

        for (int user = 0; user < Users; user++)
        {
            int eligible = Items - _ratings.UserRatingCount(user);

            var top = model.Recommend(user, 10);

            top.Should().HaveCount(Math.Min(10, eligible), $"user {user} has {eligible} eligible items");
        }
    }

    [Fact]
    public void Recommend_NoDuplicatesNoInteracted()
    {
        var model = Fit();

        for (int user = 0; user < Users; user++)
        {
            var top = model.Recommend(user, 15);

            top.Select(r => r.Item).Should().OnlyHaveUniqueItems();
            top.Where(r => _ratings.TryGetRating(user, r.Item, out _)).Should().BeEmpty($"user {user} interacted with them");
        }
    }

    [Fact]
    public void Recommend_ModelEntriesBeforePopularity()
    {
        var model = Fit();

        for (int user = 0; user < Users; user++)
        {
            var sources = model.Recommend(user, 30).Select(r => r.Source).ToList();

            int firstPopular = sources.IndexOf(RecommendationSource.Popularity);
            if (firstPopular >= 0)
            {
                sources.Skip(firstPopular).Should().OnlyContain(source => source == RecommendationSource.Popularity, $"user {user}");
            }
        }
    }

    [Fact]
    public void Recommend_ModelScoresDescending()
    {
        var model = Fit();

        for (int user = 0; user < Users; user++)
        {
            var scores = model.Recommend(user, 30).Where(r => r.Source == RecommendationSource.Model).Select(r => r.Score);

            scores.Should().BeInDescendingOrder($"user {user}");
        }
    }

    [Fact]
    public void Recommend_UnknownUserGetsPopularityRanking()
    {
        var model = Fit();

        var top = model.Recommend(-1, 5);

        top.Should().Equal(PopularityRanking.FromMatrix(_ratings).Top(5));
    }

    [Fact]
    public void Recommend_FilterAndCandidatesRespected()
    {
        var model = Fit();
        var candidates = Enumerable.Range(0, Items).Where(item => item % 2 == 0).ToArray();

        var top = model.Recommend(5, new TopNRequest<int>(8) { Candidates = candidates, Filter = item => item % 4 == 0 });

        int eligible = Enumerable.Range(0, Items).Count(item => item % 4 == 0 && !_ratings.TryGetRating(5, item, out _));
        top.Should().OnlyContain(r => r.Item % 4 == 0);
        top.Should().HaveCount(Math.Min(8, eligible));
    }

    [Fact]
    public void SimilarItems_NeverContainsItself()
    {
        var model = Fit();

        for (int item = 0; item < Items; item++)
        {
            model.SimilarItems(item, Items).Should().NotContain(r => r.Item == item).And.HaveCount(Items - 1);
        }
    }

    [Fact]
    public void RecommendFromItems_ExcludesBasket()
    {
        var model = Fit();

        var top = model.RecommendFromItems([1, 2, 3], new TopNRequest<int>(Items));

        top.Should().HaveCount(Items - 3);
        top.Should().NotContain(r => r.Item >= 1 && r.Item <= 3);
    }

    [Fact]
    public void Requests_ZeroCountIsEmpty()
    {
        var model = Fit();

        model.Recommend(0, 0).Should().BeEmpty();
        model.SimilarItems(0, 0).Should().BeEmpty();
        model.RecommendFromItems([0], new TopNRequest<int>(0)).Should().BeEmpty();
    }
}

public class ImplicitItemKnnContractTests : TopNContractTests
{
    protected override ITopNAlgorithm Algorithm => new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 5 });
}

public class ImplicitUserKnnContractTests : TopNContractTests
{
    protected override ITopNAlgorithm Algorithm => new ImplicitUserKnn(new ImplicitKnnOptions { MaxNeighbors = 5, Similarity = ImplicitSimilarity.ConditionalProbability });
}

public class MostPopularContractTests : TopNContractTests
{
    protected override ITopNAlgorithm Algorithm => new MostPopular();
}

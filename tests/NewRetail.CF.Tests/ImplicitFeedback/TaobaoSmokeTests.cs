using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>
/// Fits both implicit models on the Taobao user-behaviour sample (66,454 users, 84,793 items, 110,300 events), which
/// a dense item × item or user × user array could not hold.
/// </summary>
[Trait("Category", "RealData")]
public class TaobaoSmokeTests
{
    [SkippableFact]
    public void BothModels_FitAndRecommend()
    {
        var ratings = LoadTaobao();
        var options = new ImplicitKnnOptions { MaxNeighbors = 20 };

        var itemModel = new ImplicitItemKnn(options).Fit(ratings);
        var userModel = new ImplicitUserKnn(options).Fit(ratings);

        ratings.Items.Count.Should().Be(84_793);
        ratings.Users.Count.Should().Be(66_454);
        itemModel.NeighborCount.Should().BeLessThanOrEqualTo(20 * ratings.Items.Count);
        userModel.NeighborCount.Should().BeLessThanOrEqualTo(20 * ratings.Users.Count);

        // The user with the maximum number of entries gets a full list, model entries first, none already seen.
        int active = Enumerable.Range(0, ratings.Users.Count).MaxBy(ratings.UserRatingCount);
        long user = ratings.Users[active];
        foreach (var model in new ITopNRecommender<long, long>[] { itemModel, userModel })
        {
            var top = model.Recommend(user, 10);

            top.Should().HaveCount(10);
            top[0].Source.Should().Be(RecommendationSource.Model);
            top.Where(r => ratings.TryGetRating(user, r.Item, out _)).Should().BeEmpty();
        }
    }

    /// <summary>
    /// Reads user,item,category,behaviour,timestamp lines and sums a weight per (user, item): view 1, favourite 2,
    /// cart 3, purchase 4.
    /// </summary>
    private static RatingMatrix<long, long> LoadTaobao()
    {
        string path = TestData.Require("taobao-userbehavior-sample", "UserBehavior.csv");
        var weights = new Dictionary<(long User, long Item), double>();
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(',');
            long user = long.Parse(fields[0], CultureInfo.InvariantCulture);
            long item = long.Parse(fields[1], CultureInfo.InvariantCulture);
            double weight = fields[3] switch
            {
                "pv" => 1,
                "fav" => 2,
                "cart" => 3,
                "buy" => 4,
                _ => throw new InvalidDataException($"Unknown behaviour '{fields[3]}' in: {line}"),
            };
            weights[(user, item)] = weights.GetValueOrDefault((user, item)) + weight;
        }

        var builder = new RatingMatrixBuilder<long, long>(RatingScale.Unbounded);
        foreach (var ((user, item), weight) in weights)
        {
            builder.Add(user, item, weight);
        }

        return builder.Build();
    }
}

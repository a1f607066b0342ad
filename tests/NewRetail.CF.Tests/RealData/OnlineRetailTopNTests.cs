using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;
using NewRetail.CF.IO;
using NewRetail.CF.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NewRetail.CF.Tests.RealData;

/// <summary>
/// The whole retail path on UCI Online Retail: read, aggregate, fit implicit models on purchases before a cut-off and
/// rank the purchases after it. Neighbourhood models must beat popularity on NDCG@10 and recall@10.
/// </summary>
[Trait("Category", "RealData")]
public class OnlineRetailTopNTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Cutoff = new(2011, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<OnlineRetailData> Data = new(() => OnlineRetailReader.Read(TestData.Require("online-retail", "online_retail.csv")));

    [SkippableFact]
    public void NeighbourModels_BeatPopularity()
    {
        TestData.Require("online-retail", "online_retail.csv");
        var split = EventSplit.TimeCutoff(Data.Value.Events.Events, Cutoff);
        var aggregator = new PreferenceAggregator();
        ITopNAlgorithm[] algorithms =
        [
            new MostPopular(),
            new ImplicitItemKnn(new ImplicitKnnOptions { BinaryValues = true, InverseFrequency = true }),
            new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, NormalizeByRowMax = true }),
            new ImplicitUserKnn(),
        ];
        var models = algorithms.Select(algorithm => new RankingModel<long, string>(algorithm.Name, train =>
        {
            var model = algorithm.Fit(aggregator.Aggregate(train).Matrix);
            return (user, count) => [.. model.Recommend(user, count).Select(r => r.Item)];
        }));

        var report = RankingEvaluator.Evaluate(split, models, [10]);
        output.WriteLine(report.FormatTable([RankingMetric.Ndcg, RankingMetric.Recall, RankingMetric.HitRate, RankingMetric.Coverage]));

        report.EvaluatedUserCount.Should().BeGreaterThan(1400);
        var popularity = report.GetModel(algorithms[0].Name).At(10);
        popularity.Ndcg.Should().BeInRange(0.02, 0.06);
        foreach (var algorithm in algorithms.Skip(1))
        {
            var scores = report.GetModel(algorithm.Name).At(10);
            scores.Ndcg.Should().BeGreaterThan(1.5 * popularity.Ndcg, algorithm.Name);
            scores.Recall.Should().BeGreaterThan(1.5 * popularity.Recall, algorithm.Name);
            scores.Coverage.Should().BeGreaterThan(5 * popularity.Coverage, algorithm.Name);
        }

        report.Models.Should().OnlyContain(result => result.EmptyListCount == 0);
    }

    [SkippableFact]
    public void Lists_AreFullAndNew()
    {
        TestData.Require("online-retail", "online_retail.csv");
        var split = EventSplit.TimeCutoff(Data.Value.Events.Events, Cutoff);
        var matrix = new PreferenceAggregator().Aggregate(split.Train).Matrix;
        var model = new ImplicitItemKnn().Fit(matrix);

        foreach (long user in split.TestUsers.Take(200))
        {
            var list = model.Recommend(user, 10);

            list.Should().HaveCount(10, $"customer {user} has 10 eligible items");
            list.Select(r => r.Item).Should().OnlyHaveUniqueItems();
            if (matrix.Users.TryGetIndex(user, out int row))
            {
                var bought = matrix.UserRow(row).Indices.ToArray().Select(i => matrix.Items[i]).ToHashSet();
                list.Should().NotContain(r => bought.Contains(r.Item), $"customer {user} already bought these before the cut-off");
            }
            else
            {
                list.Should().OnlyContain(r => r.Source == RecommendationSource.Popularity, $"customer {user} has no training purchases");
            }
        }
    }
}

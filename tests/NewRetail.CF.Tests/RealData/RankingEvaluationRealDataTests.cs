using System.Globalization;
using nietras.SeparatedValues;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Tests.Infrastructure;
using Xunit.Abstractions;

namespace NewRetail.CF.Tests.RealData;

/// <summary>
/// Ranking evaluation on UCI Online Retail purchases with a time cut-off: user accounting and sanity bounds that
/// popularity beats random lists on accuracy and loses to them on coverage and novelty.
/// </summary>
[Trait("Category", "RealData")]
public class RankingEvaluationRealDataTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Cutoff = new(2011, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<InteractionEvent<string, string>[]> Purchases = new(() => ReadPurchases(TestData.Require("online-retail", "online_retail.csv")));

    [SkippableFact]
    public void TimeCutoff_PopularityBeatsRandom()
    {
        TestData.Require("online-retail", "online_retail.csv");
        var split = EventSplit.TimeCutoff(Purchases.Value, Cutoff);
        RankingModel<string, string>[] models =
        [
            new("Popularity", train => PopularityRecommender(train)),
            new("Random", train => RandomRecommender(train, seed: 17)),
        ];

        var report = RankingEvaluator.Evaluate(split, models, [10, 20]);
        output.WriteLine(report.FormatTable());

        report.TestUserCount.Should().Be(report.EvaluatedUserCount + report.SkippedNoRelevantCount + report.SkippedColdCount);
        report.SkippedColdCount.Should().Be(split.ColdUsers.Count(user => split.Relevant[user].Count > 0));
        report.EvaluatedUserCount.Should().BeGreaterThan(1000);
        var popularity = report.GetModel("Popularity").At(10);
        var random = report.GetModel("Random").At(10);
        popularity.Ndcg.Should().BeGreaterThan(3 * random.Ndcg);
        popularity.Recall.Should().BeGreaterThan(3 * random.Recall);
        popularity.Coverage.Should().BeLessThan(random.Coverage);
        popularity.MeanPopularityRank.Should().BeLessThan(random.MeanPopularityRank!.Value);
        popularity.MeanSelfInformation.Should().BeLessThan(random.MeanSelfInformation!.Value);
        foreach (var scores in report.Models.SelectMany(m => m.Scores))
        {
            new[] { scores.Precision, scores.Recall, scores.HitRate, scores.Ndcg, scores.Map, scores.Mrr, scores.Coverage }
                .Should().OnlyContain(value => value >= 0 && value <= 1);
        }
    }

    /// <summary>Ranks items by distinct training buyers, ties by id, leaving out what the user already bought.</summary>
    private static Func<string, int, IReadOnlyList<string>> PopularityRecommender(IReadOnlyList<InteractionEvent<string, string>> train)
    {
        string[] ranked = [.. train.DistinctBy(e => (e.User, e.Item)).GroupBy(e => e.Item)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];
        var bought = train.ToLookup(e => e.User, e => e.Item);
        return (user, count) =>
        {
            var own = bought[user].ToHashSet();
            return [.. ranked.Where(item => !own.Contains(item)).Take(count)];
        };
    }

    /// <summary>Draws distinct training items uniformly at random for each user.</summary>
    private static Func<string, int, IReadOnlyList<string>> RandomRecommender(IReadOnlyList<InteractionEvent<string, string>> train, int seed)
    {
        string[] catalog = [.. train.Select(e => e.Item).Distinct().Order(StringComparer.Ordinal)];
        var random = new Random(seed);
        return (_, count) =>
        {
            var picked = new HashSet<string>();
            while (picked.Count < Math.Min(count, catalog.Length))
            {
                picked.Add(catalog[random.Next(catalog.Length)]);
            }

            return [.. picked];
        };
    }

    /// <summary>Reads purchase lines: a customer id, an invoice not starting with C (a cancellation), and a positive quantity.</summary>
    private static InteractionEvent<string, string>[] ReadPurchases(string path)
    {
        var events = new List<InteractionEvent<string, string>>();
        using var reader = Sep.Reader().FromFile(path);
        foreach (var row in reader)
        {
            string customer = row["CustomerID"].ToString();
            string invoice = row["InvoiceNo"].ToString();
            int quantity = int.Parse(row["Quantity"].Span, CultureInfo.InvariantCulture);
            if (customer.Length == 0 || invoice.StartsWith('C') || quantity <= 0)
            {
                continue;
            }

            var timestamp = DateTimeOffset.ParseExact(row["InvoiceDate"].Span, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            events.Add(new InteractionEvent<string, string>(customer, row["StockCode"].ToString(), Behavior.Purchase, timestamp)
            {
                Quantity = quantity,
                SessionId = invoice,
                RowNumber = row.LineNumberFrom,
            });
        }

        return [.. events];
    }
}

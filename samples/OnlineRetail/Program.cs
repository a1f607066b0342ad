// Trains top-N recommenders on UCI Online Retail purchases before a cut-off date, evaluates their top-10 lists on
// the purchases after it, and shows lists, "bought together" items and a basket recommendation with descriptions.
//
// Usage: dotnet run -c Release --project samples/OnlineRetail -- [DATA] [--cutoff yyyy-MM-dd]
//   DATA      Online Retail as CSV or gzip-compressed CSV. Default: data/online_retail.csv.gz beside the program.
//   --cutoff  The first day of the test period. Default: 2011-11-01, so the last 39 days of the data are tested.
using System.Diagnostics;
using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit;
using NewRetail.CF.IO;

string? dataArgument = null;
var cutoff = new DateTimeOffset(2011, 11, 1, 0, 0, 0, TimeSpan.Zero);
for (int a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--cutoff":
            if (a + 1 >= args.Length
                || !DateTime.TryParseExact(args[a + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime day))
            {
                Console.Error.WriteLine($"Invalid --cutoff value '{(a + 1 < args.Length ? args[a + 1] : "")}': give a date as yyyy-MM-dd, for example --cutoff 2011-11-01.");
                return 2;
            }

            cutoff = new DateTimeOffset(day, TimeSpan.Zero);
            a++;
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: OnlineRetail [DATA] [--cutoff yyyy-MM-dd (default 2011-11-01)]");
            Console.WriteLine("DATA is Online Retail as .csv or .csv.gz. Default: data/online_retail.csv.gz beside the program.");
            return 0;
        default:
            if (args[a].StartsWith("--", StringComparison.Ordinal) || dataArgument is not null)
            {
                Console.Error.WriteLine($"Invalid argument '{args[a]}'. Run with --help for the usage.");
                return 2;
            }

            dataArgument = args[a];
            break;
    }
}

string path = dataArgument ?? Path.Combine(AppContext.BaseDirectory, "data", "online_retail.csv.gz");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"The data file '{path}' was not found. Pass the path of online_retail.csv or online_retail.csv.gz as the first argument.");
    return 1;
}

var load = Stopwatch.StartNew();
OnlineRetailData data;
try
{
    data = OnlineRetailReader.Read(path);
}
catch (Exception error) when (error is RatingDataException or IOException or UnauthorizedAccessException or InvalidDataException)
{
    // The library's message already names the file, line, field and value.
    Console.Error.WriteLine($"Cannot load the data: {error.Message}");
    return 1;
}

IReadOnlyList<InteractionEvent<long, string>> events = data.Events.Events;
Console.WriteLine($"Online Retail: {data.Lines:N0} lines read in {load.Elapsed.TotalSeconds:F1} s from {Path.GetFileName(path)}.");
Console.WriteLine($"  {data.PurchaseLines:N0} purchase and {data.ReturnLines:N0} return lines of known customers; "
    + $"{data.AnonymousBaskets.Count:N0} anonymous baskets ({data.AnonymousPurchaseLines:N0} lines); "
    + $"{data.NonProductLines:N0} fee and postage lines and {data.InconsistentQuantityLines:N0} stock corrections skipped.");
if (events.Count == 0)
{
    Console.Error.WriteLine($"'{path}' contains no purchases of known customers, so there is nothing to train on.");
    return 1;
}

// A cut-off is valid when at least one event falls before it and one at or after it.
DateTime firstDay = events.Min(e => e.Timestamp).UtcDateTime.Date;
DateTime lastDay = events.Max(e => e.Timestamp).UtcDateTime.Date;
if (cutoff.UtcDateTime <= firstDay || cutoff.UtcDateTime > lastDay)
{
    Console.Error.WriteLine($"The cut-off {cutoff:yyyy-MM-dd} leaves no training or no test events: pick a date from "
        + $"{firstDay.AddDays(1):yyyy-MM-dd} to {lastDay:yyyy-MM-dd}.");
    return 2;
}

// Purchases before the cut-off train; purchases of items new to the customer after it are the relevant items.
EventTrainTestSplit<long, string> split = EventSplit.TimeCutoff(events, cutoff);
Console.WriteLine($"Train: {split.Train.Count:N0} events before {cutoff:yyyy-MM-dd}; test: {split.Test.Count:N0} events of {split.TestUsers.Count:N0} customers.");
Console.WriteLine();

var aggregator = new PreferenceAggregator();
ITopNAlgorithm[] algorithms =
[
    new MostPopular(),
    new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Cosine }),
    new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Cosine, BinaryValues = true, InverseFrequency = true }),
    new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.ConditionalProbability, Alpha = 0.5 }),
    new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25 }),
    new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, NormalizeByRowMax = true }),
    new ImplicitUserKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.Cosine }),
];

var models = algorithms.Select(algorithm => new RankingModel<long, string>(algorithm.Name, train =>
{
    RatingMatrix<long, string> preferences = aggregator.Aggregate(train).Matrix;

    // The history keeps fully returned items out of the lists too: they have no preference left in the matrix.
    ITopNRecommender<long, string> model = algorithm.Fit(preferences).WithHistory(new InteractionHistory<long, string>(train));
    return (customer, count) => model.Recommend(customer, count).Select(r => r.Item).ToArray();
}));

RankingReport report;
try
{
    report = RankingEvaluator.Evaluate(split, models, [10]);
}
catch (ArgumentException error)
{
    // For example, no test customer bought anything new after the cut-off.
    Console.Error.WriteLine($"Cannot evaluate with the cut-off {cutoff:yyyy-MM-dd}: {error.Message}");
    return 1;
}

Console.WriteLine("Top-10 lists against the purchases after the cut-off:");
Console.Write(report.FormatTable(
[
    RankingMetric.Precision, RankingMetric.Recall, RankingMetric.HitRate, RankingMetric.Ndcg, RankingMetric.Map,
    RankingMetric.Mrr, RankingMetric.Coverage, RankingMetric.SelfInformation, RankingMetric.Diversity,
]));
Console.WriteLine();

// Show what the log-likelihood item model, the best in the table above on the default cut-off, recommends when
// fitted on the training events.
ITopNRecommender<long, string> itemModel = new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, NormalizeByRowMax = true })
    .Fit(aggregator.Aggregate(split.Train).Matrix)
    .WithHistory(new InteractionHistory<long, string>(split.Train));

foreach (long customer in split.TestUsers.Where(c => split.Relevant[c].Count > 0 && !split.ColdUsers.Contains(c)).Take(3))
{
    Console.WriteLine($"Top 10 for customer {customer} (✓ = bought after the cut-off):");
    foreach (Recommendation<string> r in itemModel.Recommend(customer, 10))
    {
        string mark = split.Relevant[customer].Contains(r.Item) ? "✓" : " ";
        Console.WriteLine($"  {mark} {r.Item,-7} {Describe(r.Item),-36} {r.Score,8:F3} {r.Source}");
    }

    Console.WriteLine();
}

string[] products = ["85123A", "22423", "47566"];
foreach (string product in products)
{
    Console.WriteLine($"Bought together with {product} {Describe(product)}:");
    foreach (Recommendation<string> r in itemModel.SimilarItems(product, 5))
    {
        Console.WriteLine($"    {r.Item,-7} {Describe(r.Item),-36} {r.Score,8:F3}");
    }

    Console.WriteLine();
}

// A basket without a customer: the first anonymous basket of the test period.
Basket<string>? basket = data.AnonymousBaskets.FirstOrDefault(b => b.Timestamp >= cutoff && b.Count >= 3);
if (basket is not null)
{
    Console.WriteLine($"Anonymous basket {basket.Id} ({basket.Count} lines, first three: {string.Join(", ", basket.Items.Take(3).Select(Describe))}):");
    foreach (Recommendation<string> r in itemModel.RecommendFromItems(basket.Items, new TopNRequest<string>(5)))
    {
        Console.WriteLine($"    {r.Item,-7} {Describe(r.Item),-36} {r.Score,8:F3} {r.Source}");
    }
}

return 0;

string Describe(string stockCode) =>
    data.Descriptions.TryGetValue(stockCode, out string? description) ? Truncate(description, 36) : "(no description)";

static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

// Compares user-based and item-based neighbourhood models on MovieLens 100K with 5-fold cross-validation and
// prints RMSE, MAE, fit and test seconds for each.
//
// Usage: dotnet run -c Release --project samples/MovieLensComparison -- [DATA] [--folds N] [--seed N]
//   DATA  the ml-100k folder or its u.data file. Default: $NEWRETAIL_CF_DATA/ml-100k, else ../shared/data/ml-100k.
using System.Diagnostics;
using NewRetail.CF;
using NewRetail.CF.Data;
using NewRetail.CF.Evaluation;
using NewRetail.CF.IO;
using NewRetail.CF.Similarities;

string? dataArgument = null;
int folds = 5;
long seed = 42;
for (int a = 0; a < args.Length; a++)
{
    switch (args[a])
    {
        case "--folds":
            if (a + 1 >= args.Length || !int.TryParse(args[a + 1], out folds) || folds < 2)
            {
                Console.Error.WriteLine($"Invalid --folds value '{(a + 1 < args.Length ? args[a + 1] : "")}': give an integer ≥ 2, for example --folds 5.");
                return 2;
            }

            a++;
            break;
        case "--seed":
            if (a + 1 >= args.Length || !long.TryParse(args[a + 1], out seed))
            {
                Console.Error.WriteLine($"Invalid --seed value '{(a + 1 < args.Length ? args[a + 1] : "")}': give an integer, for example --seed 42.");
                return 2;
            }

            a++;
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: MovieLensComparison [DATA] [--folds N (≥ 2, default 5)] [--seed N (default 42)]");
            Console.WriteLine("DATA is the ml-100k folder or its u.data file.");
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

var candidates = DataLocator.Candidates(dataArgument);
string? path = candidates.FirstOrDefault(File.Exists);
if (path is null)
{
    Console.Error.WriteLine("MovieLens 100K (u.data) was not found. Looked for:");
    foreach (string candidate in candidates)
    {
        Console.Error.WriteLine($"  {candidate}");
    }

    Console.Error.WriteLine();
    Console.Error.WriteLine("Get it from GroupLens: https://grouplens.org/datasets/movielens/100k/ (ml-100k.zip; research use only,");
    Console.Error.WriteLine("no redistribution). Unzip it and pass the folder as the first argument, or set NEWRETAIL_CF_DATA to the");
    Console.Error.WriteLine("folder that contains ml-100k/. This program downloads nothing.");
    return 1;
}

var load = Stopwatch.StartNew();
RatingMatrix<long, long> ratings;
try
{
    ratings = MovieLensReader.ReadUData(path).ToMatrix(RatingScale.OneToFive);
}
catch (Exception error) when (error is RatingDataException or IOException or UnauthorizedAccessException)
{
    // The library's message already names the file, line, field and value, and the fix.
    Console.Error.WriteLine($"Cannot load the ratings: {error.Message}");
    return 1;
}

load.Stop();
Console.WriteLine($"Data: {path}");
Console.WriteLine($"{ratings.Count:N0} ratings, {ratings.Users.Count:N0} users, {ratings.Items.Count:N0} items, loaded in {load.Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"{folds}-fold cross-validation, shuffle seed {seed}, {Environment.ProcessorCount} cores");
Console.WriteLine();

// Every model uses k = 40 and at least one neighbour. Pearson needs two co-rated entries by default; cosine one.
IRecommenderAlgorithm[] algorithms =
[
    new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, Centering = Centering.None }),
    new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, Centering = Centering.Mean }),
    new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, Centering = Centering.None }),
    new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, Centering = Centering.Mean }),
    new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, Centering = Centering.None }),
    new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, Centering = Centering.Mean }),
    new ItemKnn(new KnnOptions { Similarity = Similarity.Pearson, Centering = Centering.None }),
    new ItemKnn(new KnnOptions { Similarity = Similarity.Pearson, Centering = Centering.Mean }),
    new BaselineOnly(),
];

var splits = Split.KFold(ratings, folds, seed);
var reports = new List<CrossValidationReport>();
foreach (var algorithm in algorithms)
{
    var report = CrossValidation.Run(algorithm, splits);
    reports.Add(report);
    Console.WriteLine($"  done: {algorithm.Name} (impossible predictions: {report.ImpossibleCount:N0} of {report.TestCount:N0}, kept with their fallback)");
}

Console.WriteLine();
Console.WriteLine(CrossValidation.FormatTable(reports));
return 0;

/// <summary>Where the sample looks for u.data, in order.</summary>
internal static class DataLocator
{
    public static List<string> Candidates(string? argument)
    {
        var candidates = new List<string>();
        if (argument is not null)
        {
            candidates.Add(Directory.Exists(argument) ? Path.Combine(argument, "u.data") : argument);
            return candidates;
        }

        string? variable = Environment.GetEnvironmentVariable("NEWRETAIL_CF_DATA");
        if (!string.IsNullOrEmpty(variable))
        {
            candidates.Add(Path.GetFullPath(Path.Combine(variable, "ml-100k", "u.data")));
        }

        candidates.Add(Path.GetFullPath(Path.Combine("..", "shared", "data", "ml-100k", "u.data")));

        // Also try beside the repository root, so the sample works from any folder inside the clone.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NewRetail.CF.sln")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is not null)
        {
            candidates.Add(Path.Combine(directory.Parent.FullName, "shared", "data", "ml-100k", "u.data"));
        }

        return candidates.Distinct().ToList();
    }
}

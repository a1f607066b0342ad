namespace NewRetail.CF.Benchmarks.Data;

/// <summary>The named data sets the benchmarks take as parameters, loaded once per process.</summary>
public static class BenchmarkData
{
    /// <summary>MovieLens 100K: 100,000 ratings, 943 users, 1,682 items. Present only when u.data is found.</summary>
    public const string MovieLens = "ml-100k";

    /// <summary>The 1M-scale MovieLens ratings: 1,000,209 ratings, 6,040 users, 3,706 items. Present only when the file is found.</summary>
    public const string MovieLens1MName = "ml-1m";

    /// <summary>
    /// Synthetic, 10^7 ratings in a retail-sized catalogue: 100,000 users and 100,000 items (0.1 % dense, 100 ratings
    /// per user on average), for the memory-bounded mode. A dense n × n model of it does not fit.
    /// </summary>
    public const string Synthetic10M = "synthetic-1e7";

    /// <summary>The users and the items of <see cref="Synthetic10M"/>.</summary>
    public const int CatalogueSize = 100_000;

    /// <summary>Synthetic, 10^5 ratings: the size of MovieLens 100K, so the two show the effect of the real skew.</summary>
    public const string Synthetic100K = "synthetic-1e5";

    /// <summary>Synthetic, 10^6 ratings: ten times more, to show how fitting scales (3,000 users, 5,000 items).</summary>
    public const string Synthetic1M = "synthetic-1e6";

    /// <summary>
    /// A comma-separated subset of the data set names to benchmark, for quick runs. Unset or empty means all.
    /// </summary>
    public const string SelectionVariable = "NEWRETAIL_CF_BENCH_DATA";

    private static readonly Dictionary<string, RatingTriples> Loaded = [];

    /// <summary>Lists the data sets for the similarity benchmarks: MovieLens when present, and both synthetic sizes.</summary>
    public static IEnumerable<string> All()
    {
        var names = new List<string>();
        if (MovieLens100K.IsAvailable)
        {
            names.Add(MovieLens);
        }

        names.Add(Synthetic100K);
        names.Add(Synthetic1M);
        return Select(names);
    }

    /// <summary>Lists MovieLens 100K and 1M, each when its file is found, or synthetic 10^5 when neither is.</summary>
    public static IEnumerable<string> MovieLensSizes()
    {
        var names = new List<string>();
        if (MovieLens100K.IsAvailable)
        {
            names.Add(MovieLens);
        }

        if (MovieLens1M.IsAvailable)
        {
            names.Add(MovieLens1MName);
        }

        return Select(names.Count > 0 ? names : [Synthetic100K]);
    }

    /// <summary>Lists the synthetic sets of the default shape, 10^5 and 10^6, whose items fit a dense model.</summary>
    public static IEnumerable<string> SyntheticSizes() => Select([Synthetic100K, Synthetic1M]);

    /// <summary>Lists the retail-sized synthetic set, 10^7 ratings over 100,000 items.</summary>
    public static IEnumerable<string> CatalogueSizes() => Select([Synthetic10M]);

    /// <summary>Lists the data set for the prediction benchmarks: MovieLens, or synthetic 10^5 when MovieLens is missing.</summary>
    public static IEnumerable<string> MovieLensOrSubstitute()
        => Select([MovieLens100K.IsAvailable ? MovieLens : Synthetic100K]);

    /// <summary>Returns the data set called <paramref name="name"/>, loading or generating it on first use.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names above.</exception>
    public static RatingTriples Get(string name)
    {
        if (!Loaded.TryGetValue(name, out var triples))
        {
            triples = name switch
            {
                MovieLens => MovieLens100K.Load(),
                Synthetic100K => SyntheticRatings.Generate(100_000),
                MovieLens1MName => MovieLens1M.Load(),
                Synthetic1M => SyntheticRatings.Generate(1_000_000),
                Synthetic10M => SyntheticRatings.Generate(10_000_000, CatalogueSize, CatalogueSize),
                _ => throw new ArgumentException(
                    $"Unknown data set \"{name}\". Use {MovieLens}, {MovieLens1MName}, {Synthetic100K}, {Synthetic1M} or {Synthetic10M}.", nameof(name)),
            };
            Loaded.Add(name, triples);
        }

        return triples;
    }

    /// <summary>Describes where the data comes from, for the start of a run.</summary>
    public static string Describe()
    {
        string movieLens = MovieLens100K.IsAvailable
            ? $"MovieLens 100K: {MovieLens100K.RatingsPath}"
            : $"MovieLens 100K: not found at {MovieLens100K.RatingsPath}, so only synthetic data is used. "
              + $"Set {MovieLens100K.DataVariable} to the folder that contains ml-100k/u.data.";
        string? selection = Environment.GetEnvironmentVariable(SelectionVariable);
        return string.IsNullOrWhiteSpace(selection)
            ? movieLens
            : $"{movieLens}{Environment.NewLine}Data sets limited by {SelectionVariable} to: {selection}";
    }

    private static List<string> Select(List<string> names)
    {
        string? selection = Environment.GetEnvironmentVariable(SelectionVariable);
        if (string.IsNullOrWhiteSpace(selection))
        {
            return names;
        }

        var selected = selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Where(name => selected.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}

using System.Globalization;

namespace NewRetail.CF.Evaluation;

/// <summary>The ranking metrics of one model at every cut-off, with its fit and recommend times.</summary>
public sealed class ModelRankingResult
{
    internal ModelRankingResult(string model, double fitSeconds, double recommendSeconds, int emptyListCount, RankingScores[] scores)
    {
        Model = model;
        FitSeconds = fitSeconds;
        RecommendSeconds = recommendSeconds;
        EmptyListCount = emptyListCount;
        Scores = scores;
    }

    /// <summary>The model name, from <see cref="RankingModel{TUser, TItem}.Name"/>.</summary>
    public string Model { get; }

    /// <summary>The seconds that the fit delegate took.</summary>
    public double FitSeconds { get; }

    /// <summary>The seconds that the recommend delegate took over all evaluated users together, without the metrics.</summary>
    public double RecommendSeconds { get; }

    /// <summary>The number of evaluated users whose list was empty. They score 0 on every per-user metric.</summary>
    public int EmptyListCount { get; }

    /// <summary>The metrics at each cut-off, in the order of <see cref="RankingReport.Cutoffs"/>.</summary>
    public IReadOnlyList<RankingScores> Scores { get; }

    /// <summary>Returns the metrics at cut-off <paramref name="k"/>.</summary>
    /// <param name="k">One of the evaluated cut-offs.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> was not evaluated.</exception>
    public RankingScores At(int k)
    {
        foreach (RankingScores scores in Scores)
        {
            if (scores.K == k)
            {
                return scores;
            }
        }

        throw new ArgumentOutOfRangeException(
            nameof(k), k, $"The cut-off {k} was not evaluated. Evaluated cut-offs: {string.Join(", ", Scores.Select(s => s.K))}.");
    }
}

/// <summary>Ranking metrics of several models at several cut-offs on one split, from <see cref="RankingEvaluator"/>.</summary>
/// <remarks>
/// Every model is scored on the same evaluated users. The user counts describe the split and options, so they are the
/// same for every model: <see cref="TestUserCount"/> = <see cref="EvaluatedUserCount"/> +
/// <see cref="SkippedNoRelevantCount"/> + <see cref="SkippedColdCount"/>.
/// </remarks>
public sealed class RankingReport
{
    private static readonly RankingMetric[] AllMetrics = Enum.GetValues<RankingMetric>();

    internal RankingReport(
        string splitMethod,
        int[] cutoffs,
        ModelRankingResult[] models,
        int testUserCount,
        int evaluatedUserCount,
        int evaluatedColdCount,
        int skippedNoRelevantCount,
        int skippedColdCount)
    {
        SplitMethod = splitMethod;
        Cutoffs = cutoffs;
        Models = models;
        TestUserCount = testUserCount;
        EvaluatedUserCount = evaluatedUserCount;
        EvaluatedColdCount = evaluatedColdCount;
        SkippedNoRelevantCount = skippedNoRelevantCount;
        SkippedColdCount = skippedColdCount;
    }

    /// <summary>How the split was made, from <see cref="EventTrainTestSplit{TUser, TItem}.Method"/>.</summary>
    public string SplitMethod { get; }

    /// <summary>The cut-offs, in the order they were given.</summary>
    public IReadOnlyList<int> Cutoffs { get; }

    /// <summary>The results of each model, in the order they were given.</summary>
    public IReadOnlyList<ModelRankingResult> Models { get; }

    /// <summary>The number of users with at least one test event.</summary>
    public int TestUserCount { get; }

    /// <summary>The number of users in the averages.</summary>
    public int EvaluatedUserCount { get; }

    /// <summary>The number of evaluated users without a training event; nonzero only under <see cref="ColdUserHandling.Include"/>.</summary>
    public int EvaluatedColdCount { get; }

    /// <summary>The number of test users left out because they have no relevant test item, for example only views after the split.</summary>
    public int SkippedNoRelevantCount { get; }

    /// <summary>The number of test users with relevant items left out because they have no training event, under <see cref="ColdUserHandling.Skip"/>.</summary>
    public int SkippedColdCount { get; }

    /// <summary>Returns the result of the model named <paramref name="model"/>.</summary>
    /// <param name="model">The model name, compared ordinally.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    public ModelRankingResult GetModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (ModelRankingResult result in Models)
        {
            if (string.Equals(result.Model, model, StringComparison.Ordinal))
            {
                return result;
            }
        }

        throw new KeyNotFoundException($"No model named '{model}' was evaluated. Evaluated models: {string.Join(", ", Models.Select(m => m.Model))}.");
    }

    /// <summary>Returns one number of the report.</summary>
    /// <param name="model">The model name, compared ordinally.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="k">One of the evaluated cut-offs.</param>
    /// <returns>The value, or <see langword="null"/> for a novelty or diversity mean that no user defines.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No model has that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> was not evaluated, or <paramref name="metric"/> is not defined.</exception>
    public double? GetValue(string model, RankingMetric metric, int k) => GetModel(model).At(k).Get(metric);

    /// <summary>
    /// Formats a table with one row per model and one column per metric and cut-off, such as <c>NDCG@10</c>, followed by
    /// the fit and recommend seconds and a line with the user counts.
    /// </summary>
    /// <param name="metrics">The metrics to show, in column order. Default: every <see cref="RankingMetric"/>, in declaration order.</param>
    /// <returns>
    /// The table. Columns are grouped by metric, then ordered by cut-off as given. Numbers use the invariant culture:
    /// 4 decimals for metrics in [0, 1], 1 for the popularity rank, 3 for self-information and seconds. An undefined
    /// mean shows as "n/a".
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="metrics"/> is empty, or contains a value twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metrics"/> contains a value that is not defined.</exception>
    public string FormatTable(IEnumerable<RankingMetric>? metrics = null)
    {
        RankingMetric[] columns = metrics is null ? AllMetrics : [.. metrics];
        if (columns.Length == 0)
        {
            throw new ArgumentException("There are no metrics to show. Pass at least one metric, or null for all of them.", nameof(metrics));
        }

        var selected = new HashSet<RankingMetric>();
        foreach (RankingMetric metric in columns)
        {
            if (!Enum.IsDefined(metric))
            {
                throw new ArgumentOutOfRangeException(nameof(metrics), metric, $"{metric} is not a valid RankingMetric value. Use a named value of the enum.");
            }

            if (!selected.Add(metric))
            {
                throw new ArgumentException($"The metric {metric} appears more than once. Name each metric once.", nameof(metrics));
            }
        }

        var header = new List<string> { "Model" };
        foreach (RankingMetric metric in columns)
        {
            header.AddRange(Cutoffs.Select(k => ColumnName(metric) + "@" + k.ToString(CultureInfo.InvariantCulture)));
        }

        header.Add("Fit s");
        header.Add("Rec s");
        var rows = new List<IReadOnlyList<string>> { header };
        foreach (ModelRankingResult result in Models)
        {
            var row = new List<string> { result.Model };
            foreach (RankingMetric metric in columns)
            {
                row.AddRange(Cutoffs.Select(k => FormatValue(metric, result.At(k).Get(metric))));
            }

            row.Add(result.FitSeconds.ToString("F3", CultureInfo.InvariantCulture));
            row.Add(result.RecommendSeconds.ToString("F3", CultureInfo.InvariantCulture));
            rows.Add(row);
        }

        return TextTable.Format(rows) + FormatUserCounts() + Environment.NewLine;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Models.Count} models at k = {string.Join(", ", Cutoffs)}; {FormatUserCounts()}";

    private string FormatUserCounts()
    {
        string cold = EvaluatedColdCount > 0 ? $", {EvaluatedColdCount} of them cold" : string.Empty;
        return $"{SplitMethod}: evaluated {EvaluatedUserCount} of {TestUserCount} test users{cold}; skipped {SkippedNoRelevantCount} without relevant items and {SkippedColdCount} cold.";
    }

    private static string ColumnName(RankingMetric metric) => metric switch
    {
        RankingMetric.Precision => "P",
        RankingMetric.Recall => "R",
        RankingMetric.HitRate => "HR",
        RankingMetric.Ndcg => "NDCG",
        RankingMetric.Map => "MAP",
        RankingMetric.Mrr => "MRR",
        RankingMetric.Coverage => "Cov",
        RankingMetric.PopularityRank => "PopRank",
        RankingMetric.SelfInformation => "SelfInfo",
        _ => "ILD",
    };

    private static string FormatValue(RankingMetric metric, double? value)
    {
        if (value is not double v)
        {
            return "n/a";
        }

        string format = metric switch
        {
            RankingMetric.PopularityRank => "F1",
            RankingMetric.SelfInformation => "F3",
            _ => "F4",
        };
        return v.ToString(format, CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using Microsoft.Extensions.Logging;
using NewRetail.CF.Events;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Evaluation;

/// <summary>Fits top-N recommenders on the training events of a split and scores their lists against the held-out relevant items.</summary>
public static class RankingEvaluator
{
    /// <summary>Fits each model on <see cref="EventTrainTestSplit{TUser, TItem}.Train"/>, requests a list per test user and computes the ranking metrics at each cut-off.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="split">The split, from <see cref="EventSplit"/>.</param>
    /// <param name="models">The models to compare, at least one, with distinct names.</param>
    /// <param name="cutoffs">The cut-offs k, at least one, each ≥ 1 and distinct, such as <c>[5, 10]</c>.</param>
    /// <param name="options">The options. Default: cold users are skipped, the catalogue is the training items, diversity uses binary item cosine, and the system clock times each step.</param>
    /// <param name="cancellationToken">Cancels the run between models and between users.</param>
    /// <returns>The report, with models and cut-offs in the order given.</returns>
    /// <remarks>
    /// <para><b>Users.</b> Each test user of the split is evaluated unless their relevant set is empty, which is counted in
    /// <see cref="RankingReport.SkippedNoRelevantCount"/>, or they are cold and <see cref="RankingEvaluationOptions{TItem}.ColdUsers"/>
    /// is <see cref="ColdUserHandling.Skip"/>, which is counted in <see cref="RankingReport.SkippedColdCount"/>. A cold user
    /// without relevant items counts only as the former. Every model gets the same users, in the order of
    /// <see cref="EventTrainTestSplit{TUser, TItem}.TestUsers"/>.</para>
    /// <para><b>Lists.</b> Each model's recommend function is called once per evaluated user with n = the largest cut-off,
    /// and the metrics at a smaller k read the first k items of that list. A shorter list is scored as it is, and items
    /// after the first n are ignored. The first n items must be distinct and not null.</para>
    /// <para><b>Novelty and diversity.</b> Popularity is <see cref="ItemPopularity.FromEvents{TUser, TItem}"/> of the
    /// training events: distinct users per item, over every behaviour, out of the number of training users.</para>
    /// <para><b>Times.</b> The fit time is one call of <see cref="RankingModel{TUser, TItem}.Fit"/>. The recommend time
    /// adds up the recommend calls only, so metric computation is not charged to the model. Models run one after
    /// another and users one after another, so the recommend function need not be thread-safe.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="split"/>, <paramref name="models"/>, a model or <paramref name="cutoffs"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A cut-off is less than 1, or an option is not a defined value.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="models"/> or <paramref name="cutoffs"/> is empty, two models share a name, a cut-off repeats, the
    /// catalogue is empty, no test user can be evaluated, or the similarity function returned NaN or an infinity.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A fit delegate returned no recommend function, or a recommend function returned no list, a null item or a repeated item.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static RankingReport Evaluate<TUser, TItem>(
        EventTrainTestSplit<TUser, TItem> split,
        IEnumerable<RankingModel<TUser, TItem>> models,
        IReadOnlyList<int> cutoffs,
        RankingEvaluationOptions<TItem>? options = null,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Evaluate(split, models, cutoffs, options, progress: null, cancellationToken);

    /// <summary>Evaluates the models as the overload without progress does, and reports the progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="split">The split, from <see cref="EventSplit"/>.</param>
    /// <param name="models">The models to compare, at least one, with distinct names.</param>
    /// <param name="cutoffs">The cut-offs k, at least one, each ≥ 1 and distinct, such as <c>[5, 10]</c>.</param>
    /// <param name="options">The options. Default: cold users are skipped, the catalogue is the training items, diversity uses binary item cosine, and the system clock times each step.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Models"/> stage, one unit per model fitted and scored, and for each model in
    /// between, the <see cref="FitStage.Lists"/> stage, one unit per evaluated user. The fit delegates report nothing.
    /// <see cref="FitProgress"/> describes the thread it runs on. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">
    /// Cancels the run between models and between users. A fit delegate does not see it, so a cancellation during a fit
    /// takes effect when the fit returns.
    /// </param>
    /// <returns>The report, with models and cut-offs in the order given.</returns>
    /// <remarks>The other overload describes which users are evaluated, how lists are scored and what is timed.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="split"/>, <paramref name="models"/>, a model or <paramref name="cutoffs"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A cut-off is less than 1, or an option is not a defined value.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="models"/> or <paramref name="cutoffs"/> is empty, two models share a name, a cut-off repeats, the
    /// catalogue is empty, no test user can be evaluated, or the similarity function returned NaN or an infinity.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A fit delegate returned no recommend function, or a recommend function returned no list, a null item or a repeated item.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static RankingReport Evaluate<TUser, TItem>(
        EventTrainTestSplit<TUser, TItem> split,
        IEnumerable<RankingModel<TUser, TItem>> models,
        IReadOnlyList<int> cutoffs,
        RankingEvaluationOptions<TItem>? options,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(cutoffs);
        options ??= new RankingEvaluationOptions<TItem>();
        options.Validate();
        RankingModel<TUser, TItem>[] modelList = CheckModels(models);
        int[] ks = CheckCutoffs(cutoffs);
        cancellationToken.ThrowIfCancellationRequested();

        // 1. Choose the users: those with relevant items, and warm unless cold users are included.
        var users = new List<TUser>();
        var relevantSets = new List<IReadOnlySet<TItem>>();
        int skippedNoRelevant = 0;
        int skippedCold = 0;
        int evaluatedCold = 0;
        foreach (TUser user in split.TestUsers)
        {
            IReadOnlySet<TItem> relevant = split.Relevant[user];
            bool cold = split.ColdUsers.Contains(user);
            if (relevant.Count == 0)
            {
                skippedNoRelevant++;
            }
            else if (cold && options.ColdUsers == ColdUserHandling.Skip)
            {
                skippedCold++;
            }
            else
            {
                users.Add(user);
                relevantSets.Add(relevant);
                evaluatedCold += cold ? 1 : 0;
            }
        }

        if (users.Count == 0)
        {
            throw new ArgumentException(
                $"None of the {split.TestUsers.Count} test users can be evaluated: {skippedNoRelevant} have no relevant test item and {skippedCold} are cold. " +
                "Check EventSplitOptions.RelevantBehaviors, use ColdUserHandling.Include, or choose another split.",
                nameof(split));
        }

        // 2. What every model is measured against: popularity, catalogue and item similarity from the training events.
        var context = new ListContext<TItem>(
            ItemPopularity.FromEvents(split.Train),
            options.Catalog is null ? split.Train.Select(e => e.Item).ToHashSet() : options.Catalog.ToHashSet(),
            Memoize(options.Similarity ?? new BinaryItemCosine<TUser, TItem>(split.Train).Similarity));

        // 3. Fit, recommend and score each model.
        var clock = options.TimeProvider;
        var logger = options.Logger;
        long start = clock.GetTimestamp();
        FitLog.RankingEvaluationStarted(logger, modelList.Length, users.Count, split.TestUsers.Count, ks);
        var modelProgress = StageProgress.Start(progress, FitStage.Models, modelList.Length);
        var results = new ModelRankingResult[modelList.Length];
        for (int m = 0; m < modelList.Length; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[m] = EvaluateModel(modelList[m], split.Train, users, relevantSets, ks, context, clock, progress, cancellationToken);
            LogModel(logger, results[m], users.Count);
            modelProgress?.Advance();
        }

        modelProgress?.Complete();
        double elapsedSeconds = clock.GetElapsedTime(start).TotalSeconds;
        FitLog.RankingEvaluationFinished(logger, modelList.Length, users.Count, elapsedSeconds);
        return new RankingReport(split.Method, ks, results, split.TestUsers.Count, users.Count, evaluatedCold, skippedNoRelevant, skippedCold);
    }

    private static void LogModel(ILogger logger, ModelRankingResult result, int userCount)
    {
        FitLog.RankingModelFinished(logger, result.Model, result.FitSeconds, userCount, result.RecommendSeconds, result.EmptyListCount);
        if (result.EmptyListCount == userCount)
        {
            FitLog.AllListsEmpty(logger, result.Model, userCount);
        }
    }

    private static ModelRankingResult EvaluateModel<TUser, TItem>(
        RankingModel<TUser, TItem> model,
        IReadOnlyList<InteractionEvent<TUser, TItem>> train,
        List<TUser> users,
        List<IReadOnlySet<TItem>> relevantSets,
        int[] cutoffs,
        ListContext<TItem> context,
        TimeProvider clock,
        IProgress<FitProgress>? progress,
        CancellationToken cancellationToken)
        where TUser : notnull
        where TItem : notnull
    {
        // 1. Fit.
        long fitStart = clock.GetTimestamp();
        Func<TUser, int, IReadOnlyList<TItem>> recommend = model.Fit(train)
            ?? throw new InvalidOperationException($"The fit function of model '{model.Name}' returned no recommend function. Return a function that gives a list per user.");
        double fitSeconds = clock.GetElapsedTime(fitStart).TotalSeconds;

        // 2. One list per user at the largest cut-off, timing only the recommend calls.
        int maxK = cutoffs.Max();
        var lists = new TItem[users.Count][];
        long recommendTicks = 0;
        int emptyLists = 0;
        var listProgress = StageProgress.Start(progress, FitStage.Lists, users.Count);
        for (int u = 0; u < users.Count; u++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = clock.GetTimestamp();
            IReadOnlyList<TItem> list = recommend(users[u], maxK);
            recommendTicks += clock.GetTimestamp() - start;

            lists[u] = CheckList(list, maxK, model.Name, users[u]);
            emptyLists += lists[u].Length == 0 ? 1 : 0;
            listProgress?.Advance();
        }

        listProgress?.Complete();

        // 3. The metrics at each cut-off.
        var scores = new RankingScores[cutoffs.Length];
        for (int c = 0; c < cutoffs.Length; c++)
        {
            scores[c] = Score(lists, relevantSets, cutoffs[c], context);
        }

        double recommendSeconds = (double)recommendTicks / clock.TimestampFrequency;
        return new ModelRankingResult(model.Name, fitSeconds, recommendSeconds, emptyLists, scores);
    }

    private static RankingScores Score<TItem>(TItem[][] lists, List<IReadOnlySet<TItem>> relevantSets, int k, ListContext<TItem> context)
        where TItem : notnull
    {
        double precision = 0;
        double recall = 0;
        double hitRate = 0;
        double ndcg = 0;
        double map = 0;
        double mrr = 0;
        double popularityRank = 0;
        double selfInformation = 0;
        int noveltyUsers = 0;
        double diversity = 0;
        int diversityUsers = 0;
        var covered = new HashSet<TItem>();
        var outOfCatalog = new HashSet<TItem>();
        for (int u = 0; u < lists.Length; u++)
        {
            TItem[] list = lists[u];
            IReadOnlySet<TItem> relevant = relevantSets[u];
            BinaryScores binary = RankingMetrics.ScoreBinary(list, relevant, k);
            precision += (double)binary.Hits / k;
            recall += (double)binary.Hits / relevant.Count;
            hitRate += binary.Hits > 0 ? 1 : 0;
            ndcg += binary.Ndcg;
            map += binary.AveragePrecision;
            mrr += binary.ReciprocalRank;

            int length = Math.Min(k, list.Length);
            for (int r = 0; r < length; r++)
            {
                (context.Catalog.Contains(list[r]) ? covered : outOfCatalog).Add(list[r]);
            }

            // Both novelty means cover the same users: those with an item that has a training popularity count.
            if (RankingMetrics.MeanOverKnown(list, k, context.Popularity.Rank) is double rank)
            {
                popularityRank += rank;
                selfInformation += RankingMetrics.MeanOverKnown(list, k, context.Popularity.SelfInformation)!.Value;
                noveltyUsers++;
            }

            if (RankingMetrics.IntraListDiversityCore(list, k, context.Similarity) is double ild)
            {
                diversity += ild;
                diversityUsers++;
            }
        }

        int n = lists.Length;
        return new RankingScores
        {
            K = k,
            UserCount = n,
            Precision = precision / n,
            Recall = recall / n,
            HitRate = hitRate / n,
            Ndcg = ndcg / n,
            Map = map / n,
            Mrr = mrr / n,
            Coverage = (double)covered.Count / context.Catalog.Count,
            OutOfCatalogItemCount = outOfCatalog.Count,
            MeanPopularityRank = noveltyUsers == 0 ? null : popularityRank / noveltyUsers,
            MeanSelfInformation = noveltyUsers == 0 ? null : selfInformation / noveltyUsers,
            NoveltyUserCount = noveltyUsers,
            IntraListDiversity = diversityUsers == 0 ? null : diversity / diversityUsers,
            DiversityUserCount = diversityUsers,
        };
    }

    /// <summary>Copies the first <paramref name="maxK"/> items of a model's list, rejecting a null list, null items and repeats.</summary>
    private static TItem[] CheckList<TUser, TItem>(IReadOnlyList<TItem>? list, int maxK, string model, TUser user)
        where TUser : notnull
        where TItem : notnull
    {
        if (list is null)
        {
            throw new InvalidOperationException(
                $"Model '{model}' returned no list (null) for user {user}. Return an empty list when there is nothing to recommend.");
        }

        var items = new TItem[Math.Min(maxK, list.Count)];
        var seen = new Dictionary<TItem, int>(items.Length);
        for (int r = 0; r < items.Length; r++)
        {
            TItem item = list[r];
            if (item is null)
            {
                throw new InvalidOperationException($"Model '{model}' recommended a null item at rank {r + 1} to user {user}. Return item ids only.");
            }

            if (!seen.TryAdd(item, r + 1))
            {
                throw new InvalidOperationException(
                    $"Model '{model}' recommended item {item} twice to user {user}, at ranks {seen[item]} and {r + 1}. A ranked list must not repeat items.");
            }

            items[r] = item;
        }

        return items;
    }

    private static RankingModel<TUser, TItem>[] CheckModels<TUser, TItem>(IEnumerable<RankingModel<TUser, TItem>> models)
        where TUser : notnull
        where TItem : notnull
    {
        RankingModel<TUser, TItem>[] list = [.. models];
        if (list.Length == 0)
        {
            throw new ArgumentException("There are no models to evaluate. Pass at least one model.", nameof(models));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int m = 0; m < list.Length; m++)
        {
            if (list[m] is null)
            {
                throw new ArgumentNullException(nameof(models), $"The model at position {m} of models is null. Remove the null entry.");
            }

            if (!names.Add(list[m].Name))
            {
                throw new ArgumentException($"Two models are named '{list[m].Name}'. Give each model a distinct name so the report can tell them apart.", nameof(models));
            }
        }

        return list;
    }

    private static int[] CheckCutoffs(IReadOnlyList<int> cutoffs)
    {
        if (cutoffs.Count == 0)
        {
            throw new ArgumentException("There are no cut-offs. Pass at least one, such as [10].", nameof(cutoffs));
        }

        var seen = new HashSet<int>();
        foreach (int k in cutoffs)
        {
            if (k < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(cutoffs), k, "Every cut-off k must be ≥ 1.");
            }

            if (!seen.Add(k))
            {
                throw new ArgumentException(
                    $"The cut-off {k.ToString(CultureInfo.InvariantCulture)} appears more than once. Name each cut-off once.", nameof(cutoffs));
            }
        }

        return [.. cutoffs];
    }

    /// <summary>Wraps a similarity so that each ordered pair is computed once, because popular items recur in many lists.</summary>
    private static Func<TItem, TItem, double> Memoize<TItem>(Func<TItem, TItem, double> similarity)
        where TItem : notnull
    {
        var cache = new Dictionary<(TItem, TItem), double>();
        return (a, b) =>
        {
            if (!cache.TryGetValue((a, b), out double value))
            {
                value = similarity(a, b);
                cache.Add((a, b), value);
            }

            return value;
        };
    }

    private sealed record ListContext<TItem>(ItemPopularity<TItem> Popularity, HashSet<TItem> Catalog, Func<TItem, TItem, double> Similarity)
        where TItem : notnull;
}

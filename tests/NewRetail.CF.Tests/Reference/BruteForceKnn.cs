using NewRetail.CF.Data;
using NewRetail.CF.Similarities;

namespace NewRetail.CF.Tests.Reference;

/// <summary>A prediction of the reference model, in the same terms as <see cref="Prediction"/>.</summary>
/// <param name="Value">The estimate clipped to the rating scale.</param>
/// <param name="Raw">The estimate before clipping.</param>
/// <param name="Reason">Why the estimate is a fallback, or <see cref="ImpossibleReason.None"/>.</param>
/// <param name="NeighborCount">The number of neighbours in the weighted sum; 0 for a fallback.</param>
/// <param name="RankedCandidates">
/// Every usable neighbour in selection order, before the cut to k. Tests read it to find near-ties at the cut.
/// </param>
public sealed record ReferencePrediction(
    double Value,
    double Raw,
    ImpossibleReason Reason,
    int NeighborCount,
    IReadOnlyList<(string Id, double Similarity)> RankedCandidates)
{
    /// <summary>Whether the estimate is a fallback.</summary>
    public bool Impossible => Reason != ImpossibleReason.None;
}

/// <summary>
/// A brute-force neighbourhood model for cross-checking <see cref="UserKnn"/> and <see cref="ItemKnn"/>: plain loops
/// over nested dictionaries, with every value in <see cref="double"/>.
/// </summary>
/// <remarks>
/// <para>The code follows the stated conventions of the library (means, similarities, ALS baselines, neighbour
/// selection, centring, fallbacks, top-N order) and was written without reading its implementation.</para>
/// <para>The model compares "entities": users in a user-based model, items in an item-based one. The "other side"
/// of a rating is its item in a user-based model and its user in an item-based one. Ids are ordered ordinally,
/// as the library orders string ids.</para>
/// <para>Means, deviations, biases and similarities are computed when the model is built. Neighbour rankings and
/// predictions are computed on first request and cached, so an instance is not thread-safe.</para>
/// </remarks>
public sealed class BruteForceKnn
{
    /// <summary>
    /// The decimal places similarities are rounded to. Values that are equal on paper can come out a few ulps apart
    /// in double (−0.5 as −0.49999999999999994, 0 as 1e-17). Rounding makes them equal again, so such ties are broken
    /// by id and a zero similarity stays zero, as the conventions require.
    /// </summary>
    /// <remarks>
    /// NOTE: this assumes that distinct similarities differ by more than 1e-12, as they do on small matrices with
    /// few distinct rating values. Nothing checks it.
    /// </remarks>
    public const int SimilarityDecimals = 12;

    private readonly Dictionary<string, Dictionary<string, double>> _byUser;
    private readonly Dictionary<string, Dictionary<string, double>> _byItem;
    private readonly Dictionary<string, Dictionary<string, double>> _byEntity;
    private readonly Dictionary<string, Dictionary<string, double>> _byOtherSide;
    private readonly Dictionary<string, double> _userBias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _itemBias = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _entityMeans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _otherSideMeans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _entityDeviations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> _similarities = new(StringComparer.Ordinal);
    private readonly Dictionary<(string User, string Item), ReferencePrediction> _predictions = [];
    private readonly Dictionary<(string Entity, string OtherSide, NeighborWeighting Weighting), List<(string Id, double Similarity)>> _rankings = [];
    private readonly List<string> _users;
    private readonly List<string> _items;
    private readonly double _globalStandardDeviation;
    private readonly RatingScale _scale;
    private readonly KnnOptions _options;
    private readonly bool _userBased;

    /// <summary>Fits the reference model.</summary>
    /// <param name="userRatings">The ratings as user → item → rating. Every user must have at least one rating.</param>
    /// <param name="scale">The scale that values are clipped to.</param>
    /// <param name="options">The options. Only ALS baselines are supported.</param>
    /// <param name="userBased">True for a user-based model, false for an item-based one.</param>
    /// <exception cref="NotSupportedException">The options ask for SGD baselines or an unknown metric.</exception>
    public BruteForceKnn(
        Dictionary<string, Dictionary<string, double>> userRatings,
        RatingScale scale,
        KnnOptions options,
        bool userBased)
    {
        if (options.Baseline.Method != BaselineMethod.Als)
        {
            throw new NotSupportedException($"The reference fits ALS baselines only, not {options.Baseline.Method}.");
        }

        _byUser = userRatings;
        _byItem = Transpose(userRatings);
        _scale = scale;
        _options = options;
        _userBased = userBased;
        _byEntity = userBased ? _byUser : _byItem;
        _byOtherSide = userBased ? _byItem : _byUser;
        _users = SortedKeys(_byUser);
        _items = SortedKeys(_byItem);

        GlobalMean = Mean(AllRatings());
        _globalStandardDeviation = PopulationStandardDeviation(AllRatings());
        foreach (var (entity, ratings) in _byEntity)
        {
            _entityMeans.Add(entity, Mean(ratings.Values));
            _entityDeviations.Add(entity, PopulationStandardDeviation(ratings.Values));
        }

        foreach (var (otherSide, ratings) in _byOtherSide)
        {
            _otherSideMeans.Add(otherSide, Mean(ratings.Values));
        }

        FitBaselines();
        ComputeAllSimilarities();
    }

    private BruteForceKnn(BruteForceKnn fitted, KnnOptions options)
    {
        _byUser = fitted._byUser;
        _byItem = fitted._byItem;
        _byEntity = fitted._byEntity;
        _byOtherSide = fitted._byOtherSide;
        _userBias = fitted._userBias;
        _itemBias = fitted._itemBias;
        _entityMeans = fitted._entityMeans;
        _otherSideMeans = fitted._otherSideMeans;
        _entityDeviations = fitted._entityDeviations;
        _similarities = fitted._similarities;
        _rankings = fitted._rankings;
        _users = fitted._users;
        _items = fitted._items;
        _globalStandardDeviation = fitted._globalStandardDeviation;
        _scale = fitted._scale;
        _userBased = fitted._userBased;
        GlobalMean = fitted.GlobalMean;
        _options = options;
    }

    /// <summary>The mean of all ratings, μ.</summary>
    public double GlobalMean { get; }

    /// <summary>The ids of all users, in ordinal order.</summary>
    public IReadOnlyList<string> Users => _users;

    /// <summary>The ids of all items, in ordinal order.</summary>
    public IReadOnlyList<string> Items => _items;

    /// <summary>
    /// Returns a model with other neighbour, centring, weighting and fallback options that shares this model's means,
    /// biases and similarities, which those options do not change.
    /// </summary>
    /// <param name="options">The new options.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="options"/> changes the metric, the minimum support, the shrinkage or the baseline options.
    /// </exception>
    public BruteForceKnn WithPredictionOptions(KnnOptions options)
    {
        bool sameSimilarities = ReferenceEquals(options.Similarity, _options.Similarity)
            && options.MinSupport == _options.MinSupport
            && options.Shrinkage == _options.Shrinkage
            && options.Baseline == _options.Baseline;
        if (!sameSimilarities)
        {
            throw new ArgumentException(
                "The options change the metric, minimum support, shrinkage or baseline options, which the similarities "
                + "depend on. Build a new BruteForceKnn for them.",
                nameof(options));
        }

        return new BruteForceKnn(this, options);
    }

    /// <summary>Returns b_u, or 0 for an unknown user.</summary>
    /// <param name="user">The user id.</param>
    /// <returns>The user bias.</returns>
    public double UserBias(string user) => _userBias.GetValueOrDefault(user);

    /// <summary>Returns b_i, or 0 for an unknown item.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>The item bias.</returns>
    public double ItemBias(string item) => _itemBias.GetValueOrDefault(item);

    /// <summary>
    /// Returns the similarity of two entities (two users in a user-based model, two items in an item-based one):
    /// 0 when it is undefined, below the minimum support, for an unknown id, or for an entity with itself.
    /// </summary>
    /// <param name="a">The first entity.</param>
    /// <param name="b">The second entity.</param>
    /// <returns>The similarity.</returns>
    public double Similarity(string a, string b)
    {
        if (a == b || !_similarities.TryGetValue(a, out var row) || !row.TryGetValue(b, out double similarity))
        {
            return 0;
        }

        return similarity;
    }

    /// <summary>Predicts the rating of <paramref name="user"/> for <paramref name="item"/>.</summary>
    /// <param name="user">The user id. An unknown id gives the unknown-id fallback.</param>
    /// <param name="item">The item id. An unknown id gives the unknown-id fallback.</param>
    /// <returns>The prediction.</returns>
    public ReferencePrediction Predict(string user, string item)
    {
        if (!_predictions.TryGetValue((user, item), out var prediction))
        {
            prediction = ComputePrediction(user, item);
            _predictions.Add((user, item), prediction);
        }

        return prediction;
    }

    private ReferencePrediction ComputePrediction(string user, string item)
    {
        bool userKnown = _byUser.ContainsKey(user);
        bool itemKnown = _byItem.ContainsKey(item);
        if (!userKnown || !itemKnown)
        {
            var reason = (userKnown, itemKnown) switch
            {
                (false, false) => ImpossibleReason.UnknownUserAndItem,
                (false, true) => ImpossibleReason.UnknownUser,
                _ => ImpossibleReason.UnknownItem,
            };
            return Fallback(user, item, _options.UnknownIdFallback, reason, []);
        }

        string entity = _userBased ? user : item;
        string otherSide = _userBased ? item : user;

        var candidates = RankCandidates(entity, otherSide);
        int count = Math.Min(_options.MaxNeighbors, candidates.Count);

        // With MinNeighbors = 0 a prediction may have no neighbour at all. Centering.None then has no estimate, so
        // the prediction is impossible. The centred forms read the empty weighted term as 0 and return the centre.
        // NOTE: the conventions state the None case only; the centred case is this reference's reading of them.
        if (count < _options.MinNeighbors || (count == 0 && _options.Centering == Centering.None))
        {
            return Fallback(user, item, _options.TooFewNeighborsFallback, ImpossibleReason.TooFewNeighbors, candidates);
        }

        double weightedSum = 0;
        double weightTotal = 0;
        for (int n = 0; n < count; n++)
        {
            var (neighbor, weight) = candidates[n];
            double rating = _byEntity[neighbor][otherSide];
            double term = _options.Centering switch
            {
                Centering.None => rating,
                Centering.Mean => rating - EntityMean(neighbor),
                Centering.ZScore => (rating - EntityMean(neighbor)) / EntityStandardDeviation(neighbor),
                Centering.Baseline => rating - BaselineOfEntity(neighbor, otherSide),
                _ => throw new NotSupportedException($"The reference does not support the centring {_options.Centering}."),
            };
            weightedSum += weight * term;
            weightTotal += Math.Abs(weight);
        }

        double average = count == 0 ? 0 : weightedSum / weightTotal;
        double raw = _options.Centering switch
        {
            Centering.None => average,
            Centering.Mean => EntityMean(entity) + average,
            Centering.ZScore => EntityMean(entity) + (EntityStandardDeviation(entity) * average),
            _ => BaselineOfEntity(entity, otherSide) + average,
        };
        return new ReferencePrediction(_scale.Clip(raw), raw, ImpossibleReason.None, count, candidates);
    }

    /// <summary>
    /// Lists up to <paramref name="count"/> items that <paramref name="user"/> has not rated and whose prediction is
    /// possible, by unclipped score, highest first, ties by item id in ordinal order.
    /// </summary>
    /// <param name="user">The user id. An unknown user gets an empty list.</param>
    /// <param name="count">The maximum length.</param>
    /// <returns>The items with their unclipped scores.</returns>
    public List<(string Item, double Score)> Recommend(string user, int count)
    {
        var scores = new List<(string Item, double Score)>();
        if (!_byUser.TryGetValue(user, out var rated))
        {
            return scores;
        }

        foreach (string item in _byItem.Keys)
        {
            if (rated.ContainsKey(item))
            {
                continue;
            }

            var prediction = Predict(user, item);
            if (!prediction.Impossible)
            {
                scores.Add((item, prediction.Raw));
            }
        }

        scores.Sort(CompareScoreDescendingThenId);
        return scores.Take(count).ToList();
    }

    /// <summary>
    /// Lists up to <paramref name="count"/> other items with a positive similarity to <paramref name="item"/>,
    /// highest first, ties by item id in ordinal order.
    /// </summary>
    /// <param name="item">The item id. An unknown item gets an empty list.</param>
    /// <param name="count">The maximum length.</param>
    /// <returns>The items with their similarities.</returns>
    /// <exception cref="InvalidOperationException">The model is user-based.</exception>
    public List<(string Item, double Score)> SimilarItems(string item, int count)
    {
        if (_userBased)
        {
            throw new InvalidOperationException("Similar items need an item-based model.");
        }

        var scores = new List<(string Item, double Score)>();
        if (!_byItem.ContainsKey(item))
        {
            return scores;
        }

        foreach (string other in _byItem.Keys)
        {
            double similarity = Similarity(item, other);
            if (other != item && similarity > 0)
            {
                scores.Add((other, similarity));
            }
        }

        scores.Sort(CompareScoreDescendingThenId);
        return scores.Take(count).ToList();
    }

    private static int CompareScoreDescendingThenId((string Id, double Score) a, (string Id, double Score) b)
        => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id);

    /// <summary>
    /// Lists the entities other than <paramref name="entity"/> that rated <paramref name="otherSide"/> and whose
    /// similarity qualifies them as neighbours, in selection order: similarity descending, then id. The list is
    /// computed once per weighting and shared by the models that <see cref="WithPredictionOptions"/> returns.
    /// </summary>
    private List<(string Id, double Similarity)> RankCandidates(string entity, string otherSide)
    {
        var key = (entity, otherSide, _options.Weighting);
        if (_rankings.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var candidates = new List<(string Id, double Similarity)>();
        foreach (string neighbor in _byOtherSide[otherSide].Keys)
        {
            if (neighbor == entity)
            {
                continue;
            }

            double similarity = Similarity(entity, neighbor);
            bool usable = _options.Weighting == NeighborWeighting.PositiveOnly ? similarity > 0 : similarity != 0;
            if (usable)
            {
                candidates.Add((neighbor, similarity));
            }
        }

        candidates.Sort(CompareScoreDescendingThenId);
        _rankings.Add(key, candidates);
        return candidates;
    }

    private ReferencePrediction Fallback(
        string user,
        string item,
        FallbackEstimate estimate,
        ImpossibleReason reason,
        IReadOnlyList<(string Id, double Similarity)> candidates)
    {
        string target = _userBased ? user : item;
        double raw = estimate switch
        {
            FallbackEstimate.TargetMean => _byEntity.ContainsKey(target) ? EntityMean(target) : GlobalMean,
            FallbackEstimate.GlobalMean => GlobalMean,
            FallbackEstimate.UserMean => _byUser.TryGetValue(user, out var userRow) ? userRow.Values.Average() : GlobalMean,
            FallbackEstimate.ItemMean => _byItem.TryGetValue(item, out var itemColumn) ? itemColumn.Values.Average() : GlobalMean,
            FallbackEstimate.Baseline => GlobalMean + UserBias(user) + ItemBias(item),
            _ => throw new NotSupportedException($"The reference does not support the fallback {estimate}."),
        };
        return new ReferencePrediction(_scale.Clip(raw), raw, reason, 0, candidates);
    }

    /// <summary>
    /// Fills the similarity table for every pair of distinct entities, computing each pair once and rounding it to
    /// <see cref="SimilarityDecimals"/> places.
    /// </summary>
    private void ComputeAllSimilarities()
    {
        foreach (string entity in _byEntity.Keys)
        {
            _similarities.Add(entity, new Dictionary<string, double>(StringComparer.Ordinal));
        }

        foreach (string a in _byEntity.Keys)
        {
            foreach (string b in _byEntity.Keys)
            {
                if (string.CompareOrdinal(a, b) < 0)
                {
                    double similarity = Math.Round(ComputeSimilarity(a, b), SimilarityDecimals);
                    _similarities[a].Add(b, similarity);
                    _similarities[b].Add(a, similarity);
                }
            }
        }
    }

    private double ComputeSimilarity(string a, string b)
    {
        var ratingsOfA = _byEntity[a];
        var ratingsOfB = _byEntity[b];
        var coRated = new List<string>();
        foreach (string otherSide in ratingsOfA.Keys)
        {
            if (ratingsOfB.ContainsKey(otherSide))
            {
                coRated.Add(otherSide);
            }
        }

        int n = coRated.Count;
        int minSupport = _options.MinSupport ?? DefaultMinSupport(_options.Similarity);
        if (n == 0 || n < minSupport)
        {
            return 0;
        }

        // x and y are the co-rated values after the centring that the metric requires.
        var x = new double[n];
        var y = new double[n];
        for (int k = 0; k < n; k++)
        {
            string o = coRated[k];
            (x[k], y[k]) = _options.Similarity switch
            {
                Pearson { PearsonCentering: PearsonCentering.OverallMeans } => (ratingsOfA[o] - EntityMean(a), ratingsOfB[o] - EntityMean(b)),
                AdjustedCosine => (ratingsOfA[o] - OtherSideMean(o), ratingsOfB[o] - OtherSideMean(o)),
                PearsonBaseline => (ratingsOfA[o] - BaselineOfEntity(a, o), ratingsOfB[o] - BaselineOfEntity(b, o)),
                _ => (ratingsOfA[o], ratingsOfB[o]),
            };
        }

        double similarity = _options.Similarity switch
        {
            Cosine or AdjustedCosine => CosineOf(x, y),
            Pearson { PearsonCentering: PearsonCentering.CoRatedMeans } => CosineOf(CentredOnMean(x), CentredOnMean(y)),
            Pearson => CosineOf(x, y),
            MeanSquaredDifference => MeanSquaredDifferenceOf(x, y),
            Jaccard => (double)n / (ratingsOfA.Count + ratingsOfB.Count - n),
            PearsonBaseline metric => ShrinkBySupport(CosineOf(x, y), n, metric.Shrinkage),
            _ => throw new NotSupportedException($"The reference has no formula for the metric {_options.Similarity.Name}."),
        };

        if (double.IsNaN(similarity))
        {
            return 0;
        }

        return _options.Shrinkage > 0 ? ShrinkBySupport(similarity, n, _options.Shrinkage) : similarity;
    }

    private static int DefaultMinSupport(SimilarityMetric metric) => metric is Pearson ? 2 : 1;

    private static double ShrinkBySupport(double similarity, int support, double shrinkage)
        => similarity * (support - 1) / (support - 1 + shrinkage);

    /// <summary>Σxy / √(Σx²·Σy²), or NaN when the denominator is 0.</summary>
    private static double CosineOf(double[] x, double[] y)
    {
        double sumXY = 0;
        double sumXX = 0;
        double sumYY = 0;
        for (int k = 0; k < x.Length; k++)
        {
            sumXY += x[k] * y[k];
            sumXX += x[k] * x[k];
            sumYY += y[k] * y[k];
        }

        double denominator = Math.Sqrt(sumXX * sumYY);
        return denominator == 0 ? double.NaN : sumXY / denominator;
    }

    private static double[] CentredOnMean(double[] values)
    {
        double mean = Mean(values);
        var centred = new double[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            centred[k] = values[k] - mean;
        }

        return centred;
    }

    /// <summary>1 / (1 + Σ(x − y)² / n).</summary>
    private static double MeanSquaredDifferenceOf(double[] x, double[] y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double difference = x[k] - y[k];
            sum += difference * difference;
        }

        return 1 / (1 + (sum / x.Length));
    }

    /// <summary>
    /// Fits b_u and b_i by alternating least squares. Each epoch sets every item bias from the current user biases,
    /// then every user bias from the new item biases.
    /// </summary>
    private void FitBaselines()
    {
        foreach (string user in _byUser.Keys)
        {
            _userBias[user] = 0;
        }

        foreach (string item in _byItem.Keys)
        {
            _itemBias[item] = 0;
        }

        var settings = _options.Baseline;
        for (int epoch = 0; epoch < settings.EffectiveEpochs; epoch++)
        {
            foreach (var (item, ratings) in _byItem)
            {
                double sum = 0;
                foreach (var (user, rating) in ratings)
                {
                    sum += rating - GlobalMean - _userBias[user];
                }

                _itemBias[item] = sum / (settings.ItemRegularization + ratings.Count);
            }

            foreach (var (user, ratings) in _byUser)
            {
                double sum = 0;
                foreach (var (item, rating) in ratings)
                {
                    sum += rating - GlobalMean - _itemBias[item];
                }

                _userBias[user] = sum / (settings.UserRegularization + ratings.Count);
            }
        }
    }

    /// <summary>Returns μ + b_u + b_i for the rating of <paramref name="entity"/> on <paramref name="otherSide"/>.</summary>
    private double BaselineOfEntity(string entity, string otherSide)
    {
        string user = _userBased ? entity : otherSide;
        string item = _userBased ? otherSide : entity;
        return GlobalMean + UserBias(user) + ItemBias(item);
    }

    private double EntityMean(string entity) => _entityMeans[entity];

    private double OtherSideMean(string otherSide) => _otherSideMeans[otherSide];

    /// <summary>The population standard deviation of the entity's ratings, or of all ratings when that is 0.</summary>
    private double EntityStandardDeviation(string entity)
    {
        double deviation = _entityDeviations[entity];
        return deviation == 0 ? _globalStandardDeviation : deviation;
    }

    private IEnumerable<double> AllRatings() => _byUser.Values.SelectMany(ratings => ratings.Values);

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int count = 0;
        foreach (double value in values)
        {
            sum += value;
            count++;
        }

        return sum / count;
    }

    private static double PopulationStandardDeviation(IEnumerable<double> values)
    {
        double mean = Mean(values);
        double sum = 0;
        int count = 0;
        foreach (double value in values)
        {
            sum += (value - mean) * (value - mean);
            count++;
        }

        return Math.Sqrt(sum / count);
    }

    private static Dictionary<string, Dictionary<string, double>> Transpose(Dictionary<string, Dictionary<string, double>> rows)
    {
        var columns = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (row, entries) in rows)
        {
            foreach (var (column, value) in entries)
            {
                if (!columns.TryGetValue(column, out var cells))
                {
                    cells = new Dictionary<string, double>(StringComparer.Ordinal);
                    columns.Add(column, cells);
                }

                cells.Add(row, value);
            }
        }

        return columns;
    }

    private static List<string> SortedKeys(Dictionary<string, Dictionary<string, double>> map)
    {
        var keys = map.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}

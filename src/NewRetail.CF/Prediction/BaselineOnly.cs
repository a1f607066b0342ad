using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF;

/// <summary>
/// Baseline estimates as a predictor of their own: r̂(u,i) = μ + b_u + b_i
/// (Koren, "Factor in the neighbors: scalable and accurate collaborative filtering", ACM TKDD 4(1), 2010).
/// </summary>
public sealed class BaselineOnly : IRecommenderAlgorithm
{
    private readonly ILogger _logger = NullLogger.Instance;

    /// <summary>Creates the algorithm with <paramref name="options"/>, or the defaults.</summary>
    /// <param name="options">How the biases are fitted.</param>
    public BaselineOnly(BaselineOptions? options = null) => Options = options ?? new BaselineOptions();

    /// <summary>How the biases are fitted.</summary>
    public BaselineOptions Options { get; }

    /// <summary>
    /// The logger of each fit: start and end at <see cref="LogLevel.Debug"/>, with the sizes, elapsed time and stored
    /// bytes, and SGD biases that diverged at <see cref="LogLevel.Warning"/>. Default: <see cref="NullLogger.Instance"/>,
    /// which logs nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public ILogger Logger { get => _logger; init => _logger = FitLog.Required(value, nameof(Logger)); }

    /// <inheritdoc/>
    public string Name => $"BaselineOnly({Options.Method.ToString().ToLowerInvariant()}, epochs={Options.EffectiveEpochs})";

    /// <summary>Fits the biases.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit between epochs.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public BaselineModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
        => Fit(ratings, progress: null, cancellationToken);

    /// <summary>Fits the biases and reports the progress.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="ratings">The training data.</param>
    /// <param name="progress">
    /// Receives the <see cref="FitStage.Baselines"/> stage, one unit per epoch. <see cref="FitProgress"/> describes the
    /// thread it runs on. Null reports nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the fit before the work starts and between epochs.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ratings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RatingDataException"><paramref name="ratings"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public BaselineModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.IsEmpty)
        {
            throw new RatingDataException("The rating matrix is empty, so there is nothing to fit. Add at least one rating before fitting.");
        }

        Options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var data = ratings.Core;
        var timer = FitLog.Start(_logger, Name, data.UserCount, data.ItemCount, data.Count);
        BaselineBiases biases;
        try
        {
            biases = BaselineBiases.Fit(data, Options, cancellationToken, progress);
        }
        catch (OperationCanceledException)
        {
            timer.Canceled();
            throw;
        }

        FitLog.CheckBiases(_logger, biases, Options, data);
        timer.Finished((biases.UserBiases.Length + biases.ItemBiases.Length + 1L) * sizeof(double));
        return new BaselineModel<TUser, TItem>(ratings, Options, biases);
    }

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken)
        => Fit(ratings, progress: null, cancellationToken);

    IRecommender<TUser, TItem> IRecommenderAlgorithm.Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, IProgress<FitProgress>? progress, CancellationToken cancellationToken)
        => Fit(ratings, progress, cancellationToken);
}

/// <summary>A fitted baseline model. Immutable and safe for concurrent reads.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// An unknown user or item contributes no bias: the estimate keeps μ and the bias of the known id, and the prediction
/// is marked impossible with the reason.
/// </remarks>
public sealed class BaselineModel<TUser, TItem> : IRecommender<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly BaselineBiases _biases;

    internal BaselineModel(RatingMatrix<TUser, TItem> ratings, BaselineOptions options, BaselineBiases biases)
    {
        Ratings = ratings;
        Options = options;
        _biases = biases;
    }

    /// <summary>The training data.</summary>
    public RatingMatrix<TUser, TItem> Ratings { get; }

    /// <summary>The options the biases were fitted with.</summary>
    public BaselineOptions Options { get; }

    /// <summary>The global mean μ.</summary>
    public double GlobalMean => _biases.GlobalMean;

    /// <summary>Returns the bias b_u of <paramref name="user"/>, or 0 for an unknown user.</summary>
    /// <param name="user">The user id.</param>
    /// <returns>The bias.</returns>
    public double UserBias(TUser user) => Ratings.Users.TryGetIndex(user, out int u) ? _biases.UserBiases[u] : 0;

    /// <summary>Returns the bias b_i of <paramref name="item"/>, or 0 for an unknown item.</summary>
    /// <param name="item">The item id.</param>
    /// <returns>The bias.</returns>
    public double ItemBias(TItem item) => Ratings.Items.TryGetIndex(item, out int i) ? _biases.ItemBiases[i] : 0;

    /// <inheritdoc/>
    public Prediction Predict(TUser user, TItem item)
    {
        bool knownUser = Ratings.Users.TryGetIndex(user, out int u);
        bool knownItem = Ratings.Items.TryGetIndex(item, out int i);
        double raw = _biases.GlobalMean + (knownUser ? _biases.UserBiases[u] : 0) + (knownItem ? _biases.ItemBiases[i] : 0);
        var reason = (knownUser, knownItem) switch
        {
            (true, true) => ImpossibleReason.None,
            (false, false) => ImpossibleReason.UnknownUserAndItem,
            (false, _) => ImpossibleReason.UnknownUser,
            _ => ImpossibleReason.UnknownItem,
        };
        return new Prediction(Ratings.Scale.Clip(raw), raw, reason, 0);
    }

    /// <inheritdoc/>
    public Prediction[] PredictMany(IEnumerable<(TUser User, TItem Item)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return pairs.Select(pair => Predict(pair.User, pair.Item)).ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<ScoredItem<TItem>> Recommend(TUser user, int count, bool excludeRated = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || !Ratings.Users.TryGetIndex(user, out int u))
        {
            return [];
        }

        var data = Ratings.Core;
        var scores = new List<(int Item, double Score)>(data.ItemCount);
        double userPart = _biases.GlobalMean + _biases.UserBiases[u];
        for (int i = 0; i < data.ItemCount; i++)
        {
            if (excludeRated && data.FindInRow(u, i) >= 0)
            {
                continue;
            }

            scores.Add((i, userPart + _biases.ItemBiases[i]));
        }

        return TopList.Take(scores, count, Ratings.Items);
    }

    internal BaselineBiases Biases => _biases;
}

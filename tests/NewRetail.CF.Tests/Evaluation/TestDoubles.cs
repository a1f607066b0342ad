using NewRetail.CF.Data;

namespace NewRetail.CF.Tests.Evaluation;

/// <summary>A recommender whose predictions are fixed in advance, per (user, item) pair.</summary>
internal sealed class ScriptedRecommender : IRecommender<string, string>
{
    private readonly Dictionary<(string User, string Item), Prediction> _predictions = [];

    /// <summary>Runs once per <see cref="PredictMany"/> call, for example to advance a <see cref="ManualClock"/>.</summary>
    public Action? OnPredictMany { get; init; }

    /// <summary>Adds a normal prediction.</summary>
    public ScriptedRecommender Returns(string user, string item, double value, double? raw = null)
    {
        _predictions[(user, item)] = new Prediction(value, raw ?? value, ImpossibleReason.None, 1);
        return this;
    }

    /// <summary>Adds a fallback prediction with its reason.</summary>
    public ScriptedRecommender FallsBack(string user, string item, double value, ImpossibleReason reason)
    {
        _predictions[(user, item)] = new Prediction(value, value, reason, 0);
        return this;
    }

    public Prediction Predict(string user, string item)
        => _predictions.TryGetValue((user, item), out var prediction)
            ? prediction
            : throw new KeyNotFoundException($"No scripted prediction for ({user}, {item}).");

    public Prediction[] PredictMany(IEnumerable<(string User, string Item)> pairs)
    {
        OnPredictMany?.Invoke();
        return pairs.Select(p => Predict(p.User, p.Item)).ToArray();
    }

    public IReadOnlyList<ScoredItem<string>> Recommend(string user, int count, bool excludeRated = true)
        => throw new NotSupportedException("Scripted recommenders only predict.");
}

/// <summary>An algorithm whose n-th fit returns the n-th scripted model and advances the clock by the n-th fit time.</summary>
internal sealed class ScriptedAlgorithm(ManualClock clock, IReadOnlyList<(ScriptedRecommender Model, double FitSeconds)> fits) : IRecommenderAlgorithm
{
    private int _calls;

    public string Name => "Scripted";

    /// <summary>The sizes of the training matrices seen so far, in call order.</summary>
    public List<int> TrainCounts { get; } = [];

    public IRecommender<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, CancellationToken cancellationToken = default)
        where TUser : notnull
        where TItem : notnull
    {
        TrainCounts.Add(ratings.Count);
        var (model, seconds) = fits[_calls++];
        clock.Advance(seconds);
        return (IRecommender<TUser, TItem>)(object)model;
    }
}

/// <summary>A clock that advances only through <see cref="Advance"/>, with one timestamp tick per 100 ns.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(double seconds) => _ticks += (long)Math.Round(seconds * TimeSpan.TicksPerSecond);
}

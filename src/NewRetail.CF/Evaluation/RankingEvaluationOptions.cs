using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NewRetail.CF.Evaluation;

/// <summary>Whether ranking evaluation scores the test users who have no training event.</summary>
public enum ColdUserHandling
{
    /// <summary>
    /// Leave cold users out of the averages and count them in <see cref="RankingReport.SkippedColdCount"/>. The
    /// default, because a collaborative model can only fall back for a user without history, so scoring these users
    /// measures the fallback rather than the model, and their share depends on where the split falls.
    /// </summary>
    Skip = 0,

    /// <summary>Score cold users like every other test user, to measure what deployment would show, fallback included.</summary>
    Include,
}

/// <summary>Options of <see cref="RankingEvaluator"/>.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
public sealed record RankingEvaluationOptions<TItem>
    where TItem : notnull
{
    /// <summary>Whether test users without a training event are scored. Default: <see cref="ColdUserHandling.Skip"/>.</summary>
    public ColdUserHandling ColdUsers { get; init; } = ColdUserHandling.Skip;

    /// <summary>
    /// The items that could be recommended, for catalogue coverage. Default: <see langword="null"/>, which means the
    /// distinct items of the training events, because a model fitted on them has no data on other items.
    /// </summary>
    public IReadOnlyCollection<TItem>? Catalog { get; init; }

    /// <summary>
    /// The item similarity for intra-list diversity, called as similarity(a, b) with a ranked above b. Default:
    /// <see langword="null"/>, which means the cosine of the items' binary user vectors in the training events, where
    /// an item without training events has similarity 0 to every other item.
    /// </summary>
    /// <remarks>Each distinct (a, b) pair is computed once per evaluation, so the function may be slow.</remarks>
    public Func<TItem, TItem, double>? Similarity { get; init; }

    /// <summary>The clock that times fitting and recommending. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The logger of <see cref="RankingEvaluator"/>: the start, each model's times and the end at
    /// <see cref="LogLevel.Debug"/>, and a model whose lists were all empty at <see cref="LogLevel.Warning"/>. Default:
    /// <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    internal void Validate()
    {
        if (!Enum.IsDefined(ColdUsers))
        {
            throw new ArgumentOutOfRangeException(nameof(ColdUsers), ColdUsers, $"{ColdUsers} is not a valid ColdUserHandling value. Use ColdUserHandling.Skip or ColdUserHandling.Include.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "Set a clock, for example TimeProvider.System, or leave the default.");
        }

        if (Logger is null)
        {
            throw new ArgumentNullException(nameof(Logger), "The logger is null. Set a logger, or leave the default NullLogger.Instance, which logs nothing.");
        }

        if (Catalog is { Count: 0 })
        {
            throw new ArgumentException("The catalogue is empty, so coverage is undefined. Pass the items that could be recommended, or leave Catalog null.", nameof(Catalog));
        }
    }
}

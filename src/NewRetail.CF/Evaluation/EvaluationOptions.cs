using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NewRetail.CF.Evaluation;

/// <summary>What the accuracy metrics do with predictions that fell back to a default estimate.</summary>
public enum ImpossiblePredictions
{
    /// <summary>
    /// Score the fallback estimate like any other prediction. The default, because leaving pairs out changes what is
    /// measured: a model that cannot predict a pair still has to show the user something.
    /// </summary>
    Include = 0,

    /// <summary>Leave impossible predictions out of the metrics. They are still counted in the result.</summary>
    Exclude,
}

/// <summary>Options of <see cref="Evaluator"/> and <see cref="CrossValidation"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>What the metrics do with impossible predictions. Default: <see cref="ImpossiblePredictions.Include"/>.</summary>
    public ImpossiblePredictions ImpossiblePredictions { get; init; } = ImpossiblePredictions.Include;

    /// <summary>
    /// The clock that <see cref="CrossValidation"/> reads to time fitting and testing. Default: <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The logger of <see cref="CrossValidation"/>: the start, each split's result and the summary at
    /// <see cref="LogLevel.Debug"/>, and a split whose predictions all fell back at <see cref="LogLevel.Warning"/>.
    /// The fits log to the algorithm's own logger. Default: <see cref="NullLogger.Instance"/>, which logs nothing.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    internal void Validate()
    {
        if (!Enum.IsDefined(ImpossiblePredictions))
        {
            throw new ArgumentOutOfRangeException(
                nameof(ImpossiblePredictions), ImpossiblePredictions, "Unknown handling of impossible predictions. Use Include or Exclude.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentNullException(nameof(TimeProvider), "Set a clock, for example TimeProvider.System, or leave the default.");
        }

        if (Logger is null)
        {
            throw new ArgumentNullException(nameof(Logger), "The logger is null. Set a logger, or leave the default NullLogger.Instance, which logs nothing.");
        }
    }
}

using System.Globalization;

namespace NewRetail.CF.Evaluation;

/// <summary>The mean and standard deviation of one value over folds.</summary>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="StandardDeviation">
/// The population standard deviation √(Σ(x − mean)² / n), as NumPy's <c>np.std</c> computes it by default and
/// Surprise's <c>cross_validate</c> reports it. It is 0 for a single fold.
/// </param>
/// <param name="Count">The number of folds in the summary.</param>
public readonly record struct MetricSummary(double Mean, double StandardDeviation, int Count)
{
    /// <summary>Summarizes <paramref name="values"/>.</summary>
    /// <param name="values">One value per fold, all finite.</param>
    /// <returns>The mean and population standard deviation.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or contains NaN or an infinity.</exception>
    public static MetricSummary Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("There are no values to summarize. Pass at least one.", nameof(values));
        }

        double sum = 0;
        foreach (double value in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException(
                    $"The value {value.ToString(CultureInfo.InvariantCulture)} is not a finite number. Pass finite values only.", nameof(values));
            }

            sum += value;
        }

        double mean = sum / values.Length;
        double squares = 0;
        foreach (double value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return new MetricSummary(mean, Math.Sqrt(squares / values.Length), values.Length);
    }

    /// <summary>Formats the summary as "mean ± standard deviation" with <paramref name="decimals"/> decimals, in the invariant culture.</summary>
    /// <param name="decimals">The number of decimals, 0 to 15.</param>
    /// <returns>For example <c>0.9512 ± 0.0040</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is outside 0..15.</exception>
    public string Format(int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, 15);
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>Formats the summary with 4 decimals, as <see cref="Format"/> does.</summary>
    /// <returns>For example <c>0.9512 ± 0.0040</c>.</returns>
    public override string ToString() => Format(4);
}

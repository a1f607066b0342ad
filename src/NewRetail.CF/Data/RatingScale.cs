namespace NewRetail.CF.Data;

/// <summary>
/// The closed interval [<see cref="Min"/>, <see cref="Max"/>] that valid ratings lie in.
/// </summary>
/// <remarks>
/// <para>Builders reject ratings outside the scale, and predictors clip the value of each prediction to it.</para>
/// <para>For implicit feedback with no upper bound, use <see cref="Unbounded"/>.</para>
/// </remarks>
public readonly record struct RatingScale
{
    /// <summary>Creates a scale from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    /// <param name="min">The lowest valid rating.</param>
    /// <param name="max">The highest valid rating.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="min"/> or <paramref name="max"/> is NaN, or <paramref name="min"/> is greater than <paramref name="max"/>.
    /// </exception>
    public RatingScale(double min, double max)
    {
        if (double.IsNaN(min))
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, "The lowest rating of a scale must be a number, not NaN.");
        }

        if (double.IsNaN(max))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "The highest rating of a scale must be a number, not NaN.");
        }

        if (min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), min, $"The lowest rating of a scale ({min}) must not exceed the highest ({max}).");
        }

        Min = min;
        Max = max;
    }

    /// <summary>The lowest valid rating.</summary>
    public double Min { get; }

    /// <summary>The highest valid rating.</summary>
    public double Max { get; }

    /// <summary>The 1 to 5 star scale of MovieLens 100K and 1M.</summary>
    public static RatingScale OneToFive => new(1, 5);

    /// <summary>The 0.5 to 5 half-star scale of MovieLens <c>ratings.csv</c> releases.</summary>
    public static RatingScale HalfToFive => new(0.5, 5);

    /// <summary>A scale that accepts every finite value, for implicit feedback such as counts or weights.</summary>
    public static RatingScale Unbounded => new(double.MinValue, double.MaxValue);

    /// <summary>Returns whether <paramref name="value"/> is a finite number inside the scale.</summary>
    /// <param name="value">The rating to test.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is finite and Min ≤ value ≤ Max.</returns>
    public bool Contains(double value) => double.IsFinite(value) && value >= Min && value <= Max;

    /// <summary>Clips <paramref name="value"/> to [Min, Max].</summary>
    /// <param name="value">The estimate to clip.</param>
    /// <returns>Min when value is below it, Max when above it, otherwise the value itself.</returns>
    public double Clip(double value)
    {
        if (value < Min)
        {
            return Min;
        }

        return value > Max ? Max : value;
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{Min}, {Max}]";
}

using System.Buffers;
using System.Numerics.Tensors;

namespace NewRetail.CF.Similarities;

/// <summary>Sums over the co-rated entries of one pair (x, y), as requested by a <see cref="SimilarityMetric"/>.</summary>
/// <remarks>Sums the metric did not request are 0.</remarks>
public readonly struct PairStatistics
{
    /// <summary>Creates statistics from precomputed sums.</summary>
    /// <param name="count">The number of co-rated entries.</param>
    /// <param name="countX">The total number of ratings of x.</param>
    /// <param name="countY">The total number of ratings of y.</param>
    /// <param name="sumX">Σx.</param>
    /// <param name="sumY">Σy.</param>
    /// <param name="sumXX">Σx².</param>
    /// <param name="sumYY">Σy².</param>
    /// <param name="sumXY">Σxy.</param>
    /// <param name="sumSquaredDifference">Σ(x − y)².</param>
    /// <param name="centredXX">Σ(x − x̄)².</param>
    /// <param name="centredYY">Σ(y − ȳ)².</param>
    /// <param name="centredXY">Σ(x − x̄)(y − ȳ).</param>
    public PairStatistics(
        long count,
        long countX,
        long countY,
        double sumX = 0,
        double sumY = 0,
        double sumXX = 0,
        double sumYY = 0,
        double sumXY = 0,
        double sumSquaredDifference = 0,
        double centredXX = 0,
        double centredYY = 0,
        double centredXY = 0)
    {
        Count = count;
        CountX = countX;
        CountY = countY;
        SumX = sumX;
        SumY = sumY;
        SumXX = sumXX;
        SumYY = sumYY;
        SumXY = sumXY;
        SumSquaredDifference = sumSquaredDifference;
        CentredXX = centredXX;
        CentredYY = centredYY;
        CentredXY = centredXY;
    }

    /// <summary>The number of co-rated entries (the support).</summary>
    public long Count { get; }

    /// <summary>The total number of ratings of x, co-rated or not.</summary>
    public long CountX { get; }

    /// <summary>The total number of ratings of y, co-rated or not.</summary>
    public long CountY { get; }

    /// <summary>Σx over co-rated entries.</summary>
    public double SumX { get; }

    /// <summary>Σy over co-rated entries.</summary>
    public double SumY { get; }

    /// <summary>Σx² over co-rated entries.</summary>
    public double SumXX { get; }

    /// <summary>Σy² over co-rated entries.</summary>
    public double SumYY { get; }

    /// <summary>Σxy over co-rated entries.</summary>
    public double SumXY { get; }

    /// <summary>Σ(x − y)² over co-rated entries.</summary>
    public double SumSquaredDifference { get; }

    /// <summary>Σ(x − x̄)² over co-rated entries, with x̄ the co-rated mean of x.</summary>
    public double CentredXX { get; }

    /// <summary>Σ(y − ȳ)² over co-rated entries, with ȳ the co-rated mean of y.</summary>
    public double CentredYY { get; }

    /// <summary>Σ(x − x̄)(y − ȳ) over co-rated entries.</summary>
    public double CentredXY { get; }

    internal static PairStatistics FromVectors(ReadOnlySpan<double> x, ReadOnlySpan<double> y, long countX, long countY, SimilarityStatistics needed)
    {
        if (x.Length == 0)
        {
            return new PairStatistics(0, countX, countY);
        }

        // Sums and products with TensorPrimitives; it adds lane by lane, so the last bits can differ from a scalar loop.
        double sumX = TensorPrimitives.Sum(x);
        double sumY = TensorPrimitives.Sum(y);
        double sumXX = TensorPrimitives.SumOfSquares(x);
        double sumYY = TensorPrimitives.SumOfSquares(y);
        double sumXY = TensorPrimitives.Dot(x, y);
        double[] buffer = ArrayPool<double>.Shared.Rent(2 * x.Length);
        try
        {
            var scratch = buffer.AsSpan(0, x.Length);
            TensorPrimitives.Subtract(x, y, scratch);
            double sumSquaredDifference = TensorPrimitives.SumOfSquares(scratch);

            double centredXX = 0, centredYY = 0, centredXY = 0;
            if ((needed & SimilarityStatistics.CentredProducts) != 0)
            {
                // Second pass around the co-rated means. A constant side is detected explicitly, because the mean of
                // equal doubles is not always bit-equal to them (0.7 three times averages to 0.6999999999999998).
                bool constantX = TensorPrimitives.Min(x) == TensorPrimitives.Max(x);
                bool constantY = TensorPrimitives.Min(y) == TensorPrimitives.Max(y);
                var centredY = buffer.AsSpan(x.Length, y.Length);
                centredY.Clear();
                if (!constantY)
                {
                    TensorPrimitives.Subtract(y, sumY / y.Length, centredY);
                }

                if (constantX)
                {
                    scratch.Clear();
                }
                else
                {
                    TensorPrimitives.Subtract(x, sumX / x.Length, scratch);
                }

                centredXX = TensorPrimitives.SumOfSquares(scratch);
                centredYY = TensorPrimitives.SumOfSquares(centredY);
                centredXY = TensorPrimitives.Dot(scratch, centredY);
            }

            return new PairStatistics(x.Length, countX, countY, sumX, sumY, sumXX, sumYY, sumXY, sumSquaredDifference, centredXX, centredYY, centredXY);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}

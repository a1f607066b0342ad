using NewRetail.CF.Similarities;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The sections of the user-based and item-based neighbourhood models: KNNO (options) and DSIM (dense similarities).</summary>
internal static class KnnSections
{
    /// <summary>The code of each built-in similarity metric in the KNNO section.</summary>
    private enum MetricCode : byte
    {
        Cosine = 0,
        Pearson = 1,
        MeanSquaredDifference = 2,
        Jaccard = 3,
        AdjustedCosine = 4,
        PearsonBaseline = 5,
    }

    /// <summary>Checks that the options can be saved: their similarity metric is one of the built-in ones.</summary>
    /// <exception cref="NotSupportedException">The metric is a custom <see cref="SimilarityMetric"/> subclass.</exception>
    public static void RequireBuiltInMetric(KnnOptions options) => Encode(options.Similarity);

    public static void WriteOptions(ContentWriter writer, KnnOptions options) => writer.WriteSection(SectionTag.KnnOptions, w =>
    {
        var (code, pearsonCentering, metricShrinkage) = Encode(options.Similarity);
        w.WriteInt32(options.MaxNeighbors);
        w.WriteInt32(options.MinNeighbors);
        w.WriteByte((byte)code);
        w.WriteByte((byte)pearsonCentering);
        w.WriteDouble(metricShrinkage);
        w.WriteBoolean(options.MinSupport.HasValue);
        w.WriteInt32(options.MinSupport ?? 0);
        w.WriteDouble(options.Shrinkage);
        w.WriteByte((byte)options.Centering);
        w.WriteByte((byte)options.Weighting);
        w.WriteByte((byte)options.UnknownIdFallback);
        w.WriteByte((byte)options.TooFewNeighborsFallback);
        w.WriteBoolean(options.MaxStoredNeighbors.HasValue);
        w.WriteInt32(options.MaxStoredNeighbors ?? 0);
        w.WriteInt32(options.MaxDegreeOfParallelism);
    });

    /// <summary>Reads and validates the KNNO section. <see cref="KnnOptions.Baseline"/> is left at its default, because BOPT stores it.</summary>
    public static KnnOptions ReadOptions(ContentReader reader)
    {
        reader.BeginSection(SectionTag.KnnOptions);
        long offset = reader.FileOffset;
        int maxNeighbors = reader.ReadInt32("MaxNeighbors");
        int minNeighbors = reader.ReadInt32("MinNeighbors");
        long metricOffset = reader.FileOffset;
        byte code = reader.ReadByte("similarity metric");
        byte pearsonCentering = reader.ReadByte("Pearson centring");
        double metricShrinkage = reader.ReadDouble("PearsonBaseline shrinkage");
        long minSupportOffset = reader.FileOffset;
        bool hasMinSupport = reader.ReadBoolean("MinSupport flag");
        int minSupport = reader.ReadInt32("MinSupport");
        double shrinkage = reader.ReadDouble("Shrinkage");
        var centering = (Centering)reader.ReadByte("Centering");
        var weighting = (NeighborWeighting)reader.ReadByte("Weighting");
        var unknownIdFallback = (FallbackEstimate)reader.ReadByte("UnknownIdFallback");
        var tooFewNeighborsFallback = (FallbackEstimate)reader.ReadByte("TooFewNeighborsFallback");
        long maxStoredOffset = reader.FileOffset;
        bool hasMaxStored = reader.ReadBoolean("MaxStoredNeighbors flag");
        int maxStored = reader.ReadInt32("MaxStoredNeighbors");
        int maxDegreeOfParallelism = reader.ReadInt32("MaxDegreeOfParallelism");
        reader.EndSection();

        if (!hasMinSupport && minSupport != 0)
        {
            throw ContentReader.Invalid($"MinSupport is {minSupport}, but its flag marks it as not set, which requires 0.", minSupportOffset);
        }

        if (!hasMaxStored && maxStored != 0)
        {
            throw ContentReader.Invalid($"MaxStoredNeighbors is {maxStored}, but its flag marks it as not set, which requires 0.", maxStoredOffset);
        }

        var options = new KnnOptions
        {
            MaxNeighbors = maxNeighbors,
            MinNeighbors = minNeighbors,
            Similarity = Decode(code, pearsonCentering, metricShrinkage, metricOffset),
            MinSupport = hasMinSupport ? minSupport : null,
            Shrinkage = shrinkage,
            Centering = centering,
            Weighting = weighting,
            UnknownIdFallback = unknownIdFallback,
            TooFewNeighborsFallback = tooFewNeighborsFallback,
            MaxStoredNeighbors = hasMaxStored ? maxStored : null,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        ModelSections.ValidateOptions(options.Validate, offset);
        return options;
    }

    /// <summary>Writes the entity count and the strict upper triangle of the n × n matrix, row by row.</summary>
    /// <remarks>
    /// The fit computes the upper triangle and mirrors it, and it never writes the diagonal, which stays 0. The
    /// triangle therefore determines the whole matrix.
    /// </remarks>
    public static void WriteDenseSimilarities(ContentWriter writer, float[] similarities, int entityCount) => writer.WriteSection(SectionTag.DenseSimilarities, w =>
    {
        w.WriteInt32(entityCount);
        for (int a = 0; a + 1 < entityCount; a++)
        {
            w.WriteSingles(similarities.AsSpan((a * entityCount) + a + 1, entityCount - 1 - a));
        }
    });

    /// <summary>
    /// Reads the DSIM section into the upper triangle of a new n × n matrix and checks that every value is in [−1, 1].
    /// The caller mirrors the triangle once the content checksum has been verified.
    /// </summary>
    public static float[] ReadDenseSimilarities(ContentReader reader, int entityCount, string entities)
    {
        reader.BeginSection(SectionTag.DenseSimilarities);
        long offset = reader.FileOffset;
        int n = reader.ReadInt32("dense matrix size");
        if (n != entityCount)
        {
            throw ContentReader.Invalid($"The dense similarity matrix has {n} rows, but the model has {entityCount} {entities}.", offset);
        }

        // The n × n array is about twice the bytes the triangle takes in the file, so the check against the section comes first.
        reader.CheckCount((long)n * (n - 1) / 2, sizeof(float), "dense similarities", reader.FileOffset);
        if ((long)n * n > Array.MaxLength)
        {
            throw ContentReader.Invalid(
                $"A dense similarity matrix of {n:N0} × {n:N0} is more than one .NET array can hold ({Array.MaxLength:N0} elements), so no fit writes one.", offset);
        }

        var similarities = new float[(long)n * n];
        for (int a = 0; a + 1 < n; a++)
        {
            long rowOffset = reader.FileOffset;
            var row = similarities.AsSpan((a * n) + a + 1, n - 1 - a);
            reader.FillSingles(row, "dense similarities");
            for (int t = 0; t < row.Length; t++)
            {
                if (!(row[t] is >= -1 and <= 1))
                {
                    throw ContentReader.Invalid(
                        $"The similarity {row[t]} of rows {a} and {a + 1 + t} is not a number in [-1, 1].", rowOffset + (4L * t));
                }
            }
        }

        reader.EndSection();
        return similarities;
    }

    private static (MetricCode Code, PearsonCentering PearsonCentering, double Shrinkage) Encode(SimilarityMetric metric) => metric switch
    {
        // The built-in metric classes are sealed, so a type test matches the class itself and never a subclass.
        Cosine => (MetricCode.Cosine, default, 0),
        Pearson pearson => (MetricCode.Pearson, pearson.PearsonCentering, 0),
        MeanSquaredDifference => (MetricCode.MeanSquaredDifference, default, 0),
        Jaccard => (MetricCode.Jaccard, default, 0),
        AdjustedCosine => (MetricCode.AdjustedCosine, default, 0),
        PearsonBaseline pearsonBaseline => (MetricCode.PearsonBaseline, default, pearsonBaseline.Shrinkage),
        _ => throw new NotSupportedException(
            $"The similarity metric {metric.GetType().FullName} is a custom SimilarityMetric, and only the built-in metrics can be saved: " +
            "Cosine, Pearson, MeanSquaredDifference, Jaccard, AdjustedCosine and PearsonBaseline. Fit the model with one of them to save it."),
    };

    /// <summary>
    /// Returns the metric of a code and its parameters: the shared instance of <see cref="Similarity"/> when one has
    /// the same parameters, so that loaded options compare equal to the saved ones.
    /// </summary>
    private static SimilarityMetric Decode(byte code, byte pearsonCentering, double metricShrinkage, long offset)
    {
        long centeringOffset = offset + 1;
        long shrinkageOffset = offset + 2;
        if (code != (byte)MetricCode.Pearson && pearsonCentering != 0)
        {
            throw ContentReader.Invalid($"The Pearson centring byte is {pearsonCentering} for metric {code}, but it must be 0 for every metric other than Pearson (1).", centeringOffset);
        }

        if (code != (byte)MetricCode.PearsonBaseline && BitConverter.DoubleToInt64Bits(metricShrinkage) != 0)
        {
            throw ContentReader.Invalid(
                $"The PearsonBaseline shrinkage is {metricShrinkage} for metric {code}, but it must be 0 for every metric other than PearsonBaseline (5).", shrinkageOffset);
        }

        switch ((MetricCode)code)
        {
            case MetricCode.Cosine:
                return Similarity.Cosine;
            case MetricCode.Pearson:
                return (PearsonCentering)pearsonCentering switch
                {
                    PearsonCentering.CoRatedMeans => Similarity.Pearson,
                    PearsonCentering.OverallMeans => Similarity.PearsonOverallMeans,
                    _ => throw ContentReader.Invalid(
                        $"The Pearson centring {pearsonCentering} is not defined; 0 (CoRatedMeans) and 1 (OverallMeans) are.", centeringOffset),
                };
            case MetricCode.MeanSquaredDifference:
                return Similarity.MeanSquaredDifference;
            case MetricCode.Jaccard:
                return Similarity.Jaccard;
            case MetricCode.AdjustedCosine:
                return Similarity.AdjustedCosine;
            case MetricCode.PearsonBaseline:
                if (!double.IsFinite(metricShrinkage) || metricShrinkage < 0)
                {
                    throw ContentReader.Invalid($"The PearsonBaseline shrinkage {metricShrinkage} is not a finite number ≥ 0.", shrinkageOffset);
                }

                var shared = (PearsonBaseline)Similarity.PearsonBaseline;
                return metricShrinkage.Equals(shared.Shrinkage) ? shared : new PearsonBaseline(metricShrinkage);
            default:
                throw ContentReader.Invalid(
                    $"The similarity metric code {code} is not defined; the codes are 0 (Cosine), 1 (Pearson), 2 (MeanSquaredDifference), " +
                    "3 (Jaccard), 4 (AdjustedCosine) and 5 (PearsonBaseline).",
                    offset);
        }
    }
}

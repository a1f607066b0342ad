using NewRetail.CF.Implicit;
using NewRetail.CF.Implicit.Internals;
using NewRetail.CF.Internals;
using NeighborLists = NewRetail.CF.Implicit.Internals.NeighborLists;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The rule for the similarities of a neighbour list, on top of the rules every list follows.</summary>
internal enum NeighborRule
{
    /// <summary>Finite and ≥ 0, in non-increasing order: the lists of the implicit models.</summary>
    NonNegative,

    /// <summary>
    /// In [−1, 1] and not 0, sorted by similarity, highest first, ties by lower index: the lists of the user-based and
    /// item-based models.
    /// </summary>
    Signed,
}

/// <summary>The sections that hold options and fitted values: IKNO, POPO, NBRS, BOPT and BIAS.</summary>
internal static class ModelSections
{
    public static void WriteImplicitOptions(ContentWriter writer, ImplicitKnnOptions options) => writer.WriteSection(SectionTag.ImplicitKnnOptions, w =>
    {
        w.WriteInt32(options.MaxNeighbors);
        w.WriteByte((byte)options.Similarity);
        w.WriteByte((byte)options.Weighting);
        w.WriteBoolean(options.BinaryValues);
        w.WriteBoolean(options.InverseFrequency);
        w.WriteBoolean(options.NormalizeByRowMax);
        w.WriteByte((byte)options.PopularityMeasure);
        w.WriteDouble(options.Alpha);
        w.WriteDouble(options.K1);
        w.WriteDouble(options.B);
        w.WriteInt32(options.MaxDegreeOfParallelism);
    });

    public static ImplicitKnnOptions ReadImplicitOptions(ContentReader reader)
    {
        reader.BeginSection(SectionTag.ImplicitKnnOptions);
        long offset = reader.FileOffset;
        var options = new ImplicitKnnOptions
        {
            MaxNeighbors = reader.ReadInt32("MaxNeighbors"),
            Similarity = (ImplicitSimilarity)reader.ReadByte("Similarity"),
            Weighting = (InteractionWeighting)reader.ReadByte("Weighting"),
            BinaryValues = reader.ReadBoolean("BinaryValues"),
            InverseFrequency = reader.ReadBoolean("InverseFrequency"),
            NormalizeByRowMax = reader.ReadBoolean("NormalizeByRowMax"),
            PopularityMeasure = (PopularityMeasure)reader.ReadByte("PopularityMeasure"),
            Alpha = reader.ReadDouble("Alpha"),
            K1 = reader.ReadDouble("K1"),
            B = reader.ReadDouble("B"),
            MaxDegreeOfParallelism = reader.ReadInt32("MaxDegreeOfParallelism"),
        };
        reader.EndSection();
        ValidateOptions(options.Validate, offset);
        return options;
    }

    public static void WritePopularityOptions(ContentWriter writer, PopularityMeasure measure)
        => writer.WriteSection(SectionTag.PopularityOptions, w => w.WriteByte((byte)measure));

    public static PopularityMeasure ReadPopularityOptions(ContentReader reader)
    {
        reader.BeginSection(SectionTag.PopularityOptions);
        long offset = reader.FileOffset;
        var measure = (PopularityMeasure)reader.ReadByte("popularity measure");
        reader.EndSection();
        if (!Enum.IsDefined(measure))
        {
            throw ContentReader.Invalid($"The popularity measure {(int)measure} is not defined; 0 (Users) and 1 (Weight) are.", offset);
        }

        return measure;
    }

    public static void WriteNeighbors(ContentWriter writer, NeighborLists neighbors)
        => WriteNeighbors(writer, neighbors.Pointers, neighbors.Indices, neighbors.Similarities);

    /// <summary>Writes neighbour lists in compressed rows: the list count, the entry count, pointers, indices and similarities.</summary>
    public static void WriteNeighbors(ContentWriter writer, int[] pointers, int[] indices, float[] similarities) => writer.WriteSection(SectionTag.Neighbors, w =>
    {
        w.WriteInt32(pointers.Length - 1);
        w.WriteInt32(indices.Length);
        w.WriteInt32s(pointers);
        w.WriteInt32s(indices);
        w.WriteSingles(similarities);
    });

    /// <summary>
    /// Reads neighbour lists and checks them: <paramref name="entityCount"/> rows of at most
    /// <paramref name="maxNeighbors"/> distinct neighbours each, none of them the row itself, with finite similarities
    /// ≥ 0 in non-increasing order.
    /// </summary>
    public static NeighborLists ReadNeighbors(ContentReader reader, int entityCount, int maxNeighbors, string entities)
    {
        var (pointers, indices, similarities) = ReadNeighborArrays(reader, entityCount, maxNeighbors, entities, NeighborRule.NonNegative);
        return new NeighborLists(pointers, indices, similarities);
    }

    /// <summary>
    /// Reads the NBRS section and checks it: <paramref name="entityCount"/> rows of at most
    /// <paramref name="maxNeighbors"/> distinct neighbours each, none of them the row itself, with similarities that
    /// follow <paramref name="rule"/>.
    /// </summary>
    public static (int[] Pointers, int[] Indices, float[] Similarities) ReadNeighborArrays(
        ContentReader reader, int entityCount, int maxNeighbors, string entities, NeighborRule rule)
    {
        reader.BeginSection(SectionTag.Neighbors);
        long offset = reader.FileOffset;
        int rows = reader.ReadInt32("neighbour list count");
        if (rows != entityCount)
        {
            throw ContentReader.Invalid($"The file has {rows} neighbour lists, but the model has {entityCount} {entities}.", offset);
        }

        long countOffset = reader.FileOffset;
        int count = reader.ReadInt32("neighbour count");
        reader.CheckCount(count, 8, "neighbour count", countOffset);
        reader.CheckCount(entityCount + 1L, 4, "neighbour pointers", reader.FileOffset);
        long pointersOffset = reader.FileOffset;
        var pointers = reader.ReadInt32s(entityCount + 1, "neighbour pointers");
        long indicesOffset = reader.FileOffset;
        var indices = reader.ReadInt32s(count, "neighbour indices");
        long similaritiesOffset = reader.FileOffset;
        var similarities = reader.ReadSingles(count, "similarities");
        reader.EndSection();

        MatrixSection.CheckPointers(pointers, count, maxNeighbors, "neighbour pointers", pointersOffset);
        var seenBy = new int[entityCount];
        Array.Fill(seenBy, -1);
        for (int row = 0; row < entityCount; row++)
        {
            for (int k = pointers[row]; k < pointers[row + 1]; k++)
            {
                int other = indices[k];
                if ((uint)other >= (uint)entityCount || other == row || seenBy[other] == row)
                {
                    throw ContentReader.Invalid(
                        $"The neighbour index {other} at position {k} is outside 0..{entityCount - 1}, is the row {row} itself, or repeats in that row.",
                        indicesOffset + (4L * k));
                }

                seenBy[other] = row;
                bool first = k == pointers[row];
                if (rule == NeighborRule.NonNegative)
                {
                    float similarity = similarities[k];
                    if (!float.IsFinite(similarity) || similarity < 0 || (!first && similarities[k - 1] < similarity))
                    {
                        throw ContentReader.Invalid(
                            $"The similarity {similarity} at position {k} is not a finite number ≥ 0 that is ≤ the one before it in row {row}.",
                            similaritiesOffset + (4L * k));
                    }
                }
                else
                {
                    CheckSignedNeighbor(similarities, indices, k, first, row, similaritiesOffset);
                }
            }
        }

        return (pointers, indices, similarities);
    }

    /// <summary>
    /// Checks entry <paramref name="k"/> of a signed list: a similarity in [−1, 1] other than 0, and after the entry
    /// before it in the order of the fit (similarity descending, ties by lower index).
    /// </summary>
    private static void CheckSignedNeighbor(float[] similarities, int[] indices, int k, bool first, int row, long similaritiesOffset)
    {
        float similarity = similarities[k];
        if (!(similarity is >= -1 and <= 1) || similarity == 0)
        {
            throw ContentReader.Invalid(
                $"The similarity {similarity} at position {k} in row {row} is not a number in [-1, 1] other than 0.", similaritiesOffset + (4L * k));
        }

        if (!first)
        {
            float previous = similarities[k - 1];
            if (previous < similarity || (previous == similarity && indices[k - 1] > indices[k]))
            {
                throw ContentReader.Invalid(
                    $"Row {row} is not sorted at position {k}: neighbour {indices[k]} with similarity {similarity} follows neighbour {indices[k - 1]} " +
                    $"with similarity {previous}, but lists are sorted by similarity, highest first, then by index.",
                    similaritiesOffset + (4L * k));
            }
        }
    }

    public static void WriteBaselineOptions(ContentWriter writer, BaselineOptions options) => writer.WriteSection(SectionTag.BaselineOptions, w =>
    {
        w.WriteByte((byte)options.Method);
        w.WriteBoolean(options.Epochs.HasValue);
        w.WriteInt32(options.Epochs ?? 0);
        w.WriteDouble(options.UserRegularization);
        w.WriteDouble(options.ItemRegularization);
        w.WriteDouble(options.LearningRate);
        w.WriteDouble(options.SgdRegularization);
    });

    public static BaselineOptions ReadBaselineOptions(ContentReader reader)
    {
        reader.BeginSection(SectionTag.BaselineOptions);
        long offset = reader.FileOffset;
        var method = (BaselineMethod)reader.ReadByte("Method");
        bool hasEpochs = reader.ReadBoolean("Epochs flag");
        int epochs = reader.ReadInt32("Epochs");
        var options = new BaselineOptions
        {
            Method = method,
            Epochs = hasEpochs ? epochs : null,
            UserRegularization = reader.ReadDouble("UserRegularization"),
            ItemRegularization = reader.ReadDouble("ItemRegularization"),
            LearningRate = reader.ReadDouble("LearningRate"),
            SgdRegularization = reader.ReadDouble("SgdRegularization"),
        };
        reader.EndSection();
        if (!hasEpochs && epochs != 0)
        {
            throw ContentReader.Invalid($"Epochs is {epochs}, but its flag marks it as not set, which requires 0.", offset);
        }

        ValidateOptions(options.Validate, offset);
        return options;
    }

    /// <summary>Writes μ, then b_u for every user index and b_i for every item index.</summary>
    /// <remarks>Biases are stored as they are, NaN or infinity included, because an SGD fit with a large learning rate can diverge to them.</remarks>
    public static void WriteBiases(ContentWriter writer, BaselineBiases biases) => writer.WriteSection(SectionTag.Biases, w =>
    {
        w.WriteDouble(biases.GlobalMean);
        w.WriteDoubles(biases.UserBiases);
        w.WriteDoubles(biases.ItemBiases);
    });

    public static BaselineBiases ReadBiases(ContentReader reader, int userCount, int itemCount)
    {
        reader.BeginSection(SectionTag.Biases);
        long offset = reader.FileOffset;
        double globalMean = reader.ReadDouble("global mean");
        var userBiases = reader.ReadDoubles(userCount, "user biases");
        var itemBiases = reader.ReadDoubles(itemCount, "item biases");
        reader.EndSection();
        if (!double.IsFinite(globalMean))
        {
            throw ContentReader.Invalid($"The global mean {globalMean} is not a finite number.", offset);
        }

        return new BaselineBiases(globalMean, userBiases, itemBiases);
    }

    /// <summary>Runs an options record's own validation and reports its error as invalid content.</summary>
    public static void ValidateOptions(Action validate, long offset)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(ModelFormatError.InvalidContent, $"The stored options are invalid: {e.Message}", null, offset, e);
        }
    }
}

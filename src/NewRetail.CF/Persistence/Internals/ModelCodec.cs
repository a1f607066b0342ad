using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Implicit.Internals;
using NewRetail.CF.Internals;
using SignedNeighborLists = NewRetail.CF.Internals.NeighborLists;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The content of each model kind: which sections it has, in which order, and how the model is rebuilt.</summary>
/// <remarks>
/// A reader returns a function that builds the model, so that the derived values (positive entries, popularity
/// ranking, similarity space, mirrored dense similarities, reverse neighbour index) are computed only after the
/// content checksum has been verified.
/// </remarks>
internal static class ModelCodec
{
    public static void WriteImplicitItemKnn<TUser, TItem>(ContentWriter writer, ImplicitItemKnnModel<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
    {
        MatrixSection.Write(writer, model.Ratings);
        ModelSections.WriteImplicitOptions(writer, model.Options);
        ModelSections.WriteNeighbors(writer, model.NeighborLists);
    }

    public static Func<ImplicitItemKnnModel<TUser, TItem>> ReadImplicitItemKnn<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var ratings = MatrixSection.Read(reader, userOrder, itemOrder, MatrixRule.PreferenceWeights);
        var options = ModelSections.ReadImplicitOptions(reader);
        var neighbors = ModelSections.ReadNeighbors(reader, ratings.Items.Count, options.MaxNeighbors, "items");
        return () => new ImplicitItemKnnModel<TUser, TItem>(
            options, PositiveEntries.From(ratings, options.BinaryValues), neighbors, Context(ratings, options.PopularityMeasure));
    }

    public static void WriteImplicitUserKnn<TUser, TItem>(ContentWriter writer, ImplicitUserKnnModel<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
    {
        MatrixSection.Write(writer, model.Ratings);
        ModelSections.WriteImplicitOptions(writer, model.Options);
        ModelSections.WriteNeighbors(writer, model.NeighborLists);
    }

    public static Func<ImplicitUserKnnModel<TUser, TItem>> ReadImplicitUserKnn<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var ratings = MatrixSection.Read(reader, userOrder, itemOrder, MatrixRule.PreferenceWeights);
        var options = ModelSections.ReadImplicitOptions(reader);
        var neighbors = ModelSections.ReadNeighbors(reader, ratings.Users.Count, options.MaxNeighbors, "users");
        return () =>
        {
            var entries = PositiveEntries.From(ratings, options.BinaryValues);
            var space = new SimilaritySpace(entries, userBased: true, options);
            return new ImplicitUserKnnModel<TUser, TItem>(options, entries, space, neighbors, Context(ratings, options.PopularityMeasure));
        };
    }

    public static void WritePopularity<TUser, TItem>(ContentWriter writer, PopularityRecommender<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
    {
        MatrixSection.Write(writer, model.Ratings);
        ModelSections.WritePopularityOptions(writer, model.Popularity.Measure);
    }

    public static Func<PopularityRecommender<TUser, TItem>> ReadPopularity<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var ratings = MatrixSection.Read(reader, userOrder, itemOrder, MatrixRule.PreferenceWeights);
        var measure = ModelSections.ReadPopularityOptions(reader);
        return () => new PopularityRecommender<TUser, TItem>(Context(ratings, measure));
    }

    public static void WriteBaseline<TUser, TItem>(ContentWriter writer, BaselineModel<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
    {
        MatrixSection.Write(writer, model.Ratings);
        ModelSections.WriteBaselineOptions(writer, model.Options);
        ModelSections.WriteBiases(writer, model.Biases);
    }

    public static Func<BaselineModel<TUser, TItem>> ReadBaseline<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var ratings = MatrixSection.Read(reader, userOrder, itemOrder, MatrixRule.NotEmpty);
        var options = ModelSections.ReadBaselineOptions(reader);
        var biases = ModelSections.ReadBiases(reader, ratings.Users.Count, ratings.Items.Count);
        return () => new BaselineModel<TUser, TItem>(ratings, options, biases);
    }

    /// <summary>
    /// Writes a user-based or item-based model: matrix, KNNO, BOPT, BIAS when the options read baselines, then DSIM
    /// for the dense matrix or NBRS for the stored neighbour lists.
    /// </summary>
    public static void WriteKnn<TUser, TItem>(ContentWriter writer, KnnModel<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
    {
        var core = model.Core;
        var options = core.Options;
        MatrixSection.Write(writer, model.Ratings);
        KnnSections.WriteOptions(writer, options);
        ModelSections.WriteBaselineOptions(writer, options.Baseline);
        if (options.NeedsBaselines)
        {
            ModelSections.WriteBiases(writer, core.Biases ?? throw new InvalidOperationException("The options read baselines, but the model has none."));
        }

        if (options.MaxStoredNeighbors is null)
        {
            var dense = core.DenseSimilarities ?? throw new InvalidOperationException("The options ask for a dense similarity matrix, but the model has none.");
            KnnSections.WriteDenseSimilarities(writer, dense, core.EntityCount);
        }
        else
        {
            var lists = core.Neighbors ?? throw new InvalidOperationException("The options ask for neighbour lists, but the model has none.");
            ModelSections.WriteNeighbors(writer, lists.Pointers, lists.Indices, lists.Weights);
        }
    }

    public static Func<UserKnnModel<TUser, TItem>> ReadUserKnn<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var (ratings, core) = ReadKnn(reader, userOrder, itemOrder, userBased: true);
        return () => new UserKnnModel<TUser, TItem>(ratings, core());
    }

    public static Func<ItemKnnModel<TUser, TItem>> ReadItemKnn<TUser, TItem>(ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder)
        where TUser : notnull
        where TItem : notnull
    {
        var (ratings, core) = ReadKnn(reader, userOrder, itemOrder, userBased: false);
        return () => new ItemKnnModel<TUser, TItem>(ratings, core());
    }

    private static (RatingMatrix<TUser, TItem> Ratings, Func<NeighborhoodCore> Core) ReadKnn<TUser, TItem>(
        ContentReader reader, IComparer<TUser>? userOrder, IComparer<TItem>? itemOrder, bool userBased)
        where TUser : notnull
        where TItem : notnull
    {
        var ratings = MatrixSection.Read(reader, userOrder, itemOrder, MatrixRule.NotEmpty);
        var options = KnnSections.ReadOptions(reader) with { Baseline = ModelSections.ReadBaselineOptions(reader) };
        var biases = options.NeedsBaselines ? ModelSections.ReadBiases(reader, ratings.Users.Count, ratings.Items.Count) : null;
        int entityCount = userBased ? ratings.Users.Count : ratings.Items.Count;
        string entities = userBased ? "users" : "items";
        if (options.MaxStoredNeighbors is int maxStored)
        {
            var (pointers, indices, similarities) = ModelSections.ReadNeighborArrays(reader, entityCount, maxStored, entities, NeighborRule.Signed);

            // An item-based model scores all items through the reverse index, which the lists determine.
            return (ratings, () => new NeighborhoodCore(
                ratings.Core,
                ratings.Scale,
                userBased,
                options,
                biases,
                similarities: null,
                new SignedNeighborLists(pointers, indices, similarities, withReverseIndex: !userBased)));
        }

        var dense = KnnSections.ReadDenseSimilarities(reader, entityCount, entities);
        return (ratings, () =>
        {
            SimilarityEngine.MirrorUpperTriangle(dense, entityCount, SimilarityEngine.ParallelOptionsFor(options.MaxDegreeOfParallelism, CancellationToken.None));
            return new NeighborhoodCore(ratings.Core, ratings.Scale, userBased, options, biases, dense, neighbors: null);
        });
    }

    private static TopNContext<TUser, TItem> Context<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, PopularityMeasure measure)
        where TUser : notnull
        where TItem : notnull
        => new(ratings, PopularityRanking.FromMatrix(ratings, measure));
}

using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Implicit.Internals;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The content of each model kind: which sections it has, in which order, and how the model is rebuilt.</summary>
/// <remarks>
/// A reader returns a function that builds the model, so that the derived values (positive entries, popularity
/// ranking, similarity space) are computed only after the content checksum has been verified.
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

    private static TopNContext<TUser, TItem> Context<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, PopularityMeasure measure)
        where TUser : notnull
        where TItem : notnull
        => new(ratings, PopularityRanking.FromMatrix(ratings, measure));
}

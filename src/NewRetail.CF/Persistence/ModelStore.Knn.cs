using NewRetail.CF.Persistence.Internals;

namespace NewRetail.CF.Persistence;

// The explicit-feedback neighbourhood models (kinds 5 and 6), and the loader of every rating-prediction kind.
public static partial class ModelStore
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="destination"/>, starting at its current position.</summary>
    /// <typeparam name="TUser">The user id type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</typeparam>
    /// <typeparam name="TItem">The item id type, from the same four.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="destination">A writable stream. It is flushed, and left open.</param>
    /// <remarks>
    /// <para>The file stores the training matrix, every option of <see cref="KnnOptions"/>, the baselines when the
    /// options read them, and the similarities: the dense matrix, or the neighbour lists when
    /// <see cref="KnnOptions.MaxStoredNeighbors"/> is set. The internal switch between the integer and the double
    /// similarity paths is not stored, because a load reads the similarities instead of computing them.</para>
    /// <para>The same model always gives the same bytes.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">A string id is not valid UTF-16, so it has no UTF-8 form.</exception>
    /// <exception cref="NotSupportedException">
    /// The model's similarity metric is a custom <see cref="Similarities.SimilarityMetric"/> subclass, an id type is not one of the four,
    /// or <paramref name="destination"/> is not writable. Nothing is written in these cases.
    /// </exception>
    public static void Save<TUser, TItem>(UserKnnModel<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        KnnSections.RequireBuiltInMetric(model.Options);
        SaveCore<TUser, TItem>(destination, ModelKind.UserKnn, w => ModelCodec.WriteKnn(w, model));
    }

    /// <summary>Writes <paramref name="model"/> to a file, replacing it atomically.</summary>
    /// <typeparam name="TUser">The user id type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</typeparam>
    /// <typeparam name="TItem">The item id type, from the same four.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <remarks>
    /// The model is written to a temporary file in the same folder, flushed to the disk, and then renamed over
    /// <paramref name="path"/>, as <see cref="Save{TUser, TItem}(Implicit.ImplicitItemKnnModel{TUser, TItem}, string)"/> describes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or a string id is not valid UTF-16.</exception>
    /// <exception cref="NotSupportedException">
    /// The model's similarity metric is a custom <see cref="Similarities.SimilarityMetric"/> subclass, or an id type is
    /// not one of the four. No file is created or changed in these cases.
    /// </exception>
    /// <exception cref="IOException">The file cannot be written or replaced; the old file, if any, is unchanged.</exception>
    public static void Save<TUser, TItem>(UserKnnModel<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        KnnSections.RequireBuiltInMetric(model.Options);
        IdCodec.RequireCode<TUser>("user");
        IdCodec.RequireCode<TItem>("item");
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(UserKnnModel{TUser, TItem}, Stream)"/>
    public static void Save<TUser, TItem>(ItemKnnModel<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        KnnSections.RequireBuiltInMetric(model.Options);
        SaveCore<TUser, TItem>(destination, ModelKind.ItemKnn, w => ModelCodec.WriteKnn(w, model));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(UserKnnModel{TUser, TItem}, string)"/>
    public static void Save<TUser, TItem>(ItemKnnModel<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        KnnSections.RequireBuiltInMetric(model.Options);
        IdCodec.RequireCode<TUser>("user");
        IdCodec.RequireCode<TItem>("item");
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <summary>Reads a <see cref="UserKnnModel{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static UserKnnModel<TUser, TItem> LoadUserKnn<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, UserKnnModel<TUser, TItem>>(source, "LoadUserKnn", [ModelKind.UserKnn], (reader, _) => ModelCodec.ReadUserKnn(reader, userOrder, itemOrder));

    /// <summary>Reads a <see cref="UserKnnModel{TUser, TItem}"/> from a file.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(string, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static UserKnnModel<TUser, TItem> LoadUserKnn<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadUserKnn(stream, userOrder, itemOrder));

    /// <summary>Reads an <see cref="ItemKnnModel{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static ItemKnnModel<TUser, TItem> LoadItemKnn<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, ItemKnnModel<TUser, TItem>>(source, "LoadItemKnn", [ModelKind.ItemKnn], (reader, _) => ModelCodec.ReadItemKnn(reader, userOrder, itemOrder));

    /// <summary>Reads an <see cref="ItemKnnModel{TUser, TItem}"/> from a file.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(string, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static ItemKnnModel<TUser, TItem> LoadItemKnn<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadItemKnn(stream, userOrder, itemOrder));

    /// <summary>
    /// Reads any rating-prediction model (<see cref="ModelKind.Baseline"/>, <see cref="ModelKind.UserKnn"/> or
    /// <see cref="ModelKind.ItemKnn"/>) from <paramref name="source"/>, starting at its current position.
    /// </summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static IRecommender<TUser, TItem> LoadRecommender<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, IRecommender<TUser, TItem>>(
            source,
            "LoadRecommender",
            [ModelKind.Baseline, ModelKind.UserKnn, ModelKind.ItemKnn],
            (reader, kind) => kind switch
            {
                ModelKind.Baseline => ModelCodec.ReadBaseline(reader, userOrder, itemOrder),
                ModelKind.UserKnn => ModelCodec.ReadUserKnn(reader, userOrder, itemOrder),
                _ => ModelCodec.ReadItemKnn(reader, userOrder, itemOrder),
            });

    /// <summary>Reads any rating-prediction model from a file.</summary>
    /// <inheritdoc cref="LoadRecommender{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    /// <param name="path">The file written by one of the <c>Save</c> methods.</param>
    /// <param name="userOrder">The custom user order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <param name="itemOrder">The custom item order the matrix was built with, or <see langword="null"/> for the default order.</param>
    public static IRecommender<TUser, TItem> LoadRecommender<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadRecommender(stream, userOrder, itemOrder));
}

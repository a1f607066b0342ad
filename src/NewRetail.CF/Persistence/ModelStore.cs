using System.Buffers.Binary;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence.Internals;

namespace NewRetail.CF.Persistence;

/// <summary>Saves fitted models to, and loads them from, streams and files in the versioned NewRetail.CF model format.</summary>
/// <remarks>
/// <para>A file is a 28-byte header (magic bytes, format version, <see cref="ModelKind"/>, id types, content length and
/// a CRC-32C of the header), the content (tagged sections: id maps, training matrix, options and fitted values) and a
/// CRC-32C of the content. All numbers are little-endian. docs/model-format.md gives the layout byte by byte.</para>
/// <para>A loaded model gives the same predictions and recommendations, bit for bit, as the saved one on the same
/// runtime and processor architecture. Values that the loader recomputes from the stored data come from the same
/// code in the same order. These are the matrix's by-item copy and means, the popularity ranking, the weighted values
/// of an implicit user-based model's similarity space, the standard deviations of z-score centring, and the reverse
/// index of an item-based model's neighbour lists. <see cref="Math.Log(double)"/> and <see cref="Math.Pow"/>, which the
/// TF-IDF, BM25 and damping weights use, may differ in the last bit between platforms, so an implicit user-based model
/// with such weights can fold in a basket with slightly different similarities on another platform.</para>
/// <para>Not saved: an <see cref="Events.InteractionHistory{TUser, TItem}"/> attached with <c>WithHistory</c>, which is
/// the caller's event log rather than part of the fit. Attach it again to the loaded model.</para>
/// <para>Ids of type <see cref="int"/>, <see cref="long"/>, <see cref="string"/> (as UTF-8) and <see cref="Guid"/> can be
/// stored. A matrix built with a custom id order is saved with a flag, and its loader must be given the same comparer.</para>
/// <para>Every load checks the magic bytes, the header checksum, the version, the kind and the id types first. While it
/// reads the content, it checks each length against the bytes left before it allocates. It also checks the invariants
/// of every array: pointer order, index ranges, sorted and distinct indices, finite values. It verifies the content
/// checksum before it builds the model. When the content breaks a rule, the checksum decides whether the file is reported as
/// damaged or as badly written. Each failure is a <see cref="ModelFormatException"/> whose
/// <see cref="ModelFormatException.Reason"/> names the failed check.</para>
/// </remarks>
public static partial class ModelStore
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="model"/> to <paramref name="destination"/>, starting at its current position.</summary>
    /// <typeparam name="TUser">The user id type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</typeparam>
    /// <typeparam name="TItem">The item id type, from the same four.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="destination">A writable stream. It is flushed, and left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentException">A string id is not valid UTF-16, so it has no UTF-8 form.</exception>
    /// <exception cref="NotSupportedException">An id type is not one of the four, or <paramref name="destination"/> is not writable.</exception>
    public static void Save<TUser, TItem>(ImplicitItemKnnModel<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveCore<TUser, TItem>(destination, ModelKind.ImplicitItemKnn, w => ModelCodec.WriteImplicitItemKnn(w, model));
    }

    /// <summary>Writes <paramref name="model"/> to a file, replacing it atomically.</summary>
    /// <typeparam name="TUser">The user id type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</typeparam>
    /// <typeparam name="TItem">The item id type, from the same four.</typeparam>
    /// <param name="model">The fitted model.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <remarks>
    /// <para>The model is written to a temporary file in the same folder, flushed to the disk, and then renamed over
    /// <paramref name="path"/>. A crash or an error before the rename leaves the old file as it was. The temporary
    /// file is deleted when the write fails.</para>
    /// <para>The rename is atomic on the file systems of Linux, macOS and Windows (NTFS). It fails on Windows while
    /// another process has the old file open without sharing its deletion. .NET cannot flush a folder, so on Linux
    /// the renamed entry reaches the disk when the file system commits its journal (every 5 seconds by default on ext4).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or a string id is not valid UTF-16.</exception>
    /// <exception cref="NotSupportedException">An id type is not one of the four.</exception>
    /// <exception cref="IOException">The file cannot be written or replaced; the old file, if any, is unchanged.</exception>
    public static void Save<TUser, TItem>(ImplicitItemKnnModel<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, Stream)"/>
    public static void Save<TUser, TItem>(ImplicitUserKnnModel<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveCore<TUser, TItem>(destination, ModelKind.ImplicitUserKnn, w => ModelCodec.WriteImplicitUserKnn(w, model));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, string)"/>
    public static void Save<TUser, TItem>(ImplicitUserKnnModel<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, Stream)"/>
    public static void Save<TUser, TItem>(PopularityRecommender<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveCore<TUser, TItem>(destination, ModelKind.Popularity, w => ModelCodec.WritePopularity(w, model));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, string)"/>
    public static void Save<TUser, TItem>(PopularityRecommender<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, Stream)"/>
    public static void Save<TUser, TItem>(BaselineModel<TUser, TItem> model, Stream destination)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        SaveCore<TUser, TItem>(destination, ModelKind.Baseline, w => ModelCodec.WriteBaseline(w, model));
    }

    /// <inheritdoc cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, string)"/>
    public static void Save<TUser, TItem>(BaselineModel<TUser, TItem> model, string path)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(model);
        WriteFileAtomically(path, stream => Save(model, stream));
    }

    /// <summary>Reads an <see cref="ImplicitItemKnnModel{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <typeparam name="TUser">The user id type the model was saved with.</typeparam>
    /// <typeparam name="TItem">The item id type the model was saved with.</typeparam>
    /// <param name="source">A readable stream. It is left open, positioned after the content checksum.</param>
    /// <param name="userOrder">The custom user order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <param name="itemOrder">The custom item order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="NotSupportedException">An id type is not one of the four the format stores, or <paramref name="source"/> is not readable.</exception>
    /// <exception cref="ModelFormatException">The data is not a valid model of this kind and these id types; <see cref="ModelFormatException.Reason"/> names the failed check.</exception>
    public static ImplicitItemKnnModel<TUser, TItem> LoadImplicitItemKnn<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, ImplicitItemKnnModel<TUser, TItem>>(source, "LoadImplicitItemKnn", [ModelKind.ImplicitItemKnn], (reader, _) => ModelCodec.ReadImplicitItemKnn(reader, userOrder, itemOrder));

    /// <summary>Reads an <see cref="ImplicitItemKnnModel{TUser, TItem}"/> from a file.</summary>
    /// <typeparam name="TUser">The user id type the model was saved with.</typeparam>
    /// <typeparam name="TItem">The item id type the model was saved with.</typeparam>
    /// <param name="path">The file written by <see cref="Save{TUser, TItem}(ImplicitItemKnnModel{TUser, TItem}, string)"/>.</param>
    /// <param name="userOrder">The custom user order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <param name="itemOrder">The custom item order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="NotSupportedException">An id type is not one of the four the format stores.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">
    /// The file is not a valid model of this kind and these id types, or has bytes after its checksum; <see cref="ModelFormatException.Reason"/> names the failed check.
    /// </exception>
    public static ImplicitItemKnnModel<TUser, TItem> LoadImplicitItemKnn<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadImplicitItemKnn(stream, userOrder, itemOrder));

    /// <summary>Reads an <see cref="ImplicitUserKnnModel{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static ImplicitUserKnnModel<TUser, TItem> LoadImplicitUserKnn<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, ImplicitUserKnnModel<TUser, TItem>>(source, "LoadImplicitUserKnn", [ModelKind.ImplicitUserKnn], (reader, _) => ModelCodec.ReadImplicitUserKnn(reader, userOrder, itemOrder));

    /// <summary>Reads an <see cref="ImplicitUserKnnModel{TUser, TItem}"/> from a file.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(string, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static ImplicitUserKnnModel<TUser, TItem> LoadImplicitUserKnn<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadImplicitUserKnn(stream, userOrder, itemOrder));

    /// <summary>Reads a <see cref="PopularityRecommender{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static PopularityRecommender<TUser, TItem> LoadPopularity<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, PopularityRecommender<TUser, TItem>>(source, "LoadPopularity", [ModelKind.Popularity], (reader, _) => ModelCodec.ReadPopularity(reader, userOrder, itemOrder));

    /// <summary>Reads a <see cref="PopularityRecommender{TUser, TItem}"/> from a file.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(string, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static PopularityRecommender<TUser, TItem> LoadPopularity<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadPopularity(stream, userOrder, itemOrder));

    /// <summary>Reads a <see cref="BaselineModel{TUser, TItem}"/> from <paramref name="source"/>, starting at its current position.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static BaselineModel<TUser, TItem> LoadBaseline<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, BaselineModel<TUser, TItem>>(source, "LoadBaseline", [ModelKind.Baseline], (reader, _) => ModelCodec.ReadBaseline(reader, userOrder, itemOrder));

    /// <summary>Reads a <see cref="BaselineModel{TUser, TItem}"/> from a file.</summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(string, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static BaselineModel<TUser, TItem> LoadBaseline<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadBaseline(stream, userOrder, itemOrder));

    /// <summary>
    /// Reads any top-N model (<see cref="ModelKind.ImplicitItemKnn"/>, <see cref="ModelKind.ImplicitUserKnn"/> or
    /// <see cref="ModelKind.Popularity"/>) from <paramref name="source"/>, starting at its current position.
    /// </summary>
    /// <inheritdoc cref="LoadImplicitItemKnn{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    public static ITopNRecommender<TUser, TItem> LoadTopN<TUser, TItem>(Stream source, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadCore<TUser, TItem, ITopNRecommender<TUser, TItem>>(
            source,
            "LoadTopN",
            [ModelKind.ImplicitItemKnn, ModelKind.ImplicitUserKnn, ModelKind.Popularity],
            (reader, kind) => kind switch
            {
                ModelKind.ImplicitItemKnn => ModelCodec.ReadImplicitItemKnn(reader, userOrder, itemOrder),
                ModelKind.ImplicitUserKnn => ModelCodec.ReadImplicitUserKnn(reader, userOrder, itemOrder),
                _ => ModelCodec.ReadPopularity(reader, userOrder, itemOrder),
            });

    /// <summary>Reads any top-N model from a file.</summary>
    /// <inheritdoc cref="LoadTopN{TUser, TItem}(Stream, IComparer{TUser}?, IComparer{TItem}?)"/>
    /// <param name="path">The file written by one of the <c>Save</c> methods.</param>
    /// <param name="userOrder">The custom user order the matrix was built with, or <see langword="null"/> for the default order.</param>
    /// <param name="itemOrder">The custom item order the matrix was built with, or <see langword="null"/> for the default order.</param>
    public static ITopNRecommender<TUser, TItem> LoadTopN<TUser, TItem>(string path, IComparer<TUser>? userOrder = null, IComparer<TItem>? itemOrder = null)
        where TUser : notnull
        where TItem : notnull
        => LoadFile(path, stream => LoadTopN(stream, userOrder, itemOrder));

    /// <summary>Reads and checks the header of a model, to find its kind and id types before loading it.</summary>
    /// <param name="source">A readable stream, positioned at the start of a model. It is left 28 bytes further on.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ModelFormatException">
    /// The header is damaged or cut short, has a wrong magic, a format version other than <see cref="FormatVersion"/>, or an undefined kind or id type.
    /// </exception>
    public static ModelHeader ReadHeader(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ModelHeader.Read(source).Header;
    }

    /// <summary>Reads and checks the header of a model file, to find its kind and id types before loading it.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">
    /// The header is damaged or cut short, has a wrong magic, a format version other than <see cref="FormatVersion"/>, or an undefined kind or id type.
    /// </exception>
    public static ModelHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return ModelHeader.Read(stream).Header;
        }
        catch (ModelFormatException e) when (e.SourceName is null)
        {
            throw e.WithSource(path);
        }
    }

    /// <summary>
    /// Creates or replaces the file at <paramref name="path"/> with what <paramref name="write"/> writes: through a
    /// temporary file in the same folder, flushed to the disk and renamed over the target, deleted on failure.
    /// </summary>
    internal static void WriteFileAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"The path '{path}' names a root folder, not a file.", nameof(path));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void SaveCore<TUser, TItem>(Stream destination, ModelKind kind, Action<ContentWriter> content)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte userIdCode = IdCodec.RequireCode<TUser>("user");
        byte itemIdCode = IdCodec.RequireCode<TItem>("item");
        if (!destination.CanWrite)
        {
            throw new NotSupportedException("The destination stream is not writable. Open it for writing.");
        }

        // 1. Count the content, because the header that comes first contains its length.
        long length = ContentWriter.Measure(content);

        // 2. Header, content, then the content checksum.
        destination.Write(ModelHeader.Encode(kind, userIdCode, itemIdCode, length));
        var writer = ContentWriter.To(destination);
        content(writer);
        uint checksum = writer.Complete();
        if (writer.Position != length)
        {
            throw new InvalidOperationException($"The content took {writer.Position} bytes after counting {length}; the model changed during the save.");
        }

        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, checksum);
        destination.Write(trailer);
        destination.Flush();
    }

    private static TModel LoadCore<TUser, TItem, TModel>(
        Stream source, string method, ModelKind[] kinds, Func<ContentReader, ModelKind, Func<TModel>> read)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        byte userIdCode = IdCodec.RequireCode<TUser>("user");
        byte itemIdCode = IdCodec.RequireCode<TItem>("item");
        if (!source.CanRead)
        {
            throw new NotSupportedException("The source stream is not readable. Open it for reading.");
        }

        long start = source.CanSeek ? source.Position : 0;

        // 1. The header: what the file contains, checked before any content is read.
        var (header, fileUserIdCode, fileItemIdCode) = ModelHeader.Read(source);
        if (Array.IndexOf(kinds, header.Kind) < 0)
        {
            throw new ModelFormatException(
                ModelFormatError.WrongModelKind,
                $"The file contains a model of kind {header.Kind}, but {method} loads {string.Join(" or ", kinds)}. " +
                $"Call ModelStore.Load{header.Kind}, or read the kind first with ModelStore.ReadHeader.",
                null,
                10);
        }

        if (fileUserIdCode != userIdCode || fileItemIdCode != itemIdCode)
        {
            throw new ModelFormatException(
                ModelFormatError.WrongIdType,
                $"The file's ids are (user {header.UserIdType.Name}, item {header.ItemIdType.Name}), but the load asked for (user {typeof(TUser).Name}, item {typeof(TItem).Name}). " +
                "Load it with the id types it was saved with.",
                null,
                12);
        }

        // 2. A seekable stream shows a cut-short file at once, before anything is allocated.
        if (source.CanSeek && source.Length - source.Position < header.ContentLength + 4)
        {
            long available = source.Length - start;
            throw new ModelFormatException(
                ModelFormatError.Truncated,
                $"The model needs {ModelHeader.Size + header.ContentLength + 4} bytes, but the stream has {available}. " +
                "The file was cut short; save the model again or restore a complete copy.",
                null,
                available);
        }

        // 3. The content. A damaged byte can make it look invalid, so the checksum decides which error is reported.
        var reader = new ContentReader(source, header.ContentLength);
        Func<TModel> build;
        try
        {
            build = read(reader, header.Kind);
            reader.EndContent();
        }
        catch (ModelFormatException e) when (e.Reason is ModelFormatError.InvalidContent or ModelFormatError.IdOrderMismatch)
        {
            reader.VerifyChecksum();
            throw;
        }

        reader.VerifyChecksum();
        return build();
    }

    private static TModel LoadFile<TModel>(string path, Func<Stream, TModel> load)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            var model = load(stream);
            if (stream.Position != stream.Length)
            {
                throw new ModelFormatException(
                    ModelFormatError.TrailingData,
                    $"The file has {stream.Length - stream.Position} byte(s) after the content checksum. Something was appended to it; restore the file as it was saved.",
                    null,
                    stream.Position);
            }

            return model;
        }
        catch (ModelFormatException e) when (e.SourceName is null)
        {
            throw e.WithSource(path);
        }
    }
}

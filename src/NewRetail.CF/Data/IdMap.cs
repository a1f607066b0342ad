using System.Collections.Frozen;

namespace NewRetail.CF.Data;

/// <summary>
/// An immutable, two-way map between caller ids and the dense indices 0..Count-1 that models use internally.
/// </summary>
/// <typeparam name="TId">The caller's id type, for example <see cref="long"/> or <see cref="string"/>.</typeparam>
/// <remarks>
/// <para>Indices follow the order of <see cref="Comparer"/>: numeric order for integer ids and ordinal order for
/// strings by default. Ties between equally good candidates are broken by index, which is therefore the id order.</para>
/// <para>Every value of <typeparamref name="TId"/> is a valid id: 0, negative numbers and <see cref="long.MaxValue"/>
/// included. Two ids share an index only when they are equal.</para>
/// </remarks>
public sealed class IdMap<TId>
    where TId : notnull
{
    private readonly TId[] _ids;
    private readonly FrozenDictionary<TId, int> _indices;

    internal IdMap(TId[] sortedDistinctIds, IComparer<TId> comparer, IEqualityComparer<TId> equalityComparer)
    {
        _ids = sortedDistinctIds;
        Comparer = comparer;
        var indices = new Dictionary<TId, int>(sortedDistinctIds.Length, equalityComparer);
        for (int i = 0; i < sortedDistinctIds.Length; i++)
        {
            indices.Add(sortedDistinctIds[i], i);
        }

        _indices = indices.ToFrozenDictionary(equalityComparer);
    }

    /// <summary>The number of distinct ids.</summary>
    public int Count => _ids.Length;

    /// <summary>The order that defines indices and breaks ties.</summary>
    public IComparer<TId> Comparer { get; }

    /// <summary>The ids in index order.</summary>
    public ReadOnlySpan<TId> Ids => _ids;

    /// <summary>Returns the id stored at <paramref name="index"/>.</summary>
    /// <param name="index">A dense index in 0..Count-1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public TId this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_ids.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be in 0..{_ids.Length - 1}.");
            }

            return _ids[index];
        }
    }

    /// <summary>Looks up the dense index of <paramref name="id"/>.</summary>
    /// <param name="id">The caller's id.</param>
    /// <param name="index">The index when the id is known, otherwise -1.</param>
    /// <returns><see langword="true"/> when the id is known.</returns>
    public bool TryGetIndex(TId id, out int index)
    {
        if (id is not null && _indices.TryGetValue(id, out index))
        {
            return true;
        }

        index = -1;
        return false;
    }

    /// <summary>Returns whether <paramref name="id"/> is known.</summary>
    /// <param name="id">The caller's id.</param>
    /// <returns><see langword="true"/> when the id has an index.</returns>
    public bool Contains(TId id) => id is not null && _indices.ContainsKey(id);

    internal TId[] IdArray => _ids;

    /// <summary>The equality that decides whether two ids are the same.</summary>
    internal IEqualityComparer<TId> EqualityComparer => _indices.Comparer;
}

/// <summary>Default orderings for ids.</summary>
public static class IdOrder
{
    /// <summary>
    /// Returns the default comparer for <typeparamref name="TId"/>: ordinal for <see cref="string"/>, otherwise
    /// <see cref="Comparer{T}.Default"/> (numeric order for integer types).
    /// </summary>
    /// <typeparam name="TId">The id type.</typeparam>
    /// <returns>The comparer used when a builder is given none.</returns>
    public static IComparer<TId> Default<TId>()
        where TId : notnull
        => typeof(TId) == typeof(string) ? (IComparer<TId>)StringComparer.Ordinal : Comparer<TId>.Default;

    /// <summary>
    /// Returns the default equality comparer for <typeparamref name="TId"/>: ordinal for <see cref="string"/>,
    /// otherwise <see cref="EqualityComparer{T}.Default"/>.
    /// </summary>
    /// <typeparam name="TId">The id type.</typeparam>
    /// <returns>The equality comparer used when a builder is given none.</returns>
    public static IEqualityComparer<TId> DefaultEquality<TId>()
        where TId : notnull
        => typeof(TId) == typeof(string) ? (IEqualityComparer<TId>)StringComparer.Ordinal : EqualityComparer<TId>.Default;
}

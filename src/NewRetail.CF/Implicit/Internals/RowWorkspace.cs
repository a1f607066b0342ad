using System.Runtime.CompilerServices;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// Scratch space for the similarities of one entity with all others: one dense accumulator over the entities, the
/// list of entries touched, and a selector for the k best.
/// </summary>
/// <remarks>
/// The accumulator is all zeros between rows. A stamp per entry marks which entries the current row touched, so a
/// sparse row costs only what it touches. Not thread-safe: each thread uses its own.
/// </remarks>
internal sealed class RowWorkspace
{
    private readonly int[] _stamps;
    private int _stamp;

    public RowWorkspace(int entityCount, int maxNeighbors)
    {
        Shared = new double[entityCount];
        _stamps = new int[entityCount];
        Touched = new int[entityCount];
        Top = new TopSelector(Math.Min(maxNeighbors, entityCount));
    }

    /// <summary>The accumulated shared weight of the current row with each entity. The caller resets every entry it used to 0.</summary>
    public double[] Shared { get; }

    /// <summary>The entities touched by the current row, in the order they were first reached.</summary>
    public int[] Touched { get; }

    public int TouchedCount { get; private set; }

    public TopSelector Top { get; }

    public void BeginRow()
    {
        TouchedCount = 0;
        if (_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 0;
        }

        _stamp++;
    }

    /// <summary>Adds <paramref name="amount"/> to the accumulator of <paramref name="entity"/> and records the first touch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int entity, double amount)
    {
        if (_stamps[entity] != _stamp)
        {
            _stamps[entity] = _stamp;
            Touched[TouchedCount++] = entity;
        }

        Shared[entity] += amount;
    }
}

using System.Collections.Concurrent;

namespace NewRetail.CF.Internals;

/// <summary>
/// Keeps per-thread workspaces of one parallel loop for reuse. <c>Parallel.For</c> and <c>Parallel.ForEach</c> call
/// their local initialiser once per task, and they end and replace their tasks regularly while the loop runs, so a
/// loop of minutes over a large catalogue would otherwise allocate thousands of workspaces of O(n) each.
/// </summary>
/// <typeparam name="T">The workspace type. A workspace must be returned in the state <paramref name="create"/> gives.</typeparam>
/// <param name="create">Creates a new workspace when none is free.</param>
internal sealed class WorkspacePool<T>(Func<T> create)
    where T : class
{
    private readonly ConcurrentBag<T> _free = [];

    /// <summary>Returns a free workspace, or a new one.</summary>
    public T Rent() => _free.TryTake(out var workspace) ? workspace : create();

    /// <summary>Makes <paramref name="workspace"/> available to the next task.</summary>
    public void Return(T workspace) => _free.Add(workspace);
}

namespace NewRetail.CF;

/// <summary>
/// Holds the current version of an immutable model, so request threads read it while one updater at a time
/// publishes new versions.
/// </summary>
/// <typeparam name="TModel">The model type, for example <see cref="ItemKnnModel{TUser, TItem}"/>.</typeparam>
/// <remarks>
/// <para>A read takes a <see cref="ModelSnapshot{TModel}"/>, one reference that pairs a model with its version
/// number, and never blocks. A reader that keeps its snapshot keeps answering from that version, however many updates
/// are published meanwhile; the old model stays alive until no reader holds it.</para>
/// <para><see cref="Update"/> and <see cref="Publish"/> are serialised: an update computes the next version from the
/// current one and publishes it with one reference write, so readers see either the old version or the new one,
/// never a mixture.</para>
/// </remarks>
public sealed class VersionedModel<TModel>
    where TModel : class
{
    private readonly object _updateLock = new();
    private ModelSnapshot<TModel> _current;

    /// <summary>Starts at version 1 with <paramref name="model"/>.</summary>
    /// <param name="model">The first version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public VersionedModel(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _current = new ModelSnapshot<TModel>(model, 1);
    }

    /// <summary>The current version and its number.</summary>
    public ModelSnapshot<TModel> Current => Volatile.Read(ref _current);

    /// <summary>Computes the next version from the current one and publishes it.</summary>
    /// <param name="update">
    /// Returns the next version from the current one, for example <c>model =&gt; model.Update(changes)</c>. It runs
    /// while other updates wait; readers are not blocked. When it throws, nothing is published.
    /// </param>
    /// <returns>The published snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="update"/> returned null.</exception>
    public ModelSnapshot<TModel> Update(Func<TModel, TModel> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_updateLock)
        {
            var current = _current;
            var next = update(current.Model) ?? throw new InvalidOperationException("The update returned null instead of a model. Return the next version, or the current model to keep it.");
            return PublishLocked(next, current.Version);
        }
    }

    /// <summary>Publishes <paramref name="model"/> as the next version, for example a model refitted elsewhere.</summary>
    /// <param name="model">The next version.</param>
    /// <returns>The published snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public ModelSnapshot<TModel> Publish(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_updateLock)
        {
            return PublishLocked(model, _current.Version);
        }
    }

    private ModelSnapshot<TModel> PublishLocked(TModel model, long version)
    {
        var snapshot = new ModelSnapshot<TModel>(model, version + 1);
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }
}

/// <summary>One published version of a model.</summary>
/// <typeparam name="TModel">The model type.</typeparam>
/// <param name="Model">The model.</param>
/// <param name="Version">The version number: 1 for the first model, one more for each publication.</param>
public sealed record ModelSnapshot<TModel>(TModel Model, long Version)
    where TModel : class;

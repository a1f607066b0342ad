namespace NewRetail.CF.Events;

/// <summary>The channel an interaction happened on: online, in a store, or a channel the caller defines.</summary>
/// <remarks>
/// Channels compare by <see cref="Name"/> with ordinal, case-sensitive equality. The built-in names are
/// <c>online</c> and <c>in-store</c>. The default value of this type is <see cref="Online"/>.
/// </remarks>
public readonly record struct Channel
{
    /// <summary>Creates a channel with the given name.</summary>
    /// <param name="name">The name, such as <c>mobile-app</c>. Must not be empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public Channel(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name that identifies the channel.</summary>
    public string Name => field ?? OnlineName;

    /// <summary>The web shop or app.</summary>
    public static Channel Online { get; } = new(OnlineName);

    /// <summary>A physical store.</summary>
    public static Channel InStore { get; } = new("in-store");

    private const string OnlineName = "online";

    /// <summary>Returns whether <paramref name="other"/> has the same name, so that the default value equals <see cref="Online"/>.</summary>
    /// <param name="other">The channel to compare with.</param>
    /// <returns><see langword="true"/> when the names are equal under ordinal comparison.</returns>
    public bool Equals(Channel other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name;
}

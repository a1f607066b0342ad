namespace NewRetail.CF;

/// <summary>Why a prediction could not be made from neighbours and fell back to a default estimate.</summary>
public enum ImpossibleReason
{
    /// <summary>The prediction was made normally.</summary>
    None = 0,

    /// <summary>The user is not in the training data.</summary>
    UnknownUser,

    /// <summary>The item is not in the training data.</summary>
    UnknownItem,

    /// <summary>Neither the user nor the item is in the training data.</summary>
    UnknownUserAndItem,

    /// <summary>Fewer usable neighbours than the model's minimum were found.</summary>
    TooFewNeighbors,
}

/// <summary>The result of predicting one rating.</summary>
/// <param name="Value">The estimate clipped to the rating scale. Never NaN.</param>
/// <param name="Raw">The estimate before clipping; rank by this to keep order above the top of the scale.</param>
/// <param name="Reason">Why the prediction fell back to a default estimate, or <see cref="ImpossibleReason.None"/>.</param>
/// <param name="NeighborCount">The number of neighbours that contributed.</param>
public readonly record struct Prediction(double Value, double Raw, ImpossibleReason Reason, int NeighborCount)
{
    /// <summary>Whether the estimate is a fallback rather than a neighbourhood prediction.</summary>
    public bool Impossible => Reason != ImpossibleReason.None;
}

/// <summary>An item with its score in a top-N list, or with its similarity in a similar-items list.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="Item">The item id.</param>
/// <param name="Score">The unclipped score.</param>
public readonly record struct ScoredItem<TItem>(TItem Item, double Score);

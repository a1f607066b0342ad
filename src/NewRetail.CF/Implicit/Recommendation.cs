namespace NewRetail.CF.Implicit;

/// <summary>Where an entry of a top-N list came from.</summary>
public enum RecommendationSource
{
    /// <summary>The model scored the item from the user's history, the given items or the item's neighbours.</summary>
    Model = 0,

    /// <summary>A popularity ranking supplied the item: the model scored too few items, or had nothing to score from.</summary>
    Popularity,
}

/// <summary>One entry of a top-N list.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="Item">The item id.</param>
/// <param name="Score">
/// The model's score (&gt; 0) for <see cref="RecommendationSource.Model"/>, or the item's value in the popularity
/// ranking that supplied it for <see cref="RecommendationSource.Popularity"/>. The two are on different scales.
/// </param>
/// <param name="Source">Whether the model or a popularity ranking supplied the item.</param>
public readonly record struct Recommendation<TItem>(TItem Item, double Score, RecommendationSource Source);

/// <summary>A stored neighbour of a user or an item, with its similarity.</summary>
/// <typeparam name="TId">The user or item id type.</typeparam>
/// <param name="Id">The neighbour's id.</param>
/// <param name="Similarity">The stored similarity, &gt; 0 (1 for the first neighbour under row-max normalisation).</param>
public readonly record struct Neighbor<TId>(TId Id, double Similarity);

/// <summary>An item of a basket or session, with the weight it has in the recommendations.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <param name="Item">The item id.</param>
/// <param name="Weight">The weight, a finite number ≥ 0, for example a quantity or a behaviour weight. Use 1 when all items count alike.</param>
public readonly record struct WeightedItem<TItem>(TItem Item, double Weight);

namespace NewRetail.CF.Persistence;

/// <summary>The type of model a model file contains; stored as a 16-bit number in the file header.</summary>
/// <remarks>
/// Numbers are never reused. The explicit-feedback neighbourhood models will take new numbers with the same header,
/// sections and checksum.
/// </remarks>
public enum ModelKind
{
    /// <summary>An <see cref="Implicit.ImplicitItemKnnModel{TUser, TItem}"/>.</summary>
    ImplicitItemKnn = 1,

    /// <summary>An <see cref="Implicit.ImplicitUserKnnModel{TUser, TItem}"/>.</summary>
    ImplicitUserKnn = 2,

    /// <summary>A <see cref="Implicit.PopularityRecommender{TUser, TItem}"/>.</summary>
    Popularity = 3,

    /// <summary>A <see cref="BaselineModel{TUser, TItem}"/>.</summary>
    Baseline = 4,
}

namespace NewRetail.CF.Persistence;

/// <summary>The type of model a model file contains; stored as a 16-bit number in the file header.</summary>
/// <remarks>
/// Numbers are never reused. A new kind keeps the header, the section framing and the checksums of format version 1,
/// so a reader that predates it rejects it with <see cref="ModelFormatError.WrongModelKind"/>.
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

    /// <summary>A <see cref="UserKnnModel{TUser, TItem}"/>.</summary>
    UserKnn = 5,

    /// <summary>An <see cref="ItemKnnModel{TUser, TItem}"/>.</summary>
    ItemKnn = 6,
}

using System.Collections.Frozen;

namespace NewRetail.CF.IO;

/// <summary>The settings of <see cref="OnlineRetailReader"/>: which stock codes are not products, and what a line whose quantity contradicts its invoice does.</summary>
public sealed record OnlineRetailOptions
{
    /// <summary>
    /// The stock codes of UCI Online Retail that are fees, postage, adjustments or samples rather than products:
    /// <c>POST</c> (postage), <c>DOT</c> (dotcom postage), <c>C2</c> (carriage), <c>M</c> and <c>m</c> (manual
    /// adjustment), <c>D</c> (discount), <c>S</c> (samples), <c>B</c> (bad debt adjustment), <c>BANK CHARGES</c>,
    /// <c>AMAZONFEE</c>, <c>CRUK</c> (charity commission) and <c>PADS</c> (cushion pads priced at £0.001).
    /// </summary>
    /// <remarks>The list was taken from the codes of the file that do not start with five digits. The gift vouchers
    /// (<c>gift_0001_10</c> to <c>gift_0001_50</c>) and the <c>DCGS…</c> items of the dotcom gift shop are sold to
    /// customers like other products and are not in the list.</remarks>
    public static IReadOnlySet<string> DefaultNonProductStockCodes { get; } = new[]
    {
        "POST", "DOT", "C2", "M", "m", "D", "S", "B", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The default settings.</summary>
    /// <remarks>Declared after <see cref="DefaultNonProductStockCodes"/>, which it reads, because static properties are initialised in textual order.</remarks>
    public static OnlineRetailOptions Default { get; } = new();

    /// <summary>
    /// The stock codes whose lines are skipped and counted in <see cref="OnlineRetailData.NonProductLines"/>,
    /// compared ordinally (case-sensitive). Default: <see cref="DefaultNonProductStockCodes"/>. Set an empty set to
    /// read every line as a product.
    /// </summary>
    /// <remarks>The default leaves these codes out because postage and fees are on a large share of invoices
    /// (<c>POST</c> alone on 1,256 lines) and would be recommended to everyone. Their descriptions are still returned
    /// in <see cref="OnlineRetailData.Descriptions"/>. The codes are copied when set.</remarks>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IReadOnlySet<string> NonProductStockCodes
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(NonProductStockCodes));
            field = value.ToFrozenSet(StringComparer.Ordinal);
        }
    } = DefaultNonProductStockCodes;

    /// <summary>
    /// Whether a line whose quantity contradicts its invoice raises <see cref="Data.RatingDataException"/> instead of
    /// being skipped and counted in <see cref="OnlineRetailData.InconsistentQuantityLines"/>. Such a line has
    /// quantity ≤ 0 on a sales invoice, or quantity ≥ 0 on a cancellation invoice (one starting with <c>C</c>).
    /// Default: <see langword="false"/>.
    /// </summary>
    /// <remarks>The default skips them because in UCI Online Retail all 1,336 such lines are stock corrections:
    /// negative quantities on sales invoices, without a customer and priced at 0, with notes such as "check",
    /// "damaged" or "thrown away" or no description at all. They record no customer's choice.</remarks>
    public bool RejectInconsistentQuantities { get; init; }
}

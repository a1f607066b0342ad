using NewRetail.CF.Events;

namespace NewRetail.CF.IO;

/// <summary>
/// The UCI Online Retail transactions as <see cref="OnlineRetailReader"/> read them: customer events, anonymous
/// baskets, product descriptions, and a count for each way a line was used or skipped.
/// </summary>
/// <remarks>
/// <para>Every line is counted once: <see cref="Lines"/> = <see cref="PurchaseLines"/> + <see cref="ReturnLines"/> +
/// <see cref="AnonymousPurchaseLines"/> + <see cref="AnonymousCancellationLines"/> + <see cref="NonProductLines"/> +
/// <see cref="InconsistentQuantityLines"/>.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class OnlineRetailData
{
    internal OnlineRetailData(
        EventFile<long, string> events,
        IReadOnlyList<Basket<string>> anonymousBaskets,
        IReadOnlyDictionary<string, string> descriptions,
        OnlineRetailCounts counts)
    {
        Events = events;
        AnonymousBaskets = anonymousBaskets;
        Descriptions = descriptions;
        Lines = counts.Lines;
        PurchaseLines = counts.PurchaseLines;
        ReturnLines = counts.ReturnLines;
        AnonymousPurchaseLines = counts.AnonymousPurchaseLines;
        AnonymousCancellationLines = counts.AnonymousCancellationLines;
        NonProductLines = counts.NonProductLines;
        InconsistentQuantityLines = counts.InconsistentQuantityLines;
    }

    /// <summary>
    /// The purchases and returns of known customers, in file order: customer id, stock code, behaviour, invoice time,
    /// units, and the invoice number as the session id.
    /// </summary>
    /// <remarks>Pass them to <see cref="PreferenceAggregator"/> to build a preference matrix; its default options
    /// net the returns against the purchases.</remarks>
    public EventFile<long, string> Events { get; }

    /// <summary>The sales without a customer id, one basket per invoice, in the order their first line appears.</summary>
    public IReadOnlyList<Basket<string>> AnonymousBaskets { get; }

    /// <summary>
    /// The first non-empty description of each stock code in the file, trimmed, for display. Skipped lines count too,
    /// so fees such as <c>POST</c> have one. A code whose lines all lack a description is absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; }

    /// <summary>The number of invoice lines, the header and blank lines not included.</summary>
    public long Lines { get; }

    /// <summary>The number of sales with a customer, each now a <see cref="Behavior.Purchase"/> event.</summary>
    public long PurchaseLines { get; }

    /// <summary>The number of cancellations with a customer, each now a <see cref="Behavior.Return"/> event.</summary>
    public long ReturnLines { get; }

    /// <summary>The number of sales without a customer, now lines of <see cref="AnonymousBaskets"/>.</summary>
    public long AnonymousPurchaseLines { get; }

    /// <summary>The number of cancellations without a customer, skipped.</summary>
    public long AnonymousCancellationLines { get; }

    /// <summary>The number of lines skipped because their stock code is in <see cref="OnlineRetailOptions.NonProductStockCodes"/>.</summary>
    public long NonProductLines { get; }

    /// <summary>
    /// The number of lines skipped because their quantity contradicts their invoice, as
    /// <see cref="OnlineRetailOptions.RejectInconsistentQuantities"/> describes.
    /// </summary>
    public long InconsistentQuantityLines { get; }
}

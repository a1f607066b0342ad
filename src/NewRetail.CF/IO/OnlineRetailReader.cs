using System.Collections.Frozen;
using System.Globalization;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using nietras.SeparatedValues;

namespace NewRetail.CF.IO;

/// <summary>
/// Reads the UCI "Online Retail" transactions (Chen, Sain and Guo, 2012; UCI Machine Learning Repository data set
/// 352): the invoice lines of a UK online gift shop from 2010-12-01 to 2011-12-09, as CSV with the header
/// <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>.
/// </summary>
/// <remarks>
/// <para><b>Lines.</b> Each line becomes exactly one of the following, counted in <see cref="OnlineRetailData"/>:</para>
/// <list type="bullet">
/// <item><description>A line whose stock code is in <see cref="OnlineRetailOptions.NonProductStockCodes"/> is skipped
/// (<see cref="OnlineRetailData.NonProductLines"/>).</description></item>
/// <item><description>A line whose quantity contradicts its invoice (≤ 0 on a sale, ≥ 0 on a cancellation) is skipped
/// (<see cref="OnlineRetailData.InconsistentQuantityLines"/>), or rejected under
/// <see cref="OnlineRetailOptions.RejectInconsistentQuantities"/>.</description></item>
/// <item><description>A sale with a customer becomes a <see cref="Behavior.Purchase"/> event, and a cancellation (an
/// invoice starting with <c>C</c>) with a customer a <see cref="Behavior.Return"/> event of |quantity| units. Both
/// have channel <see cref="Channel.Online"/> and the invoice number as
/// <see cref="InteractionEvent{TUser, TItem}.SessionId"/>.</description></item>
/// <item><description>A sale without a customer goes into the anonymous basket of its invoice
/// (<see cref="OnlineRetailData.AnonymousBaskets"/>). A cancellation without a customer is skipped
/// (<see cref="OnlineRetailData.AnonymousCancellationLines"/>), because no basket or user can be charged with it.</description></item>
/// </list>
/// <para><b>Fields.</b> Customer ids are 64-bit integers and stock codes are kept as text. <c>InvoiceDate</c> is written
/// <c>yyyy-MM-dd HH:mm:ss</c> in UK local time without a zone, and is read as UTC (offset 0). During British Summer
/// Time, from late March to late October, the instants are therefore one hour later than the true ones. An hour does
/// not matter for time decay or for splits by day. <c>UnitPrice</c> and <c>Country</c> are not read. The first
/// non-empty description of each stock code, trimmed, is returned in <see cref="OnlineRetailData.Descriptions"/>.</para>
/// <para><b>Format.</b> Text is UTF-8 with RFC 4180 quoting (descriptions may contain commas); a byte order mark and
/// CRLF line endings are accepted. Files and streams that start with the gzip bytes 1F 8B, such as a
/// <c>.csv.gz</c> copy, are decompressed first. The header must be exact. Blank lines are allowed only at the end.
/// Every malformed line raises <see cref="RatingDataException"/> with the source, the line number, the field
/// (<c>invoice</c>, <c>item</c>, <c>quantity</c>, <c>timestamp</c>, <c>user</c>, <c>header</c> or <c>line</c>) and
/// the text.</para>
/// </remarks>
public static class OnlineRetailReader
{
    private const int ColumnCount = 8;
    private const int InvoiceColumn = 0;
    private const int StockCodeColumn = 1;
    private const int DescriptionColumn = 2;
    private const int QuantityColumn = 3;
    private const int DateColumn = 4;
    private const int CustomerColumn = 6;
    private const string InvoiceField = "invoice";

    private static readonly string[] Header = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

    /// <summary>Reads the file at <paramref name="path"/>, plain or gzip, such as <c>online_retail.csv</c> or <c>online_retail.csv.gz</c>.</summary>
    /// <param name="path">The file path, also used as the source name in errors.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="OnlineRetailOptions.Default"/>.</param>
    /// <returns>The customer events, the anonymous baskets, the descriptions and the line counts.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist, or the path is a folder.</exception>
    /// <exception cref="RatingDataException">The header is wrong, a line is malformed, or the file has no lines.</exception>
    public static OnlineRetailData Read(string path, OnlineRetailOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using ByteSource source = ByteSource.Open(path);
        return Parse(o => o.From(source.Stream, leaveOpen: true), source.IsGzip, path, options ?? OnlineRetailOptions.Default);
    }

    /// <summary>Reads the transactions from <paramref name="stream"/>, plain or gzip.</summary>
    /// <param name="stream">The data. It is read to the end and left open.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="OnlineRetailOptions.Default"/>.</param>
    /// <returns>The customer events, the anonymous baskets, the descriptions and the line counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">The header is wrong, a line is malformed, or the stream has no lines.</exception>
    public static OnlineRetailData Read(Stream stream, string sourceName, OnlineRetailOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        using ByteSource source = ByteSource.Wrap(stream);
        return Parse(o => o.From(source.Stream, leaveOpen: true), source.IsGzip, sourceName, options ?? OnlineRetailOptions.Default);
    }

    /// <summary>Reads the transactions from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text. It is read to the end and left open. A leading U+FEFF is skipped when the reader supports <see cref="TextReader.Peek"/>.</param>
    /// <param name="sourceName">The name used for the source in errors, such as the file name.</param>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="OnlineRetailOptions.Default"/>.</param>
    /// <returns>The customer events, the anonymous baskets, the descriptions and the line counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sourceName"/> is null or empty.</exception>
    /// <exception cref="RatingDataException">The header is wrong, a line is malformed, or the text has no lines.</exception>
    public static OnlineRetailData Read(TextReader reader, string sourceName, OnlineRetailOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        TextSources.SkipByteOrderMark(reader);
        return Parse(o => o.From(reader, leaveOpen: true), isGzip: false, sourceName, options ?? OnlineRetailOptions.Default);
    }

    private static OnlineRetailData Parse(Func<SepReaderOptions, SepReader> open, bool isGzip, string sourceName, OnlineRetailOptions options)
    {
        var state = new ParseState(sourceName, options);
        bool headerPending = true;
        long firstBlankLine = 0;
        long nextLine = 1;
        try
        {
            using SepReader reader = open(EventParser.SepOptions(',', parseQuotes: true));
            foreach (SepReader.Row row in reader)
            {
                long line = nextLine;
                nextLine = row.LineNumberToExcl;
                if (headerPending)
                {
                    headerPending = false;
                    CheckHeader(row, sourceName, line);
                    continue;
                }

                if (row.ColCount == 1 && row.Span.IsWhiteSpace())
                {
                    firstBlankLine = firstBlankLine == 0 ? line : firstBlankLine;
                    continue;
                }

                EventParser.RejectBlankLineBefore(firstBlankLine, line, sourceName);
                if (row.ColCount != ColumnCount)
                {
                    throw RatingFields.ColumnCountError(row.Span, row.ColCount, ColumnCount, "as in the header", "','", quotesParsed: true, sourceName, line);
                }

                state.Add(row, line);
            }
        }
        catch (InvalidDataException e) when (isGzip)
        {
            throw new RatingDataException(
                $"The gzip data is corrupt or truncated after line {nextLine - 1}: {e.Message} Check the file, or compress it again.",
                sourceName, nextLine, null, null, e);
        }

        if (headerPending)
        {
            throw new RatingDataException(
                $"The source is empty, but the header '{string.Join(',', Header)}' and invoice lines are expected. Check that the file is not empty or truncated.",
                sourceName, 0, null, null);
        }

        return state.Build();
    }

    private static void CheckHeader(SepReader.Row row, string sourceName, long line)
    {
        bool exact = row.ColCount == Header.Length;
        for (int c = 0; exact && c < Header.Length; c++)
        {
            exact = row[c].Span.SequenceEqual(Header[c]);
        }

        if (!exact)
        {
            throw RatingFields.Error(
                $"The header is '{RatingFields.Shorten(row.Span)}', but '{string.Join(',', Header)}' is expected. Check that this is the UCI Online Retail CSV and that its first line is the header.",
                sourceName, line, RatingFields.Header, row.Span);
        }
    }

    /// <summary>The events, baskets, descriptions and counts collected while reading.</summary>
    private sealed class ParseState(string sourceName, OnlineRetailOptions options)
    {
        private readonly List<InteractionEvent<long, string>> _events = [];
        private readonly Dictionary<string, BasketLines> _baskets = new(StringComparer.Ordinal);
        private readonly List<BasketLines> _basketOrder = [];
        private readonly Dictionary<string, string> _descriptions = new(StringComparer.Ordinal);
        private readonly IReadOnlySet<string> _nonProducts = options.NonProductStockCodes;
        private readonly char[] _lastDate = new char[19];
        private int _lastDateLength = -1;
        private DateTimeOffset _lastTimestamp;
        private OnlineRetailCounts _counts;

        public void Add(SepReader.Row row, long line)
        {
            // 1. Parse and check every field that is used, so that a malformed line fails whatever it would become.
            SepReader.Col invoiceColumn = row[InvoiceColumn];
            if (invoiceColumn.Span.IsWhiteSpace())
            {
                throw RatingFields.Error("The invoice number is empty. Give every line an invoice number, or remove the line.", sourceName, line, InvoiceField, invoiceColumn.Span);
            }

            string stockCode = EventIds.ParseString(row[StockCodeColumn], EventFields.Item, sourceName, line);
            long quantity = ParseQuantity(row[QuantityColumn].Span, line);
            DateTimeOffset timestamp = ParseDate(row[DateColumn].Span, line);
            ReadOnlySpan<char> customerText = row[CustomerColumn].Span;
            bool anonymous = customerText.IsWhiteSpace();
            long customer = anonymous ? 0 : EventIds.ParseLong(customerText, EventFields.User, "Fix the value, or leave it empty for a guest.", sourceName, line);
            _counts.Lines++;
            if (!_descriptions.ContainsKey(stockCode))
            {
                ReadOnlySpan<char> description = row[DescriptionColumn].Span.Trim();
                if (!description.IsEmpty)
                {
                    _descriptions.Add(stockCode, description.ToString());
                }
            }

            // 2. Classify the line.
            if (_nonProducts.Contains(stockCode))
            {
                _counts.NonProductLines++;
                return;
            }

            bool cancellation = invoiceColumn.Span[0] == 'C';
            if (cancellation ? quantity >= 0 : quantity <= 0)
            {
                if (options.RejectInconsistentQuantities)
                {
                    string expected = cancellation ? "a cancellation invoice (starting with 'C') needs a negative quantity" : "a sales invoice needs a positive quantity";
                    throw RatingFields.Error(
                        $"The quantity {quantity} contradicts invoice '{invoiceColumn.Span}': {expected}. Fix the line, or set RejectInconsistentQuantities to false to skip such lines.",
                        sourceName, line, EventFields.Quantity, row[QuantityColumn].Span);
                }

                _counts.InconsistentQuantityLines++;
                return;
            }

            string invoice = invoiceColumn.ToString();
            if (anonymous)
            {
                if (cancellation)
                {
                    _counts.AnonymousCancellationLines++;
                    return;
                }

                AddToBasket(invoice, timestamp, stockCode, quantity);
                _counts.AnonymousPurchaseLines++;
                return;
            }

            // 3. A customer's sale or cancellation.
            Behavior behavior = cancellation ? Behavior.Return : Behavior.Purchase;
            _events.Add(new InteractionEvent<long, string>(customer, stockCode, behavior, timestamp)
            {
                Quantity = Math.Abs((double)quantity),
                SessionId = invoice,
                RowNumber = line,
            });
            if (cancellation)
            {
                _counts.ReturnLines++;
            }
            else
            {
                _counts.PurchaseLines++;
            }
        }

        public OnlineRetailData Build()
        {
            if (_counts.Lines == 0)
            {
                throw new RatingDataException(
                    "The source has a header but no invoice lines. Check that the file is not truncated.", sourceName, 0, null, null);
            }

            var baskets = new Basket<string>[_basketOrder.Count];
            for (int b = 0; b < baskets.Length; b++)
            {
                BasketLines lines = _basketOrder[b];
                baskets[b] = new Basket<string>(lines.Invoice, lines.Timestamp, lines.Items, lines.Quantities);
            }

            return new OnlineRetailData(
                new EventFile<long, string>(sourceName, _events),
                Array.AsReadOnly(baskets),
                _descriptions.ToFrozenDictionary(StringComparer.Ordinal),
                _counts);
        }

        private void AddToBasket(string invoice, DateTimeOffset timestamp, string stockCode, long quantity)
        {
            if (!_baskets.TryGetValue(invoice, out BasketLines? lines))
            {
                lines = new BasketLines(invoice, timestamp);
                _baskets.Add(invoice, lines);
                _basketOrder.Add(lines);
            }

            lines.Items.Add(stockCode);
            lines.Quantities.Add(quantity);
        }

        private long ParseQuantity(ReadOnlySpan<char> text, long line)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long quantity))
            {
                return quantity;
            }

            string problem = text.IsWhiteSpace() ? "is empty" : $"'{RatingFields.Shorten(text)}' is not a whole number";
            throw RatingFields.Error($"The quantity {problem}. Online Retail quantities are whole numbers of units, negative on cancellations. Fix or remove the line.", sourceName, line, EventFields.Quantity, text);
        }

        private DateTimeOffset ParseDate(ReadOnlySpan<char> text, long line)
        {
            // The lines of one invoice share a time, so most rows repeat the previous text.
            if (text.Length == _lastDateLength && text.SequenceEqual(_lastDate))
            {
                return _lastTimestamp;
            }

            if (text.Length != _lastDate.Length || !EventFields.TryParseSeconds(text, out DateTimeOffset timestamp))
            {
                throw RatingFields.Error(
                    $"The invoice date '{RatingFields.Shorten(text)}' is not a valid date and time written yyyy-MM-dd HH:mm:ss, such as 2010-12-01 08:26:00. Fix or remove the line.",
                    sourceName, line, EventFields.Timestamp, text);
            }

            text.CopyTo(_lastDate);
            _lastDateLength = text.Length;
            _lastTimestamp = timestamp;
            return timestamp;
        }
    }

    /// <summary>The lines of one anonymous invoice while it is read.</summary>
    private sealed class BasketLines(string invoice, DateTimeOffset timestamp)
    {
        public string Invoice { get; } = invoice;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public List<string> Items { get; } = [];

        public List<double> Quantities { get; } = [];
    }
}

/// <summary>The counts of lines that <see cref="OnlineRetailReader"/> collects.</summary>
internal struct OnlineRetailCounts
{
    public long Lines;
    public long PurchaseLines;
    public long ReturnLines;
    public long AnonymousPurchaseLines;
    public long AnonymousCancellationLines;
    public long NonProductLines;
    public long InconsistentQuantityLines;
}

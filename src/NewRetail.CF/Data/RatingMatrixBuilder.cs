using System.Globalization;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Data;

/// <summary>
/// Collects (user, item, rating) rows one by one or in bulk and builds an immutable <see cref="RatingMatrix{TUser, TItem}"/>.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Each row is validated when it is added: a missing id, NaN, infinity, a value too large for a
/// <see cref="float"/> and a rating outside the scale are rejected with the row number and the value.</para>
/// <para>Duplicate (user, item) pairs are resolved by <see cref="DuplicatePolicy"/> when <see cref="Build"/> runs.</para>
/// <para>A builder is not thread-safe. It can be built more than once, and each build includes every row added so far.</para>
/// </remarks>
public sealed class RatingMatrixBuilder<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly Dictionary<TUser, int> _userSlots;
    private readonly Dictionary<TItem, int> _itemSlots;
    private readonly List<TUser> _users = [];
    private readonly List<TItem> _items = [];
    private readonly List<int> _rowUser = [];
    private readonly List<int> _rowItem = [];
    private readonly List<float> _rowValue = [];
    private readonly List<long> _rowNumber = [];
    private readonly List<int> _rowSource = [];
    private readonly List<string?> _sources = [null];
    private readonly IComparer<TUser> _userOrder;
    private readonly IComparer<TItem> _itemOrder;
    private readonly IEqualityComparer<TUser> _userEquality;
    private readonly IEqualityComparer<TItem> _itemEquality;

    /// <summary>Creates a builder for ratings on <paramref name="scale"/>.</summary>
    /// <param name="scale">The valid rating range. Rows outside it are rejected.</param>
    /// <param name="duplicates">What <see cref="Build"/> does with repeated (user, item) pairs. Default: <see cref="DuplicatePolicy.Error"/>.</param>
    /// <param name="userOrder">The order of user indices and of user tie-breaks. Default: <see cref="IdOrder.Default{TId}"/>.</param>
    /// <param name="itemOrder">The order of item indices and of item tie-breaks. Default: <see cref="IdOrder.Default{TId}"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duplicates"/> is not a defined value.</exception>
    public RatingMatrixBuilder(
        RatingScale scale,
        DuplicatePolicy duplicates = DuplicatePolicy.Error,
        IComparer<TUser>? userOrder = null,
        IComparer<TItem>? itemOrder = null)
    {
        if (!Enum.IsDefined(duplicates))
        {
            throw new ArgumentOutOfRangeException(nameof(duplicates), duplicates, "Invalid duplicate policy. Use Error, KeepLast, KeepFirst or Mean.");
        }

        Scale = scale;
        Duplicates = duplicates;
        _userOrder = userOrder ?? IdOrder.Default<TUser>();
        _itemOrder = itemOrder ?? IdOrder.Default<TItem>();
        _userEquality = IdOrder.DefaultEquality<TUser>();
        _itemEquality = IdOrder.DefaultEquality<TItem>();
        _userSlots = new Dictionary<TUser, int>(_userEquality);
        _itemSlots = new Dictionary<TItem, int>(_itemEquality);
    }

    /// <summary>The valid rating range.</summary>
    public RatingScale Scale { get; }

    /// <summary>What <see cref="Build"/> does with repeated (user, item) pairs.</summary>
    public DuplicatePolicy Duplicates { get; }

    /// <summary>The number of rows added so far, duplicates included.</summary>
    public int Count => _rowValue.Count;

    /// <summary>Adds one row, numbered <see cref="Count"/> + 1 in error messages.</summary>
    /// <param name="user">The user id.</param>
    /// <param name="item">The item id.</param>
    /// <param name="rating">The rating, a finite number inside <see cref="Scale"/>.</param>
    /// <exception cref="RatingDataException">An id is null, or the rating is NaN, infinite, or outside the scale.</exception>
    public void Add(TUser user, TItem item, double rating) => AddCore(user, item, rating, Count + 1L, 0);

    /// <summary>Adds one row with the row number to use in error messages.</summary>
    /// <param name="user">The user id.</param>
    /// <param name="item">The item id.</param>
    /// <param name="rating">The rating, a finite number inside <see cref="Scale"/>.</param>
    /// <param name="rowNumber">The caller's 1-based number for this row, such as its line in a file.</param>
    /// <exception cref="RatingDataException">An id is null, or the rating is NaN, infinite, or outside the scale.</exception>
    public void Add(TUser user, TItem item, double rating, long rowNumber) => AddCore(user, item, rating, rowNumber, 0);

    /// <summary>Adds rows in order, numbering them from <see cref="Count"/> + 1.</summary>
    /// <param name="rows">The rows to add.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is null.</exception>
    /// <exception cref="RatingDataException">A row has a null id, or a rating that is NaN, infinite, or outside the scale.</exception>
    public void AddRange(IEnumerable<RatingRow<TUser, TItem>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            AddCore(row.User, row.Item, row.Rating, Count + 1L, 0);
        }
    }

    /// <summary>Adds the rows of a file, reporting errors with the file's name and line numbers.</summary>
    /// <param name="file">The rows read by one of the readers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="RatingDataException">A rating is NaN, infinite, or outside the scale.</exception>
    public void AddRange(RatingFile<TUser, TItem> file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _sources.Add(file.SourceName);
        int source = _sources.Count - 1;
        for (int r = 0; r < file.Rows.Count; r++)
        {
            var row = file.Rows[r];
            AddCore(row.User, row.Item, row.Rating, file.LineNumbers[r], source);
        }
    }

    /// <summary>Registers a user who may have no ratings, so that models know the id.</summary>
    /// <param name="user">The user id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is null.</exception>
    public void AddUser(TUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!_userSlots.ContainsKey(user))
        {
            _userSlots.Add(user, _users.Count);
            _users.Add(user);
        }
    }

    /// <summary>Registers an item that may have no ratings, such as a new catalogue entry.</summary>
    /// <param name="item">The item id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public void AddItem(TItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_itemSlots.ContainsKey(item))
        {
            _itemSlots.Add(item, _items.Count);
            _items.Add(item);
        }
    }

    private void AddCore(TUser user, TItem item, double rating, long rowNumber, int source)
    {
        string? sourceName = _sources[source];
        if (user is null)
        {
            throw new RatingDataException("The user id is missing (null). Give every row a user id.", sourceName, rowNumber, "user", null);
        }

        if (item is null)
        {
            throw new RatingDataException("The item id is missing (null). Give every row an item id.", sourceName, rowNumber, "item", null);
        }

        if (double.IsNaN(rating) || double.IsInfinity(rating))
        {
            string text = Format(rating);
            throw new RatingDataException(
                $"The rating {text} of ({user}, {item}) is not a finite number. Remove the row or fix its value.",
                sourceName, rowNumber, "rating", text);
        }

        if (!Scale.Contains(rating))
        {
            string text = Format(rating);
            throw new RatingDataException(
                $"The rating {text} of ({user}, {item}) is outside the rating scale {Scale}. Fix the value or declare a wider scale.",
                sourceName, rowNumber, "rating", text);
        }

        float stored = (float)rating;
        if (float.IsInfinity(stored))
        {
            string text = Format(rating);
            throw new RatingDataException(
                $"The rating {text} of ({user}, {item}) is too large to store as a 32-bit float (max {float.MaxValue:R}).",
                sourceName, rowNumber, "rating", text);
        }

        if (!_userSlots.TryGetValue(user, out int userSlot))
        {
            userSlot = _users.Count;
            _userSlots.Add(user, userSlot);
            _users.Add(user);
        }

        if (!_itemSlots.TryGetValue(item, out int itemSlot))
        {
            itemSlot = _items.Count;
            _itemSlots.Add(item, itemSlot);
            _items.Add(item);
        }

        _rowUser.Add(userSlot);
        _rowItem.Add(itemSlot);
        _rowValue.Add(stored);
        _rowNumber.Add(rowNumber);
        _rowSource.Add(source);
    }

    private static string Format(double rating) => rating.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Builds the matrix from every row added so far.</summary>
    /// <returns>An immutable matrix. It may be empty; fitting a model on an empty matrix fails with a clear error.</returns>
    /// <exception cref="RatingDataException">Two rows share a (user, item) pair and <see cref="Duplicates"/> is <see cref="DuplicatePolicy.Error"/>.</exception>
    public RatingMatrix<TUser, TItem> Build()
    {
        // 1. Order ids so that indices follow the id order.
        var (userIds, userRank) = Rank(_users, _userOrder);
        var (itemIds, itemRank) = Rank(_items, _itemOrder);

        // 2. Sort rows by (user index, item index), keeping the order of addition among equal pairs.
        int rowCount = _rowValue.Count;
        var keys = new long[rowCount];
        var order = new int[rowCount];
        for (int r = 0; r < rowCount; r++)
        {
            keys[r] = ((long)userRank[_rowUser[r]] * itemIds.Length) + itemRank[_rowItem[r]];
            order[r] = r;
        }

        Array.Sort(keys, order);
        for (int start = 0; start < rowCount;)
        {
            int end = start + 1;
            while (end < rowCount && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }

        // 3. Resolve duplicate pairs and write CSR arrays.
        var rowPointers = new int[userIds.Length + 1];
        var columns = new List<int>(rowCount);
        var values = new List<float>(rowCount);
        for (int start = 0; start < rowCount;)
        {
            int end = start + 1;
            while (end < rowCount && keys[end] == keys[start])
            {
                end++;
            }

            float value = end - start == 1 ? _rowValue[order[start]] : Resolve(order, start, end);
            int user = (int)(keys[start] / itemIds.Length);
            columns.Add((int)(keys[start] % itemIds.Length));
            values.Add(value);
            rowPointers[user + 1]++;
            start = end;
        }

        for (int u = 0; u < userIds.Length; u++)
        {
            rowPointers[u + 1] += rowPointers[u];
        }

        var core = new SparseRatings(userIds.Length, itemIds.Length, rowPointers, columns.ToArray(), values.ToArray());
        return new RatingMatrix<TUser, TItem>(
            new IdMap<TUser>(userIds, _userOrder, _userEquality),
            new IdMap<TItem>(itemIds, _itemOrder, _itemEquality),
            Scale,
            core);
    }

    private float Resolve(int[] order, int start, int end)
    {
        switch (Duplicates)
        {
            case DuplicatePolicy.KeepFirst:
                return _rowValue[order[start]];
            case DuplicatePolicy.KeepLast:
                return _rowValue[order[end - 1]];
            case DuplicatePolicy.Mean:
                double sum = 0;
                for (int k = start; k < end; k++)
                {
                    sum += _rowValue[order[k]];
                }

                return (float)(sum / (end - start));
            default:
                int first = order[start];
                int second = order[start + 1];
                string? sourceName = _sources[_rowSource[second]];
                string firstWhere = _rowSource[first] == _rowSource[second] || _sources[_rowSource[first]] is null
                    ? $"{_rowNumber[first]}"
                    : $"{_rowNumber[first]} of {_sources[_rowSource[first]]}";
                throw new RatingDataException(
                    $"Duplicate rating for (user {_users[_rowUser[first]]}, item {_items[_rowItem[first]]}): {(sourceName is null ? "rows" : "lines")} {firstWhere} and {_rowNumber[second]} rate the same pair. " +
                    "Remove one, or choose DuplicatePolicy.KeepLast, KeepFirst or Mean.",
                    sourceName,
                    _rowNumber[second],
                    null,
                    $"({_users[_rowUser[first]]}, {_items[_rowItem[first]]})");
        }
    }

    private static (T[] SortedIds, int[] RankOfSlot) Rank<T>(List<T> slots, IComparer<T> order)
    {
        var ids = slots.ToArray();
        var slotOfPosition = new int[ids.Length];
        for (int s = 0; s < slotOfPosition.Length; s++)
        {
            slotOfPosition[s] = s;
        }

        Array.Sort(ids, slotOfPosition, order);
        var rank = new int[ids.Length];
        for (int position = 0; position < ids.Length; position++)
        {
            rank[slotOfPosition[position]] = position;
        }

        return (ids, rank);
    }
}

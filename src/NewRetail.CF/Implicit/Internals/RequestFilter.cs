using NewRetail.CF.Internals;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>The eligibility rules of one top-N request, compiled once per call.</summary>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>See <see cref="TopNRequest{TItem}"/> for the rules. Cheap checks run before the caller's delegates.</remarks>
internal sealed class RequestFilter<TItem>
    where TItem : notnull
{
    private readonly IReadOnlySet<TItem>? _excluded;
    private readonly SparseRatings? _rows;
    private readonly int _user;
    private readonly HashSet<TItem>? _interacted;
    private readonly bool _hasSelf;
    private readonly TItem _self;
    private readonly Func<TItem, bool>? _canRepeat;
    private readonly Func<TItem, bool>? _filter;

    private RequestFilter(TopNRequest<TItem> request, SparseRatings? rows, int user, HashSet<TItem>? interacted, bool hasSelf, TItem self)
    {
        _excluded = request.Exclude switch
        {
            null => null,
            IReadOnlySet<TItem> set => set,
            var list => new HashSet<TItem>(CheckIds(list, nameof(TopNRequest<TItem>.Exclude), nameof(request))),
        };
        bool excludeInteracted = request.ExcludeInteracted;
        _rows = excludeInteracted ? rows : null;
        _user = user;
        _interacted = excludeInteracted ? interacted : null;
        _hasSelf = hasSelf;
        _self = self;
        _canRepeat = request.CanRepeat;
        _filter = request.Filter;
    }

    /// <summary>A filter whose interacted items are the user's stored entries in <paramref name="rows"/>.</summary>
    public static RequestFilter<TItem> ForUserRow(TopNRequest<TItem> request, SparseRatings rows, int user)
        => new(request, user >= 0 ? rows : null, user, null, false, default!);

    /// <summary>A filter whose interacted items are <paramref name="items"/>: a user's history of some behaviours, or a basket.</summary>
    public static RequestFilter<TItem> ForItems(TopNRequest<TItem> request, HashSet<TItem> items)
        => new(request, null, -1, items, false, default!);

    /// <summary>A filter for the list of <paramref name="item"/>, which never contains the item itself.</summary>
    public static RequestFilter<TItem> ForItem(TopNRequest<TItem> request, TItem item)
        => new(request, null, -1, null, true, item);

    /// <summary>Returns whether <paramref name="item"/> may enter the list.</summary>
    /// <param name="item">The item id.</param>
    /// <param name="index">The item's index in the model's matrix, or -1 when the model does not know it.</param>
    public bool IsEligible(TItem item, int index)
    {
        if (_hasSelf && EqualityComparer<TItem>.Default.Equals(item, _self))
        {
            return false;
        }

        if (_excluded is not null && _excluded.Contains(item))
        {
            return false;
        }

        if (IsInteracted(item, index) && (_canRepeat is null || !_canRepeat(item)))
        {
            return false;
        }

        return _filter is null || _filter(item);
    }

    private bool IsInteracted(TItem item, int index)
    {
        if (_rows is not null)
        {
            return index >= 0 && _rows.FindInRow(_user, index) >= 0;
        }

        return _interacted is not null && _interacted.Contains(item);
    }

    /// <summary>Returns <paramref name="ids"/>, the request member <paramref name="name"/>, after checking that none is null.</summary>
    /// <exception cref="ArgumentException">An id is null.</exception>
    public static IEnumerable<TItem> CheckIds(IEnumerable<TItem> ids, string name, string parameterName)
    {
        int position = 0;
        foreach (var id in ids)
        {
            if (id is null)
            {
                throw new ArgumentException($"{name} contains a null item id at position {position}. Remove it.", parameterName);
            }

            position++;
            yield return id;
        }
    }
}

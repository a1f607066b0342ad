using System.Collections.Concurrent;
using NewRetail.CF.Data;
using NewRetail.CF.Events;
using NewRetail.CF.Implicit.Internals.Kernels;

namespace NewRetail.CF.Implicit.Internals;

/// <summary>
/// What every top-N model shares: the training matrix, the model's popularity ranking, an optional history, pooled
/// scratch space, and the selection of a list from scores, filters and popularity.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
internal sealed class TopNContext<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    private readonly ConcurrentBag<ScoringWorkspace> _workspaces;

    public TopNContext(RatingMatrix<TUser, TItem> ratings, PopularityRanking<TItem> popularity)
        : this(ratings, popularity, null, [])
    {
    }

    private TopNContext(
        RatingMatrix<TUser, TItem> ratings, PopularityRanking<TItem> popularity, InteractionHistory<TUser, TItem>? history, ConcurrentBag<ScoringWorkspace> workspaces)
    {
        Ratings = ratings;
        Popularity = popularity;
        History = history;
        _workspaces = workspaces;
        var rankOfIndex = new int[ratings.Items.Count];
        for (int rank = 0; rank < rankOfIndex.Length; rank++)
        {
            rankOfIndex[popularity.MatrixIndices![rank]] = rank;
        }

        RankOfIndex = rankOfIndex;
    }

    public RatingMatrix<TUser, TItem> Ratings { get; }

    public PopularityRanking<TItem> Popularity { get; }

    public InteractionHistory<TUser, TItem>? History { get; }

    private int[] RankOfIndex { get; }

    public TopNContext<TUser, TItem> WithHistory(InteractionHistory<TUser, TItem> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new TopNContext<TUser, TItem>(Ratings, Popularity, history, _workspaces);
    }

    public ScoringWorkspace Rent()
    {
        var workspace = _workspaces.TryTake(out var pooled) ? pooled : new ScoringWorkspace(Ratings.Items.Count);
        workspace.Prepare();
        return workspace;
    }

    public void Return(ScoringWorkspace workspace) => _workspaces.Add(workspace);

    /// <summary>Checks a request and builds the filter of <see cref="ITopNRecommender{TUser, TItem}.Recommend"/>.</summary>
    public RequestFilter<TItem> FilterForUser(TUser user, int userIndex, TopNRequest<TItem> request)
    {
        if (History is null)
        {
            if (request.ExcludedBehaviors is not null)
            {
                throw new ArgumentException(
                    "The request sets ExcludedBehaviors, but the model has no interaction history to look them up in. " +
                    "Attach one with WithHistory(history), or leave ExcludedBehaviors null to exclude every item in the user's training row.",
                    nameof(request));
            }

            return RequestFilter<TItem>.ForUserRow(request, Ratings.Core, userIndex);
        }

        var interacted = request.ExcludeInteracted
            ? new HashSet<TItem>(History.ItemsOf(user, request.ExcludedBehaviors))
            : [];
        return RequestFilter<TItem>.ForItems(request, interacted);
    }

    /// <summary>Selects the list: model items by score, then popularity items to fill it.</summary>
    /// <param name="workspace">The scratch space with the model's scores of the request, if it has any.</param>
    /// <param name="filter">The eligibility rules.</param>
    /// <param name="request">The request.</param>
    public Recommendation<TItem>[] Select(ScoringWorkspace workspace, RequestFilter<TItem> filter, TopNRequest<TItem> request)
    {
        int count = request.Count;
        var items = Ratings.Items;
        var selector = workspace.Selector;
        selector.Reset(Math.Min(count, items.Count));
        HashSet<TItem>? candidates = request.Candidates is null
            ? null
            : new HashSet<TItem>(RequestFilter<TItem>.CheckIds(request.Candidates, nameof(TopNRequest<TItem>.Candidates), nameof(request)));

        // 1. Model items: the N best scores above 0 among eligible items.
        if (workspace.HasScores && selector.Capacity > 0)
        {
            if (candidates is not null)
            {
                SelectFromCandidates(workspace.Scores, filter, candidates, selector);
            }
            else if (workspace.IsSparse)
            {
                SelectFromTouched(workspace.Scores, workspace.Touched, filter, selector);
            }
            else
            {
                SelectFromAll(workspace.Scores, filter, selector);
            }
        }

        var selectedScores = workspace.SelectedScores(selector.Count);
        var selectedIndices = workspace.SelectedIndices(selector.Count);
        int modelCount = selector.DrainBestFirst(selectedScores, selectedIndices);
        var results = new List<Recommendation<TItem>>(Math.Min(count, modelCount + (request.FillWithPopularity ? items.Count : 0)));
        for (int r = 0; r < modelCount; r++)
        {
            results.Add(new Recommendation<TItem>(items.IdArray[selectedIndices[r]], selectedScores[r], RecommendationSource.Model));
        }

        // 2. Popularity items for the rest.
        if (results.Count < count && request.FillWithPopularity)
        {
            var chosen = new HashSet<TItem>(results.Count);
            foreach (var result in results)
            {
                chosen.Add(result.Item);
            }

            if (candidates is null)
            {
                FillFromRankings(filter, request, chosen, results, count);
            }
            else
            {
                FillFromCandidates(filter, request, candidates, chosen, results, count, workspace);
            }
        }

        return [.. results];
    }

    private void SelectFromAll(ReadOnlySpan<double> scores, RequestFilter<TItem> filter, TopSelector selector)
    {
        // Indices rise during the scan, so an item that only ties the worst kept score comes later in id order and
        // loses: the threshold can be strict.
        var ids = Ratings.Items.IdArray;
        double threshold = 0;
        int start = 0;
        while (start < scores.Length)
        {
            int offset = ThresholdScanKernel.IndexOfGreater(scores[start..], threshold);
            if (offset < 0)
            {
                break;
            }

            int index = start + offset;
            if (filter.IsEligible(ids[index], index))
            {
                selector.Add(scores[index], index);
                if (selector.IsFull)
                {
                    threshold = selector.WorstScore;
                }
            }

            start = index + 1;
        }
    }

    private void SelectFromTouched(ReadOnlySpan<double> scores, ReadOnlySpan<int> touched, RequestFilter<TItem> filter, TopSelector selector)
    {
        // Touched items come in no particular order, so the selector's full comparison decides ties. The selector is
        // asked first, so that the caller's filter runs only for items that would enter the list.
        var ids = Ratings.Items.IdArray;
        foreach (int index in touched)
        {
            double score = scores[index];
            if (score > 0 && selector.Accepts(score, index) && filter.IsEligible(ids[index], index))
            {
                selector.Add(score, index);
            }
        }
    }

    private void SelectFromCandidates(ReadOnlySpan<double> scores, RequestFilter<TItem> filter, HashSet<TItem> candidates, TopSelector selector)
    {
        foreach (var candidate in candidates)
        {
            if (Ratings.Items.TryGetIndex(candidate, out int index) && scores[index] > 0 && filter.IsEligible(candidate, index))
            {
                selector.Add(scores[index], index);
            }
        }
    }

    /// <summary>Walks the request's ranking, then the model's, taking eligible items in rank order until the list is full.</summary>
    private void FillFromRankings(RequestFilter<TItem> filter, TopNRequest<TItem> request, HashSet<TItem> chosen, List<Recommendation<TItem>> results, int count)
    {
        var items = Ratings.Items;
        if (request.Popularity is { } requested && !ReferenceEquals(requested, Popularity))
        {
            var ranked = requested.Items;
            var values = requested.Scores;
            for (int rank = 0; rank < ranked.Length && results.Count < count; rank++)
            {
                var item = ranked[rank];
                if (!chosen.Contains(item) && filter.IsEligible(item, items.TryGetIndex(item, out int index) ? index : -1))
                {
                    results.Add(new Recommendation<TItem>(item, values[rank], RecommendationSource.Popularity));
                    chosen.Add(item);
                }
            }
        }

        var own = Popularity.Items;
        var ownScores = Popularity.Scores;
        var ownIndices = Popularity.MatrixIndices!;
        for (int rank = 0; rank < own.Length && results.Count < count; rank++)
        {
            var item = own[rank];
            if (!chosen.Contains(item) && filter.IsEligible(item, ownIndices[rank]))
            {
                results.Add(new Recommendation<TItem>(item, ownScores[rank], RecommendationSource.Popularity));
                chosen.Add(item);
            }
        }
    }

    /// <summary>
    /// Ranks the remaining eligible candidates by the request's ranking, then by the model's, and keeps the best,
    /// without walking the whole catalogue.
    /// </summary>
    private void FillFromCandidates(
        RequestFilter<TItem> filter,
        TopNRequest<TItem> request,
        HashSet<TItem> candidates,
        HashSet<TItem> chosen,
        List<Recommendation<TItem>> results,
        int count,
        ScoringWorkspace workspace)
    {
        var requested = request.Popularity is { } ranking && !ReferenceEquals(ranking, Popularity) ? ranking : null;
        var pending = new List<(TItem Item, double Score)>();
        var selector = workspace.Selector;
        selector.Reset(Math.Min(count - results.Count, candidates.Count));
        foreach (var candidate in candidates)
        {
            if (chosen.Contains(candidate))
            {
                continue;
            }

            // The sort key is (ranking, rank): ranks of the requested ranking come before all ranks of the model's.
            bool known = Ratings.Items.TryGetIndex(candidate, out int index);
            double key;
            double score;
            if (requested is not null && requested.TryGetRank(candidate, out int rank))
            {
                key = rank;
                score = requested.Scores[rank];
            }
            else if (known)
            {
                int ownRank = RankOfIndex[index];
                key = (double)int.MaxValue + ownRank;
                score = Popularity.Scores[ownRank];
            }
            else
            {
                continue;
            }

            if (filter.IsEligible(candidate, index))
            {
                // The selector keeps the highest scores, so it gets the negated key; the position breaks no ties
                // because keys are distinct.
                selector.Add(-key, pending.Count);
                pending.Add((candidate, score));
            }
        }

        var keys = new double[selector.Count];
        var positions = new int[selector.Count];
        int filled = selector.DrainBestFirst(keys, positions);
        for (int r = 0; r < filled; r++)
        {
            var (item, score) = pending[positions[r]];
            results.Add(new Recommendation<TItem>(item, score, RecommendationSource.Popularity));
        }
    }
}

/// <summary>Scratch space for one top-N call, pooled per model: a score per item, and the selector.</summary>
/// <remarks>
/// <para>A request that adds at least 1/<see cref="DenseWorkDivisor"/> as many terms as there are items scores densely:
/// the vector scan finds the positive scores. A smaller one records which items it touched and visits only those,
/// so that a short history on a large catalogue does not pay for the whole score array. Both add the same terms in
/// the same order.</para>
/// <para>The scores are all zero between requests. A request that fails before <see cref="End"/> leaves them dirty,
/// and the next <see cref="Begin"/> clears them.</para>
/// </remarks>
internal sealed class ScoringWorkspace
{
    /// <summary>The work, relative to the number of items, above which a request is scored densely.</summary>
    internal const int DenseWorkDivisor = 8;

    private double[] _selectedScores = [];
    private int[] _selectedIndices = [];
    private int[] _stamps = [];
    private int[] _touched = [];
    private int _stamp;
    private int _touchedCount;
    private bool _dirty;

    public ScoringWorkspace(int itemCount)
    {
        Scores = new double[itemCount];
        Selector = new TopSelector(0);
    }

    /// <summary>The score of every item; 0 for items the current request has not scored.</summary>
    public double[] Scores { get; }

    /// <summary>Whether the current request has model scores.</summary>
    public bool HasScores { get; private set; }

    /// <summary>Whether the current request records the items it touched instead of scanning all scores.</summary>
    public bool IsSparse { get; private set; }

    /// <summary>The items the current sparse request touched, in the order first reached.</summary>
    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, _touchedCount);

    public TopSelector Selector { get; }

    /// <summary>The neighbour search of a user-based basket query, created on first use.</summary>
    public RowWorkspace? Neighbors { get; set; }

    /// <summary>Marks the workspace as holding no scores, when it is rented.</summary>
    public void Prepare() => HasScores = false;

    /// <summary>Starts a request that will add <paramref name="work"/> terms; none means it has no model scores.</summary>
    public void Begin(long work)
    {
        if (_dirty)
        {
            Array.Clear(Scores);
            _dirty = false;
        }

        HasScores = work > 0;
        if (!HasScores)
        {
            return;
        }

        _dirty = true;
        IsSparse = work * DenseWorkDivisor < Scores.Length;
        if (IsSparse)
        {
            if (_stamps.Length == 0)
            {
                _stamps = new int[Scores.Length];
                _touched = new int[Scores.Length];
            }

            if (_stamp == int.MaxValue)
            {
                Array.Clear(_stamps);
                _stamp = 0;
            }

            _stamp++;
            _touchedCount = 0;
        }
    }

    /// <summary>Adds scale·values[t] to the score of item indices[t], for every t.</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double scale)
    {
        if (!IsSparse)
        {
            ScatterKernel.Add(indices, values, scale, Scores);
            return;
        }

        for (int t = 0; t < indices.Length; t++)
        {
            int item = indices[t];
            if (_stamps[item] != _stamp)
            {
                _stamps[item] = _stamp;
                _touched[_touchedCount++] = item;
            }

            Scores[item] += scale * values[t];
        }
    }

    /// <summary>Resets the scores of the current request to zero.</summary>
    public void End()
    {
        if (!_dirty)
        {
            return;
        }

        if (IsSparse)
        {
            foreach (int item in Touched)
            {
                Scores[item] = 0;
            }
        }
        else
        {
            Array.Clear(Scores);
        }

        _dirty = false;
        HasScores = false;
    }

    public Span<double> SelectedScores(int count)
    {
        if (_selectedScores.Length < count)
        {
            _selectedScores = new double[count];
        }

        return _selectedScores.AsSpan(0, count);
    }

    public Span<int> SelectedIndices(int count)
    {
        if (_selectedIndices.Length < count)
        {
            _selectedIndices = new int[count];
        }

        return _selectedIndices.AsSpan(0, count);
    }
}

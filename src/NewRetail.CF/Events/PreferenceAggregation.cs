using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Events;

/// <summary>
/// The preference matrix that <see cref="PreferenceAggregator"/> built from a sequence of events, with counts of what
/// happened to the events and the (user, item) pairs.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Every event is counted once, in <see cref="UsedEvents"/> or in <see cref="IgnoredEvents"/>. Every pair that
/// had at least one used event is counted once, in <see cref="PairCount"/>, <see cref="CancelledPairs"/> or
/// <see cref="ZeroPairs"/>.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class PreferenceAggregation<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal PreferenceAggregation(RatingMatrix<TUser, TItem> matrix, PreferenceCounts counts, IReadOnlyDictionary<Behavior, long> ignoredByBehavior, DateTimeOffset? referenceTime)
    {
        Matrix = matrix;
        UsedEvents = counts.UsedEvents;
        IgnoredEvents = counts.IgnoredEvents;
        IgnoredEventsByBehavior = ignoredByBehavior;
        ReturnEvents = counts.ReturnEvents;
        UnmatchedReturnEvents = counts.UnmatchedReturnEvents;
        LateEvents = counts.LateEvents;
        ReturnedPairs = counts.ReturnedPairs;
        CancelledPairs = counts.CancelledPairs;
        ZeroPairs = counts.ZeroPairs;
        CappedPairs = counts.CappedPairs;
        ReferenceTime = referenceTime;
    }

    /// <summary>
    /// The preferences: one entry per (user, item) pair whose preference is &gt; 0. Its scale runs from 0 to
    /// <see cref="PreferenceOptions.Cap"/>, or to <see cref="double.MaxValue"/> without a cap.
    /// </summary>
    /// <remarks>A user or item whose every pair was left out does not appear in the matrix.</remarks>
    public RatingMatrix<TUser, TItem> Matrix { get; }

    /// <summary>The number of events in the input.</summary>
    public long EventCount => UsedEvents + IgnoredEvents;

    /// <summary>The number of events that entered the computation, return events included.</summary>
    public long UsedEvents { get; }

    /// <summary>
    /// The number of events skipped because their behaviour has no weight and
    /// <see cref="PreferenceOptions.IgnoreUnweightedBehaviors"/> is set, or because they are returns and
    /// <see cref="PreferenceOptions.Returns"/> is <see cref="ReturnHandling.Ignore"/>.
    /// </summary>
    public long IgnoredEvents { get; }

    /// <summary>The number of ignored events of each behaviour; empty when none was ignored.</summary>
    public IReadOnlyDictionary<Behavior, long> IgnoredEventsByBehavior { get; }

    /// <summary>The number of return events netted against purchases, <see cref="UnmatchedReturnEvents"/> included.</summary>
    public long ReturnEvents { get; }

    /// <summary>
    /// The number of return events for a pair with no purchase in the input, for example an item bought before the
    /// data begins. They have no effect.
    /// </summary>
    public long UnmatchedReturnEvents { get; }

    /// <summary>
    /// The number of events later than <see cref="PreferenceOptions.ReferenceTime"/> that counted as if they happened at
    /// it, under <see cref="LateEventHandling.CountAtReference"/>.
    /// </summary>
    public long LateEvents { get; }

    /// <summary>The number of (user, item) pairs in <see cref="Matrix"/>.</summary>
    public int PairCount => Matrix.Count;

    /// <summary>The number of pairs with at least one purchase and at least one return, whether kept or left out.</summary>
    public int ReturnedPairs { get; }

    /// <summary>
    /// The number of pairs left out of <see cref="Matrix"/> because every purchased unit was returned and no other
    /// behaviour gave them weight.
    /// </summary>
    public int CancelledPairs { get; }

    /// <summary>
    /// The number of other pairs left out of <see cref="Matrix"/> because their preference came out 0: every event had
    /// weight 0, or the pair had only unmatched returns, or it is positive but rounds to 0 as a 32-bit float (for example after decay over hundreds of half-lives).
    /// </summary>
    public int ZeroPairs { get; }

    /// <summary>The number of pairs in <see cref="Matrix"/> whose preference was cut to <see cref="PreferenceOptions.Cap"/>.</summary>
    public int CappedPairs { get; }

    /// <summary>
    /// The time at which events counted their full weight: <see cref="PreferenceOptions.ReferenceTime"/>, or the latest
    /// used event, in UTC, when it is <see langword="null"/>. <see langword="null"/> without time decay, or when no event was used.
    /// </summary>
    public DateTimeOffset? ReferenceTime { get; }

    /// <summary>Returns a one-line summary of the counts, such as <c>404,909 events (0 ignored, 8,539 returns) → 264,673 pairs of 4,323 users and 3,643 items</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{EventCount:N0} events ({IgnoredEvents:N0} ignored, {ReturnEvents:N0} returns) → {PairCount:N0} pairs of {Matrix.Users.Count:N0} users and {Matrix.Items.Count:N0} items");
        if (CancelledPairs + ZeroPairs + CappedPairs > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; left out {CancelledPairs:N0} cancelled and {ZeroPairs:N0} zero pairs; capped {CappedPairs:N0}");
        }

        return text;
    }
}

/// <summary>The counts that one aggregation run collects.</summary>
internal struct PreferenceCounts
{
    public long UsedEvents;
    public long IgnoredEvents;
    public long ReturnEvents;
    public long UnmatchedReturnEvents;
    public long LateEvents;
    public int ReturnedPairs;
    public int CancelledPairs;
    public int ZeroPairs;
    public int CappedPairs;
}

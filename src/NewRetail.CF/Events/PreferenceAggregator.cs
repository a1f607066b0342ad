using System.Runtime.InteropServices;
using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Events;

/// <summary>
/// Turns interaction events (views, clicks, favourites, cart additions, purchases and returns, online or in a store)
/// into a matrix of preference weights, one per (user, item) pair, that the same predictors as explicit ratings use.
/// </summary>
/// <remarks>
/// <para><b>Formula.</b> The events of one pair (u, i) are grouped by behaviour b and channel c. For each group:</para>
/// <list type="bullet">
/// <item><description><c>U(b, c) = Σ qₑ</c>, the units of the group's events.</description></item>
/// <item><description><c>D(b, c) = Σ qₑ · 2^(−(T − tₑ) / H) / U(b, c)</c>, the unit-weighted mean decay factor of the
/// group, where T is the reference time, tₑ the event's timestamp and H the half-life. Without
/// <see cref="PreferenceOptions.HalfLife"/>, D = 1.</description></item>
/// </list>
/// <para>Returns then cancel purchased units. With P the units of all the pair's purchases and R the units of all its
/// returns, each purchase group keeps the fraction <c>max(0, P − R) / P</c> of its units, so the pair keeps
/// <c>max(0, P − R)</c> net units, shared among channels in proportion to their purchases. D is unchanged: a return
/// removes the same fraction of every purchase, whenever it happened, and the units that remain keep the age of the
/// purchases. Returns carry no weight of their own and their channel is not read. Their timestamp counts only towards
/// the default reference time and the check for late events.</para>
/// <para>The preference is <c>p(u, i) = min(Cap, Σ_(b, c) w_b · w_c · D(b, c) · f(U(b, c)))</c>, where w_b and w_c
/// are the behaviour and channel weights and f is the <see cref="QuantityDamping"/>: <c>f(x) = x</c>,
/// <c>log(1 + x)</c> or <c>√x</c>. Damping applies to the total units of a group, so two orders of 5 units count as
/// one order of 10, and decay scales the damped value, so an event exactly one half-life old counts half of what it
/// would count at the reference time, whatever the damping.</para>
/// <para>Pairs whose preference is 0 are left out of the matrix and counted: in
/// <see cref="PreferenceAggregation{TUser, TItem}.CancelledPairs"/> when returns cancelled every purchased unit, else in
/// <see cref="PreferenceAggregation{TUser, TItem}.ZeroPairs"/>. An empty sequence of events gives an empty matrix.</para>
/// <para><b>Validation.</b> An event is rejected with <see cref="RatingDataException"/> naming its
/// <see cref="InteractionEvent{TUser, TItem}.RowNumber"/> (or its 1-based position in the sequence when the row number
/// is 0) when its user or item is null, its behaviour is a default <see cref="Behavior"/>, its quantity is NaN,
/// infinite, zero or negative, its behaviour or channel has no weight, or, with time decay, its timestamp is
/// <c>default(DateTimeOffset)</c> or later than <see cref="PreferenceOptions.ReferenceTime"/>. Options named in each
/// message turn some of these errors into counted skips.</para>
/// <para><b>Speed.</b> One pass over the events with one hash lookup for the pair and at most one each for the user
/// and item, and no allocation per event. Preferences are accumulated in <see cref="double"/> and stored as <see cref="float"/>.
/// Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class PreferenceAggregator
{
    /// <summary>Creates an aggregator with the given options.</summary>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="PreferenceOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><see cref="PreferenceOptions.ReferenceTime"/> is set without <see cref="PreferenceOptions.HalfLife"/>.</exception>
    public PreferenceAggregator(PreferenceOptions? options = null)
    {
        options ??= PreferenceOptions.Default;
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public PreferenceOptions Options { get; }

    /// <summary>Aggregates <paramref name="events"/> into a preference matrix.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="events">The events, in any order. They are enumerated once.</param>
    /// <param name="sourceName">The name used for the source in errors, or <see langword="null"/> to name rows only.</param>
    /// <returns>The matrix and the counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="RatingDataException">An event is invalid, as the remarks of <see cref="PreferenceAggregator"/> list.</exception>
    public PreferenceAggregation<TUser, TItem> Aggregate<TUser, TItem>(IEnumerable<InteractionEvent<TUser, TItem>> events, string? sourceName = null)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        int count = events.TryGetNonEnumeratedCount(out int known) ? known : 0;
        var accumulator = new PreferenceAccumulator<TUser, TItem>(Options, sourceName, count);
        switch (events)
        {
            case InteractionEvent<TUser, TItem>[] array:
                accumulator.AddRange(array);
                break;
            case List<InteractionEvent<TUser, TItem>> list:
                accumulator.AddRange(CollectionsMarshal.AsSpan(list));
                break;
            default:
                foreach (InteractionEvent<TUser, TItem> e in events)
                {
                    accumulator.Add(in e);
                }

                break;
        }

        return accumulator.Build();
    }

    /// <summary>Aggregates the events of <paramref name="file"/>, naming its source and lines in errors.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <typeparam name="TItem">The item id type.</typeparam>
    /// <param name="file">Events read by one of the event readers.</param>
    /// <returns>The matrix and the counts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    /// <exception cref="RatingDataException">An event is invalid, as the remarks of <see cref="PreferenceAggregator"/> list.</exception>
    public PreferenceAggregation<TUser, TItem> Aggregate<TUser, TItem>(EventFile<TUser, TItem> file)
        where TUser : notnull
        where TItem : notnull
    {
        ArgumentNullException.ThrowIfNull(file);
        return Aggregate(file.EventList, file.SourceName);
    }
}

using NewRetail.CF.Events;

namespace NewRetail.CF.Tests.Events;

/// <summary>
/// A direct, slow transcription of the preference formula, for comparison with <see cref="PreferenceAggregator"/>:
/// group the events of each pair with LINQ, compute every decay factor from the reference time, and sum.
/// </summary>
internal static class ReferencePreferences
{
    public static Dictionary<(TUser User, TItem Item), double> Compute<TUser, TItem>(
        IReadOnlyList<InteractionEvent<TUser, TItem>> events, PreferenceOptions options)
        where TUser : notnull
        where TItem : notnull
    {
        var used = events
            .Where(e => e.Behavior == Behavior.Return
                ? options.Returns == ReturnHandling.CancelPurchases
                : options.BehaviorWeights.ContainsKey(e.Behavior))
            .ToList();
        DateTimeOffset reference = options.ReferenceTime ?? (used.Count == 0 ? default : used.Max(e => e.Timestamp));
        var result = new Dictionary<(TUser, TItem), double>();
        foreach (var pair in used.GroupBy(e => (e.User, e.Item)))
        {
            double purchased = pair.Where(e => e.Behavior == Behavior.Purchase).Sum(e => e.Quantity);
            double returned = pair.Where(e => e.Behavior == Behavior.Return).Sum(e => e.Quantity);
            double keptFraction = purchased > 0 ? Math.Max(0, purchased - returned) / purchased : 1;
            double preference = 0;
            foreach (var group in pair.Where(e => e.Behavior != Behavior.Return).GroupBy(e => (e.Behavior, e.Channel)))
            {
                double units = group.Sum(e => e.Quantity);
                double decay = options.HalfLife is TimeSpan halfLife
                    ? group.Sum(e => e.Quantity * Math.Pow(2, -Age(reference, e.Timestamp) / halfLife.TotalDays)) / units
                    : 1;
                if (group.Key.Behavior == Behavior.Purchase)
                {
                    units *= keptFraction;
                }

                double damped = options.QuantityDamping switch
                {
                    QuantityDamping.Log1p => Math.Log(1 + units),
                    QuantityDamping.Sqrt => Math.Sqrt(units),
                    _ => units,
                };
                preference += options.BehaviorWeights[group.Key.Behavior] * options.ChannelWeights[group.Key.Channel] * decay * damped;
            }

            if (options.Cap is double cap)
            {
                preference = Math.Min(preference, cap);
            }

            if (preference > 0)
            {
                result.Add(pair.Key, preference);
            }
        }

        return result;
    }

    /// <summary>Returns the age in days, 0 for an event after the reference, as LateEventHandling.CountAtReference treats it.</summary>
    private static double Age(DateTimeOffset reference, DateTimeOffset timestamp)
        => timestamp > reference ? 0 : (reference - timestamp).TotalDays;
}

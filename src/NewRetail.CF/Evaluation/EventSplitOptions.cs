using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>Options of <see cref="EventSplit"/>: which held-out events make an item relevant to a user.</summary>
public sealed record EventSplitOptions
{
    /// <summary>
    /// The behaviours whose test events make an item relevant. Default: <see cref="Behavior.Purchase"/> only, because
    /// a purchase is the outcome a retail list is meant to cause, while views and cart additions are steps on the way.
    /// </summary>
    /// <remarks>
    /// The per-user splits also count and sample only events of these behaviours; see <see cref="EventSplit"/>.
    /// </remarks>
    public IReadOnlyCollection<Behavior> RelevantBehaviors { get; init; } = [Behavior.Purchase];

    /// <summary>
    /// Whether a test item the user already interacted with in training still counts as relevant. Default:
    /// <see langword="false"/>, so the relevant items are the ones that are new to the user.
    /// </summary>
    /// <remarks>
    /// <para>A retail list exists to show a customer products they do not have yet. A repeat purchase is predicted by
    /// the customer's own history alone, so counting it would reward a "buy again" list over the discovery that
    /// collaborative filtering is for. A recommender that filters out items the customer already bought could never
    /// hit such an item either, so counting it would penalise that filter.</para>
    /// <para>Set it to <see langword="true"/> for consumables, where predicting the next repeat purchase is the goal.
    /// Either way <see cref="EventTrainTestSplit{TUser, TItem}.RepeatPairCount"/> counts the (user, item) pairs
    /// this option concerns.</para>
    /// </remarks>
    public bool IncludeKnownItems { get; init; }

    /// <summary>
    /// The training behaviours that make an item known to a user, for <see cref="IncludeKnownItems"/>. Default:
    /// <see langword="null"/>, which means <see cref="RelevantBehaviors"/>.
    /// </summary>
    /// <remarks>
    /// With the default, an item the user only viewed before the split and bought after it is still relevant, because
    /// turning a viewed product into a purchase is a useful recommendation. Pass every behaviour to treat any earlier
    /// contact with the item as "known".
    /// </remarks>
    public IReadOnlyCollection<Behavior>? KnownItemBehaviors { get; init; }

    /// <summary>Checks the options and returns the behaviour sets to use.</summary>
    internal (HashSet<Behavior> Relevant, HashSet<Behavior> Known) Resolve()
    {
        if (RelevantBehaviors is null || RelevantBehaviors.Count == 0)
        {
            throw new ArgumentException(
                "RelevantBehaviors is empty, so no held-out event could make an item relevant. Name at least one behaviour, such as Behavior.Purchase.",
                nameof(RelevantBehaviors));
        }

        var relevant = ToSet(RelevantBehaviors, nameof(RelevantBehaviors));
        var known = KnownItemBehaviors is null ? relevant : ToSet(KnownItemBehaviors, nameof(KnownItemBehaviors));
        return (relevant, known);
    }

    private static HashSet<Behavior> ToSet(IReadOnlyCollection<Behavior> behaviors, string name)
    {
        var set = new HashSet<Behavior>(behaviors.Count);
        foreach (Behavior behavior in behaviors)
        {
            if (behavior.Name.Length == 0)
            {
                throw new ArgumentException(
                    $"{name} contains the default Behavior value, which has no name. Use a named behaviour such as Behavior.Purchase.", name);
            }

            set.Add(behavior);
        }

        return set;
    }
}

using System.Collections.Frozen;
using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>
/// Training events, held-out test events and the relevant items of each test user, from <see cref="EventSplit"/>.
/// </summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Every input event is in exactly one of <see cref="Train"/> and <see cref="Test"/>, each in input order.</para>
/// <para>A test user is a user with at least one test event. Each has an entry in <see cref="Relevant"/>, which may be
/// empty, for example when the held-out events contain no purchase. Evaluation leaves such users out and counts
/// them.</para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed class EventTrainTestSplit<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    internal EventTrainTestSplit(
        string method,
        EventSplitOptions options,
        InteractionEvent<TUser, TItem>[] train,
        InteractionEvent<TUser, TItem>[] test,
        TUser[] testUsers,
        Dictionary<TUser, HashSet<TItem>> relevant,
        HashSet<TUser> coldUsers,
        int trainOnlyUserCount,
        int repeatPairCount,
        int unknownItemPairCount)
    {
        Method = method;
        Options = options;
        Train = train;
        Test = test;
        TestUsers = testUsers;
        Relevant = relevant.ToFrozenDictionary(pair => pair.Key, pair => (IReadOnlySet<TItem>)pair.Value.ToFrozenSet());
        ColdUsers = coldUsers.ToFrozenSet();
        TrainOnlyUserCount = trainOnlyUserCount;
        RepeatPairCount = repeatPairCount;
        UnknownItemPairCount = unknownItemPairCount;
    }

    /// <summary>A short description of how the split was made, such as <c>leave-last-1-out</c>, for reports.</summary>
    public string Method { get; }

    /// <summary>The options the split was made with.</summary>
    public EventSplitOptions Options { get; }

    /// <summary>The training events, in input order.</summary>
    public IReadOnlyList<InteractionEvent<TUser, TItem>> Train { get; }

    /// <summary>The held-out events of every behaviour, in input order.</summary>
    public IReadOnlyList<InteractionEvent<TUser, TItem>> Test { get; }

    /// <summary>The users with at least one test event, in the order of their first test event.</summary>
    public IReadOnlyList<TUser> TestUsers { get; }

    /// <summary>
    /// The relevant items of each test user: the items of their test events with a behaviour in
    /// <see cref="EventSplitOptions.RelevantBehaviors"/>, less the items they already knew from training unless
    /// <see cref="EventSplitOptions.IncludeKnownItems"/> is set. A set may be empty.
    /// </summary>
    public IReadOnlyDictionary<TUser, IReadOnlySet<TItem>> Relevant { get; }

    /// <summary>The test users without any training event, who are new to a model fitted on <see cref="Train"/>.</summary>
    /// <remarks>The per-user splits keep at least one training event for every test user, so only a time cut-off makes cold users.</remarks>
    public IReadOnlySet<TUser> ColdUsers { get; }

    /// <summary>
    /// The number of users whose every event is in <see cref="Train"/>: for a per-user split, the users with too few
    /// relevant events to hold any out; for a time cut-off, the users with no event at or after the cut-off.
    /// </summary>
    public int TrainOnlyUserCount { get; }

    /// <summary>
    /// The number of distinct (test user, item) pairs with a relevant test event whose item the user already knew from
    /// training. They are left out of <see cref="Relevant"/> unless <see cref="EventSplitOptions.IncludeKnownItems"/> is set.
    /// </summary>
    public int RepeatPairCount { get; }

    /// <summary>
    /// The number of distinct (user, item) pairs in <see cref="Relevant"/> whose item has no training event. They stay
    /// relevant although a model fitted on <see cref="Train"/> has no data on the item, because leaving them out would
    /// overstate recall.
    /// </summary>
    public int UnknownItemPairCount { get; }
}

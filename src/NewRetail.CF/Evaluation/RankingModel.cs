using NewRetail.CF.Events;

namespace NewRetail.CF.Evaluation;

/// <summary>A named way to fit a top-N recommender on training events, for <see cref="RankingEvaluator"/>.</summary>
/// <typeparam name="TUser">The user id type.</typeparam>
/// <typeparam name="TItem">The item id type.</typeparam>
/// <remarks>
/// <para>Any model plugs in with one lambda, because fitting and recommending are plain delegates. This one
/// recommends the items with the most training events to everyone:</para>
/// <code>
/// new RankingModel&lt;string, string&gt;("Popularity", train =&gt;
/// {
///     string[] top = [.. train.GroupBy(e =&gt; e.Item).OrderByDescending(g =&gt; g.Count()).Select(g =&gt; g.Key)];
///     return (user, n) =&gt; top[..Math.Min(n, top.Length)];
/// })
/// </code>
/// <para>The evaluator times the fit delegate and the recommend delegate separately.</para>
/// </remarks>
public sealed class RankingModel<TUser, TItem>
    where TUser : notnull
    where TItem : notnull
{
    /// <summary>Creates a named model.</summary>
    /// <param name="name">The name in reports, such as <c>ItemKnn(cosine)</c>. Must not be empty or white space.</param>
    /// <param name="fit">
    /// Fits the model on the training events and returns its recommend function. That function takes a user and a
    /// count n and returns up to n distinct item ids, best first.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="fit"/> is null.</exception>
    public RankingModel(string name, Func<IReadOnlyList<InteractionEvent<TUser, TItem>>, Func<TUser, int, IReadOnlyList<TItem>>> fit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fit);
        Name = name;
        Fit = fit;
    }

    /// <summary>The name in reports.</summary>
    public string Name { get; }

    /// <summary>The function that fits the model on training events and returns its recommend function.</summary>
    public Func<IReadOnlyList<InteractionEvent<TUser, TItem>>, Func<TUser, int, IReadOnlyList<TItem>>> Fit { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

namespace NewRetail.CF;

/// <summary>A stage of a fit or an evaluation, as reported in <see cref="FitProgress.Stage"/>.</summary>
public enum FitStage
{
    /// <summary>
    /// Fitting baseline biases, one unit per epoch: <see cref="BaselineOnly"/>, and <see cref="UserKnn"/> and
    /// <see cref="ItemKnn"/> when their options read baselines.
    /// </summary>
    Baselines = 0,

    /// <summary>
    /// Computing similarities, one unit per row: a user of a user-based model or an item of an item-based model.
    /// <see cref="UserKnn"/>, <see cref="ItemKnn"/>, <see cref="Implicit.ImplicitItemKnn"/> and
    /// <see cref="Implicit.ImplicitUserKnn"/>.
    /// </summary>
    Similarities,

    /// <summary>Ranking the items by popularity, one unit in all: <see cref="Implicit.MostPopular"/>.</summary>
    Popularity,

    /// <summary>Cross-validation, one unit per split that has been fitted and evaluated.</summary>
    Folds,

    /// <summary>Ranking evaluation, one unit per model that has been fitted and scored.</summary>
    Models,

    /// <summary>Ranking evaluation, one unit per test user whose list the current model has returned.</summary>
    Lists,
}

/// <summary>A progress report of a long fit or evaluation: how much of one stage is done.</summary>
/// <param name="Stage">The stage the report is about.</param>
/// <param name="Completed">The units of the stage done so far, from 0 to <paramref name="Total"/>.</param>
/// <param name="Total">The units of the whole stage, ≥ 0. <see cref="FitStage"/> names the unit of each stage.</param>
/// <remarks>
/// <para>Each stage reports 0 when it starts and <paramref name="Total"/> when it ends, and at most about 100 times in
/// between, with <paramref name="Completed"/> strictly increasing. A cancelled or failed stage stops without its last
/// report. The stages of one fit run one after another, so a report of a new stage means the one before has ended.
/// Cross-validation and ranking evaluation report the stages of each fold or model between their own reports.</para>
/// <para>The callback runs on the thread that finished the work, which is often a thread-pool thread of a parallel
/// loop, and never on two threads at once for one fit. It should return quickly, because the workers that reach the
/// next report wait for it. <see cref="Progress{T}"/> instead posts each report to the synchronization context it
/// captured, so its handler receives the reports late. Without such a context it posts to the thread pool, where
/// handlers can also run out of order.</para>
/// </remarks>
public readonly record struct FitProgress(FitStage Stage, long Completed, long Total)
{
    /// <summary>The share of the stage done, from 0 to 1, and 1 for a stage with no units.</summary>
    public double Fraction => Total <= 0 ? 1 : (double)Completed / Total;
}

namespace NewRetail.CF;

/// <summary>How baseline biases b_u and b_i of the estimate μ + b_u + b_i are fitted.</summary>
public enum BaselineMethod
{
    /// <summary>
    /// Alternating least squares: each epoch sets every b_i = Σ(r − μ − b_u) / (λ_item + n_i), then every
    /// b_u = Σ(r − μ − b_i) / (λ_user + n_u). The default.
    /// </summary>
    Als = 0,

    /// <summary>
    /// Stochastic gradient descent over the ratings in user-then-item index order, with
    /// b ← b + γ·(e − λ·b) for both biases, where e = r − (μ + b_u + b_i).
    /// </summary>
    Sgd,
}

/// <summary>Options for fitting baseline biases.</summary>
/// <remarks>
/// The defaults (10 ALS epochs, λ_item 10, λ_user 15; SGD: 20 epochs, γ 0.005, λ 0.02) are those of Koren's
/// "Factor in the neighbors" (2010) as used by Surprise 1.1.4, so results are comparable.
/// </remarks>
public sealed record BaselineOptions
{
    /// <summary>The fitting method. Default: <see cref="BaselineMethod.Als"/>.</summary>
    public BaselineMethod Method { get; init; } = BaselineMethod.Als;

    /// <summary>The number of passes over the data. Default: <see langword="null"/>, meaning 10 for ALS and 20 for SGD.</summary>
    public int? Epochs { get; init; }

    /// <summary>ALS regularisation of user biases, λ_user. Default: 15.</summary>
    public double UserRegularization { get; init; } = 15;

    /// <summary>ALS regularisation of item biases, λ_item. Default: 10.</summary>
    public double ItemRegularization { get; init; } = 10;

    /// <summary>SGD learning rate γ. Default: 0.005.</summary>
    public double LearningRate { get; init; } = 0.005;

    /// <summary>SGD regularisation λ of both biases. Default: 0.02.</summary>
    public double SgdRegularization { get; init; } = 0.02;

    /// <summary>The number of epochs that will run: <see cref="Epochs"/>, or the method's default.</summary>
    public int EffectiveEpochs => Epochs ?? (Method == BaselineMethod.Als ? 10 : 20);

    internal void Validate()
    {
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Invalid baseline method. Use Als or Sgd.");
        }

        if (EffectiveEpochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The number of baseline epochs must be ≥ 0.");
        }

        CheckNonNegative(UserRegularization, nameof(UserRegularization));
        CheckNonNegative(ItemRegularization, nameof(ItemRegularization));
        CheckNonNegative(LearningRate, nameof(LearningRate));
        CheckNonNegative(SgdRegularization, nameof(SgdRegularization));
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
        }
    }
}

namespace NewRetail.CF.Internals;

/// <summary>Fitted baseline biases: r̂ = μ + b_u + b_i.</summary>
internal sealed class BaselineBiases
{
    internal BaselineBiases(double globalMean, double[] userBiases, double[] itemBiases)
    {
        GlobalMean = globalMean;
        UserBiases = userBiases;
        ItemBiases = itemBiases;
    }

    public double GlobalMean { get; }

    public double[] UserBiases { get; }

    public double[] ItemBiases { get; }

    /// <summary>Counts the biases that are NaN, infinite or larger in magnitude than <paramref name="limit"/>.</summary>
    public int CountOutside(double limit)
    {
        int count = 0;
        foreach (double bias in UserBiases)
        {
            count += Math.Abs(bias) <= limit ? 0 : 1;
        }

        foreach (double bias in ItemBiases)
        {
            count += Math.Abs(bias) <= limit ? 0 : 1;
        }

        return count;
    }

    /// <summary>Fits the biases in <see cref="BaselineOptions.EffectiveEpochs"/> epochs, reporting one <see cref="FitStage.Baselines"/> unit per epoch.</summary>
    /// <remarks>The token is checked before each epoch, and an epoch is one pass (SGD) or two (ALS) over the ratings.</remarks>
    public static BaselineBiases Fit(SparseRatings data, BaselineOptions options, CancellationToken cancellationToken, IProgress<FitProgress>? progress = null)
    {
        options.Validate();
        double mu = data.GlobalMean;
        var bu = new double[data.UserCount];
        var bi = new double[data.ItemCount];
        int epochs = options.EffectiveEpochs;
        var epochProgress = StageProgress.Start(progress, FitStage.Baselines, epochs);
        if (options.Method == BaselineMethod.Als)
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int i = 0; i < data.ItemCount; i++)
                {
                    double deviation = 0;
                    for (int p = data.ColumnPointers[i]; p < data.ColumnPointers[i + 1]; p++)
                    {
                        deviation += data.ColumnValues[p] - mu - bu[data.RowIndices[p]];
                    }

                    bi[i] = deviation / (options.ItemRegularization + data.ItemRatingCount(i));
                }

                for (int u = 0; u < data.UserCount; u++)
                {
                    double deviation = 0;
                    for (int k = data.RowPointers[u]; k < data.RowPointers[u + 1]; k++)
                    {
                        deviation += data.Values[k] - mu - bi[data.ColumnIndices[k]];
                    }

                    bu[u] = deviation / (options.UserRegularization + data.UserRatingCount(u));
                }

                epochProgress?.Advance();
            }

            // An entity with no ratings and zero regularisation divides 0 by 0; it has no evidence, so its bias is 0.
            ReplaceNaN(bu);
            ReplaceNaN(bi);
        }
        else
        {
            double rate = options.LearningRate;
            double lambda = options.SgdRegularization;
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (int u = 0; u < data.UserCount; u++)
                {
                    for (int k = data.RowPointers[u]; k < data.RowPointers[u + 1]; k++)
                    {
                        int i = data.ColumnIndices[k];
                        double error = data.Values[k] - (mu + bu[u] + bi[i]);
                        bu[u] += rate * (error - (lambda * bu[u]));
                        bi[i] += rate * (error - (lambda * bi[i]));
                    }
                }

                epochProgress?.Advance();
            }
        }

        epochProgress?.Complete();
        return new BaselineBiases(mu, bu, bi);
    }

    private static void ReplaceNaN(double[] biases)
    {
        for (int k = 0; k < biases.Length; k++)
        {
            if (double.IsNaN(biases[k]))
            {
                biases[k] = 0;
            }
        }
    }
}

using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Evaluation;

/// <summary>Accuracy metrics of rating predictions: MSE, RMSE, MAE and FCP.</summary>
/// <remarks>
/// Every metric takes the actual ratings and the predicted ratings as parallel spans, where position n of one
/// belongs to position n of the other. The spans must have the same, non-zero length and contain only finite numbers.
/// </remarks>
public static class AccuracyMetrics
{
    /// <summary>Computes the mean squared error, Σ(actual − predicted)² / n.</summary>
    /// <param name="actual">The actual ratings.</param>
    /// <param name="predicted">The predicted ratings, parallel to <paramref name="actual"/>.</param>
    /// <returns>The MSE, ≥ 0.</returns>
    /// <exception cref="ArgumentException">
    /// The spans are empty, differ in length, or contain NaN or an infinity.
    /// </exception>
    public static double Mse(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        CheckPairs(actual, predicted);
        double sum = 0;
        for (int n = 0; n < actual.Length; n++)
        {
            double error = actual[n] - predicted[n];
            sum += error * error;
        }

        return sum / actual.Length;
    }

    /// <summary>Computes the root mean squared error, √(Σ(actual − predicted)² / n).</summary>
    /// <param name="actual">The actual ratings.</param>
    /// <param name="predicted">The predicted ratings, parallel to <paramref name="actual"/>.</param>
    /// <returns>The RMSE, ≥ 0.</returns>
    /// <exception cref="ArgumentException">
    /// The spans are empty, differ in length, or contain NaN or an infinity.
    /// </exception>
    public static double Rmse(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted) => Math.Sqrt(Mse(actual, predicted));

    /// <summary>Computes the mean absolute error, Σ|actual − predicted| / n.</summary>
    /// <param name="actual">The actual ratings.</param>
    /// <param name="predicted">The predicted ratings, parallel to <paramref name="actual"/>.</param>
    /// <returns>The MAE, ≥ 0.</returns>
    /// <exception cref="ArgumentException">
    /// The spans are empty, differ in length, or contain NaN or an infinity.
    /// </exception>
    public static double Mae(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        CheckPairs(actual, predicted);
        double sum = 0;
        for (int n = 0; n < actual.Length; n++)
        {
            sum += Math.Abs(actual[n] - predicted[n]);
        }

        return sum / actual.Length;
    }

    /// <summary>Computes the fraction of concordant pairs (FCP) per user, as Surprise's <c>accuracy.fcp</c> does.</summary>
    /// <typeparam name="TUser">The user id type.</typeparam>
    /// <param name="users">The user of each pair.</param>
    /// <param name="actual">The actual ratings, parallel to <paramref name="users"/>.</param>
    /// <param name="predicted">The predicted ratings, parallel to <paramref name="users"/>.</param>
    /// <param name="userEquality">How users are compared. Default: <see cref="IdOrder.DefaultEquality{TId}"/>.</param>
    /// <returns>
    /// The FCP in [0, 1], or <see langword="null"/> when no user has two pairs with different actual ratings, because
    /// the fraction is then 0/0. Surprise raises an error in that case.
    /// </returns>
    /// <remarks>
    /// <para>For each user u, over the pairs (i, j) of that user's ratings with r_i &gt; r_j, n_c(u) counts those with
    /// est_i &gt; est_j (concordant) and n_d(u) counts those with est_i ≤ est_j (discordant, ties included). Pairs with
    /// equal actual ratings count in neither.</para>
    /// <para>FCP = mean(n_c) / (mean(n_c) + mean(n_d)). As in Surprise, mean(n_c) is taken over the users with
    /// n_c(u) &gt; 0 only, and mean(n_d) over the users with n_d(u) &gt; 0 only, so the two means can cover different
    /// users. When every user with a comparable pair has both counts above 0, the result equals the pooled fraction
    /// Σn_c / (Σn_c + Σn_d).</para>
    /// <para>The count is quadratic in the number of ratings of each user.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The spans are empty, differ in length, or contain NaN, an infinity or a null user.
    /// </exception>
    public static double? Fcp<TUser>(
        ReadOnlySpan<TUser> users,
        ReadOnlySpan<double> actual,
        ReadOnlySpan<double> predicted,
        IEqualityComparer<TUser>? userEquality = null)
        where TUser : notnull
    {
        CheckPairs(actual, predicted);
        if (users.Length != actual.Length)
        {
            throw new ArgumentException(
                $"There are {users.Length} users for {actual.Length} ratings. Pass one user per rating.", nameof(users));
        }

        // 1. Group the positions of each user's pairs.
        var positionsOfUser = new Dictionary<TUser, List<int>>(userEquality ?? IdOrder.DefaultEquality<TUser>());
        for (int n = 0; n < users.Length; n++)
        {
            TUser user = users[n];
            if (user is null)
            {
                throw new ArgumentException($"The user at position {n} is null. Give every pair a user id.", nameof(users));
            }

            if (!positionsOfUser.TryGetValue(user, out var positions))
            {
                positions = [];
                positionsOfUser.Add(user, positions);
            }

            positions.Add(n);
        }

        // 2. Count concordant and discordant pairs per user, and sum them over the users where each count is positive.
        long concordantSum = 0;
        long discordantSum = 0;
        int usersWithConcordant = 0;
        int usersWithDiscordant = 0;
        foreach (var positions in positionsOfUser.Values)
        {
            long concordant = 0;
            long discordant = 0;
            for (int a = 0; a < positions.Count; a++)
            {
                for (int b = a + 1; b < positions.Count; b++)
                {
                    int higher = positions[a];
                    int lower = positions[b];
                    if (actual[higher] == actual[lower])
                    {
                        continue;
                    }

                    if (actual[higher] < actual[lower])
                    {
                        (higher, lower) = (lower, higher);
                    }

                    if (predicted[higher] > predicted[lower])
                    {
                        concordant++;
                    }
                    else
                    {
                        discordant++;
                    }
                }
            }

            if (concordant > 0)
            {
                concordantSum += concordant;
                usersWithConcordant++;
            }

            if (discordant > 0)
            {
                discordantSum += discordant;
                usersWithDiscordant++;
            }
        }

        double concordantMean = usersWithConcordant == 0 ? 0 : (double)concordantSum / usersWithConcordant;
        double discordantMean = usersWithDiscordant == 0 ? 0 : (double)discordantSum / usersWithDiscordant;
        double total = concordantMean + discordantMean;
        return total == 0 ? null : concordantMean / total;
    }

    private static void CheckPairs(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException(
                $"There are {actual.Length} actual ratings but {predicted.Length} predictions. Pass one prediction per actual rating.",
                nameof(predicted));
        }

        if (actual.IsEmpty)
        {
            throw new ArgumentException("There are no (actual, predicted) pairs. Pass at least one pair.", nameof(actual));
        }

        CheckFinite(actual, nameof(actual));
        CheckFinite(predicted, nameof(predicted));
    }

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        for (int n = 0; n < values.Length; n++)
        {
            if (!double.IsFinite(values[n]))
            {
                throw new ArgumentException(
                    $"The value at position {n} of {name} is {values[n].ToString(CultureInfo.InvariantCulture)}. Every rating must be a finite number.",
                    name);
            }
        }
    }
}

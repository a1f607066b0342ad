using NewRetail.CF.Data;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>Preference matrices for the implicit models.</summary>
public static class ImplicitFixtures
{
    /// <summary>The scale of preference weights in these fixtures.</summary>
    public static readonly RatingScale Weights = new(0, 10);

    /// <summary>
    /// Four customers and five products, preference weights (users × items, "-" no entry):
    /// <code>
    ///        i1 i2 i3 i4 i5
    ///   u1:   2  1  -  -  -
    ///   u2:   1  1  3  -  -
    ///   u3:   -  1  1  2  -
    ///   u4:   1  -  -  1  1
    /// </code>
    /// User sets: U(i1) = {u1,u2,u4}, U(i2) = {u1,u2,u3}, U(i3) = {u2,u3}, U(i4) = {u3,u4}, U(i5) = {u4}.
    /// Items per user: |N(u1)| = 2, |N(u2)| = |N(u3)| = |N(u4)| = 3. Users per item: 3, 3, 2, 2, 1.
    /// </summary>
    public static RatingMatrix<string, string> Shop() => Fixtures.Matrix(
        Weights,
        ("u1", "i1", 2), ("u1", "i2", 1),
        ("u2", "i1", 1), ("u2", "i2", 1), ("u2", "i3", 3),
        ("u3", "i2", 1), ("u3", "i3", 1), ("u3", "i4", 2),
        ("u4", "i1", 1), ("u4", "i4", 1), ("u4", "i5", 1));

    /// <summary>
    /// A random matrix with user ids 0..users-1 and item ids 0..items-1 (so ids equal indices), each pair present with
    /// probability <paramref name="density"/>; a share of the present entries is a stored 0.
    /// </summary>
    public static RatingMatrix<int, int> Random(int users, int items, double density, int seed, bool wholeNumbers = false, double zeroShare = 0.05)
    {
        var random = new Random(seed);
        var builder = new RatingMatrixBuilder<int, int>(Weights);
        for (int u = 0; u < users; u++)
        {
            builder.AddUser(u);
        }

        for (int i = 0; i < items; i++)
        {
            builder.AddItem(i);
        }

        for (int u = 0; u < users; u++)
        {
            for (int i = 0; i < items; i++)
            {
                if (random.NextDouble() >= density)
                {
                    continue;
                }

                double value = random.NextDouble() < zeroShare ? 0
                    : wholeNumbers ? random.Next(1, 6)
                    : 0.1 + (4.9 * random.NextDouble());
                builder.Add(u, i, value);
            }
        }

        return builder.Build();
    }
}

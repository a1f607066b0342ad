namespace NewRetail.CF.Implicit.Internals;

/// <summary>Dunning's log-likelihood ratio G² on a 2×2 co-occurrence table.</summary>
internal static class LogLikelihood
{
    /// <summary>Computes G² for two sets of sizes <paramref name="sizeA"/> and <paramref name="sizeB"/> sharing <paramref name="shared"/> of <paramref name="total"/> elements.</summary>
    /// <returns>G², or 0 when the sets share no more elements than independence predicts.</returns>
    /// <remarks>
    /// Each cell adds k·ln(k·N/(row·column)) instead of the equivalent entropy form Σk·ln k − Σrow·ln row − …, which
    /// subtracts large, nearly equal terms when N is large.
    /// </remarks>
    public static double Ratio(double shared, double sizeA, double sizeB, double total)
    {
        if (shared * total <= sizeA * sizeB)
        {
            return 0;
        }

        double onlyA = sizeA - shared;
        double onlyB = sizeB - shared;
        double neither = total - sizeA - sizeB + shared;
        double notA = total - sizeA;
        double notB = total - sizeB;
        double sum = Cell(shared, sizeA, sizeB, total)
            + Cell(onlyA, sizeA, notB, total)
            + Cell(onlyB, notA, sizeB, total)
            + Cell(neither, notA, notB, total);
        return Math.Max(2 * sum, 0);
    }

    private static double Cell(double count, double row, double column, double total)
        => count > 0 ? count * Math.Log(count * total / (row * column)) : 0;
}

using NewRetail.CF.Internals.Kernels;

namespace NewRetail.CF.Tests.Kernels;

public class NeighborSumKernelTests
{
    public static TheoryData<int> Lengths()
    {
        var lengths = new TheoryData<int>();
        for (int length = 0; length <= 70; length++)
        {
            lengths.Add(length);
        }

        lengths.Add(255);
        lengths.Add(1027);
        return lengths;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Accumulate_MatchesScalarBitForBit(int length)
    {
        var random = new Random(length);
        var weights = new float[length];
        for (int i = 0; i < length; i++)
        {
            // A third of the weights are 0 and some are negative, so both filters are exercised.
            weights[i] = random.Next(3) == 0 ? 0f : (float)((random.NextDouble() * 2) - 1);
        }

        foreach (bool positiveOnly in new[] { false, true })
        {
            var (vectorNum, vectorDen, vectorCount) = (Seeded(length, 1), Seeded(length, 2), Seeded(length, 3));
            var (scalarNum, scalarDen, scalarCount) = (Seeded(length, 1), Seeded(length, 2), Seeded(length, 3));

            NeighborSumKernel.Accumulate(weights, -1.37, 0.83, positiveOnly, vectorNum, vectorDen, vectorCount);
            NeighborSumKernel.AccumulateScalar(weights, -1.37, 0.83, positiveOnly, scalarNum, scalarDen, scalarCount);

            vectorNum.Should().Equal(scalarNum);
            vectorDen.Should().Equal(scalarDen);
            vectorCount.Should().Equal(scalarCount);
        }
    }

    [Fact]
    public void AccumulateScalar_HandWorked()
    {
        float[] weights = [0.5f, 0f, -0.25f];
        var num = new double[3];
        var den = new double[3];
        var count = new double[3];

        NeighborSumKernel.AccumulateScalar(weights, 2.0, 1.0, positiveOnly: false, num, den, count);

        num.Should().Equal(1.0, 0.0, -0.5);
        den.Should().Equal(0.5, 0.0, 0.25);
        count.Should().Equal(1, 0, 1);
    }

    [Fact]
    public void Accumulate_PositiveOnlySkipsNegatives()
    {
        float[] weights = [0.5f, -0.5f, 0.25f, -1f, 0f, 1f, 0.5f, -0.5f, 0.125f];
        var num = new double[9];
        var den = new double[9];
        var count = new double[9];

        NeighborSumKernel.Accumulate(weights, 4.0, 2.0, positiveOnly: true, num, den, count);

        num.Should().Equal(1.0, 0, 0.5, 0, 0, 2.0, 1.0, 0, 0.25);
        count.Should().Equal(1, 0, 1, 0, 0, 1, 1, 0, 1);
    }

    [Fact]
    public void Accumulate_LengthMismatchThrows()
    {
        var act = () => NeighborSumKernel.Accumulate(new float[4], 1, 1, false, new double[3], new double[4], new double[4]);

        act.Should().Throw<ArgumentException>();
    }

    private static double[] Seeded(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble();
        }

        return values;
    }
}

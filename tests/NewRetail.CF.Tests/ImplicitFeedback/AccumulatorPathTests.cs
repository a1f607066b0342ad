using NewRetail.CF.Implicit;
using NewRetail.CF.Implicit.Internals;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>The dense and the sparse accumulation of a similarity row give the same neighbours and values.</summary>
public class AccumulatorPathTests
{
    public static TheoryData<ImplicitSimilarity, bool> Cases()
    {
        var cases = new TheoryData<ImplicitSimilarity, bool>();
        foreach (var similarity in Enum.GetValues<ImplicitSimilarity>())
        {
            cases.Add(similarity, false);
            cases.Add(similarity, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DenseAndSparse_SameRows(ImplicitSimilarity similarity, bool userBased)
    {
        var ratings = ImplicitFixtures.Random(80, 60, 0.1, seed: 41);
        var options = new ImplicitKnnOptions { Similarity = similarity, MaxNeighbors = 6 };
        var space = new SimilaritySpace(PositiveEntries.From(ratings, binary: false), userBased, options);
        var dense = new RowWorkspace(space.EntityCount, options.MaxNeighbors);
        var sparse = new RowWorkspace(space.EntityCount, options.MaxNeighbors);

        for (int e = 0; e < space.EntityCount; e++)
        {
            dense.Top.Reset(options.MaxNeighbors);
            sparse.Top.Reset(options.MaxNeighbors);

            space.FindNeighborsDense(e, space.FeaturesOf(e), space.ValuesOf(e), space.NormOf(e), space.SizeOf(e), dense);
            space.FindNeighborsSparse(e, space.FeaturesOf(e), space.ValuesOf(e), space.NormOf(e), space.SizeOf(e), sparse);

            Drain(sparse).Should().Equal(Drain(dense), $"entity {e}");
        }

        // Both leave the accumulator at zero for the next row.
        dense.Shared.Should().OnlyContain(value => value == 0);
        sparse.Shared.Should().OnlyContain(value => value == 0);
    }

    private static (double Similarity, int Index)[] Drain(RowWorkspace workspace)
    {
        var similarities = new double[workspace.Top.Count];
        var indices = new int[workspace.Top.Count];
        workspace.Top.DrainBestFirst(similarities, indices);
        return similarities.Zip(indices).ToArray();
    }
}

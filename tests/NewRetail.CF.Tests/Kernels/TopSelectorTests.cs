using NewRetail.CF.Data;
using NewRetail.CF.Internals;

namespace NewRetail.CF.Tests.Kernels;

/// <summary>The bounded-heap top-N selection against a full sort.</summary>
public class TopSelectorTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(10, 5)]
    [InlineData(10, 10)]
    [InlineData(10, 1_000)]
    [InlineData(37, 500)]
    public void ToArray_MatchesFullSort(int capacity, int length)
    {
        // Scores from a few values, so many ties must be broken by index.
        var random = new Random(capacity + length);
        var items = IdMapOf(length);
        var pairs = Enumerable.Range(0, length).Select(i => (Item: i, Score: (double)random.Next(-3, 4))).ToArray();
        random.Shuffle(pairs);
        var selector = new TopSelector(capacity);
        foreach (var (item, score) in pairs)
        {
            selector.Add(item, score);
        }

        var expected = pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Item).Take(capacity)
            .Select(p => new ScoredItem<int>(p.Item, p.Score));

        selector.ToArray(items).Should().Equal(expected);
    }

    private static IdMap<int> IdMapOf(int length)
    {
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        for (int i = 0; i < length; i++)
        {
            builder.Add(0, i, 3);
        }

        return builder.Build().Items;
    }
}

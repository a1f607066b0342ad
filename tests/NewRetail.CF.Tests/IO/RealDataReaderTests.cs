using NewRetail.CF.Data;
using NewRetail.CF.IO;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.IO;

/// <summary>The readers on the MovieLens files, checked against their published counts.</summary>
public class RealDataReaderTests
{
    [SkippableFact]
    public void UData_CountsMatchMovieLens100K()
    {
        string path = TestData.Require("ml-100k", "u.data");

        var file = MovieLensReader.ReadUData(path);
        var matrix = file.ToMatrix(RatingScale.OneToFive);

        file.Rows.Should().HaveCount(100_000);
        file.LineNumbers[^1].Should().Be(100_000);
        file.Rows.Should().OnlyContain(row => row.Timestamp != null);
        matrix.Count.Should().Be(100_000);
        matrix.Users.Count.Should().Be(943);
        matrix.Items.Count.Should().Be(1_682);
        var counts = file.Rows.GroupBy(row => row.Rating).ToDictionary(group => group.Key, group => group.Count());
        counts.Should().Equal(new Dictionary<double, int> { [1] = 6_110, [2] = 11_370, [3] = 27_145, [4] = 34_174, [5] = 21_201 });
    }

    [SkippableFact]
    public void U1Base_HasEightyThousandRows()
    {
        string path = TestData.Require("ml-100k", "u1.base");

        var file = MovieLensReader.ReadUData(path);

        file.Rows.Should().HaveCount(80_000);
        file.LineNumbers[^1].Should().Be(80_000);
    }

    [SkippableFact]
    public void RatingsCsv_CountsMatchLatestSmall()
    {
        string path = TestData.Require("ml-latest-small", "ratings.csv");

        var file = MovieLensReader.ReadRatingsCsv(path);
        var matrix = file.ToMatrix(RatingScale.HalfToFive);

        file.Rows.Should().HaveCount(100_836);
        file.LineNumbers[0].Should().Be(2);
        file.LineNumbers[^1].Should().Be(100_837);
        matrix.Users.Count.Should().Be(610);
        matrix.Items.Count.Should().Be(9_724);
    }

    [SkippableFact]
    public void DerivedMovieLens1M_CountsMatch()
    {
        string path = TestData.Require("ml-1m", "derived-SVDApproximation", "ratings_user_item_rating.tsv");
        var format = new DelimitedFormat { Separator = '\t', HasHeader = true, UserColumn = "user", ItemColumn = "item", RatingColumn = "rating" };

        var file = DelimitedRatingReader.ReadLongIds(path, format);

        file.Rows.Should().HaveCount(1_000_209);
        file.LineNumbers[^1].Should().Be(1_000_210);
        file.Rows.Select(row => row.User).Distinct().Count().Should().Be(6_040);
        file.Rows.Select(row => row.Item).Distinct().Count().Should().Be(3_706);
        file.Rows.Count(row => row.Timestamp is not null).Should().Be(0);
    }
}

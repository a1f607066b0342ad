using NewRetail.CF.Data;

namespace NewRetail.CF.Tests.Data;

public class RatingMatrixBuilderTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_NonFiniteRatingThrows(double rating)
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("u1", "i1", 3);

        var error = builder.Invoking(b => b.Add("u1", "i2", rating)).Should().Throw<RatingDataException>().Which;

        error.RowNumber.Should().Be(2);
        error.Field.Should().Be("rating");
        error.Message.Should().Contain("row 2").And.Contain("not a finite number");
        builder.Count.Should().Be(1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(5.5)]
    [InlineData(-1.0)]
    public void Add_OutOfScaleThrows(double rating)
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);

        var error = builder.Invoking(b => b.Add(10, 20, rating, rowNumber: 77)).Should().Throw<RatingDataException>().Which;

        error.RowNumber.Should().Be(77);
        error.Value.Should().Be(rating.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        error.Message.Should().Contain("outside the rating scale [1, 5]").And.Contain("(10, 20)");
    }

    [Fact]
    public void Add_ScaleBoundsAreIncluded()
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        builder.Add(1, 1, 1);
        builder.Add(1, 2, 5);

        builder.Build().Count.Should().Be(2);
    }

    [Fact]
    public void Add_TooLargeForFloatThrows()
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.Unbounded);

        builder.Invoking(b => b.Add(1, 1, 1e300)).Should().Throw<RatingDataException>().WithMessage("*32-bit float*");
    }

    [Fact]
    public void Add_NullIdThrows()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);

        builder.Invoking(b => b.Add(null!, "i1", 3)).Should().Throw<RatingDataException>().Which.Field.Should().Be("user");
        builder.Invoking(b => b.Add("u1", null!, 3)).Should().Throw<RatingDataException>().Which.Field.Should().Be("item");
    }

    [Fact]
    public void AddRange_NumbersRowsFromOne()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        RatingRow<string, string>[] rows = [new("u1", "i1", 3), new("u1", "i2", 9)];

        builder.Invoking(b => b.AddRange(rows)).Should().Throw<RatingDataException>().Which.RowNumber.Should().Be(2);
    }

    [Fact]
    public void Build_LongIdsNeverCollide()
    {
        long[] ids = [0, -1, long.MinValue, 1L << 32, (1L << 32) + 1, long.MaxValue, 4_294_967_296L * 3];
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive);
        for (int k = 0; k < ids.Length; k++)
        {
            builder.Add(ids[k], ids[(k + 1) % ids.Length], 1 + (k % 5));
        }

        var matrix = builder.Build();

        matrix.Users.Count.Should().Be(ids.Length);
        matrix.Items.Count.Should().Be(ids.Length);
        matrix.Users.Ids.ToArray().Should().BeInAscendingOrder();
        for (int k = 0; k < ids.Length; k++)
        {
            matrix.TryGetRating(ids[k], ids[(k + 1) % ids.Length], out float rating).Should().BeTrue();
            rating.Should().Be(1 + (k % 5));
            matrix.Users[matrix.Users.TryGetIndex(ids[k], out int index) ? index : -1].Should().Be(ids[k]);
        }
    }

    [Fact]
    public void Build_StringIdsInOrdinalOrder()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        foreach (string user in new[] { "b", "a", "B", "é", "10", "9" })
        {
            builder.Add(user, "x", 3);
        }

        builder.Build().Users.Ids.ToArray().Should().Equal("10", "9", "B", "a", "b", "é");
    }

    [Fact]
    public void Build_CustomOrder()
    {
        var builder = new RatingMatrixBuilder<long, long>(RatingScale.OneToFive, userOrder: Comparer<long>.Create((a, b) => b.CompareTo(a)));
        builder.Add(1, 1, 3);
        builder.Add(3, 1, 3);
        builder.Add(2, 1, 3);

        builder.Build().Users.Ids.ToArray().Should().Equal(3, 2, 1);
    }

    [Fact]
    public void Build_CountsAndMeans()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("u2", "i1", 4);
        builder.Add("u1", "i2", 2);
        builder.Add("u1", "i1", 5);

        var matrix = builder.Build();

        matrix.Count.Should().Be(3);
        matrix.GlobalMean.Should().BeApproximately(11.0 / 3, 1e-12);
        matrix.UserMeans.ToArray().Should().Equal(3.5, 4.0);
        matrix.ItemMeans.ToArray().Should().Equal(4.5, 2.0);
        matrix.UserRatingCount(0).Should().Be(2);
        matrix.ItemRatingCount(0).Should().Be(2);
        matrix.UserRow(0).Indices.ToArray().Should().Equal(0, 1);
        matrix.UserRow(0).Values.ToArray().Should().Equal(5f, 2f);
        matrix.ItemColumn(0).Indices.ToArray().Should().Equal(0, 1);
        matrix.Rows().Should().Equal(
            new RatingRow<string, string>("u1", "i1", 5),
            new RatingRow<string, string>("u1", "i2", 2),
            new RatingRow<string, string>("u2", "i1", 4));
    }

    [Fact]
    public void Build_EmptyMatrixIsAllowed()
    {
        var matrix = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive).Build();

        matrix.IsEmpty.Should().BeTrue();
        matrix.Users.Count.Should().Be(0);
    }

    [Fact]
    public void Fit_EmptyMatrixThrows()
    {
        var matrix = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive).Build();

        new UserKnn().Invoking(a => a.Fit(matrix)).Should().Throw<RatingDataException>().WithMessage("*empty*Add at least one rating*");
        new ItemKnn().Invoking(a => a.Fit(matrix)).Should().Throw<RatingDataException>().WithMessage("*empty*");
        new BaselineOnly().Invoking(a => a.Fit(matrix)).Should().Throw<RatingDataException>().WithMessage("*empty*");
    }

    [Fact]
    public void Scale_RejectsInvertedBounds()
    {
        var act = () => new RatingScale(5, 1);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("min");
    }

    [Fact]
    public void IdMap_UnknownIdHasNoIndex()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("u1", "i1", 3);
        var users = builder.Build().Users;

        users.TryGetIndex("zz", out int index).Should().BeFalse();
        index.Should().Be(-1);
        users.Contains("u1").Should().BeTrue();
        users.Invoking(u => u[5]).Should().Throw<ArgumentOutOfRangeException>();
    }
}

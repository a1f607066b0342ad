using NewRetail.CF.Data;
using NewRetail.CF.IO;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>Faults that the bad-input properties found, each pinned by a hand-written case.</summary>
public class BadInputRegressionTests
{
    [Fact]
    public void RatingFirstRowTooShort_ValueIsLine()
    {
        // The format reads the item from column 1, but the first row "7" has one field.
        var act = () => DelimitedRatingReader.ReadLongIds(new StringReader("7\n1,2,3\n"), "short.csv", new DelimitedFormat());

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Value.Should().Be("7");
    }

    [Fact]
    public void EventFirstRowTooShort_ValueIsLine()
    {
        var act = () => DelimitedEventReader.ReadLongIds(new StringReader("7,8,view\n"), "short.csv", new DelimitedEventFormat());

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("line");
        error.Value.Should().Be("7,8,view");
    }

    [Fact]
    public void HeaderTooShort_ValueIsHeader()
    {
        var format = new DelimitedFormat { HasHeader = true, TimestampColumn = 3 };

        var act = () => DelimitedRatingReader.ReadLongIds(new StringReader("user,item,rating\n1,2,3\n"), "short.csv", format);

        var error = act.Should().Throw<RatingDataException>().Which;
        error.RowNumber.Should().Be(1);
        error.Field.Should().Be("header");
        error.Value.Should().Be("user,item,rating");
    }
}

using NewRetail.CF.Data;

namespace NewRetail.CF.Tests.Infrastructure;

/// <summary>Builds small hand-made rating tables.</summary>
public static class Fixtures
{
    /// <summary>Builds a matrix from (user, item, rating) triples on the 1–5 scale unless another is given.</summary>
    public static RatingMatrix<string, string> Matrix(params (string User, string Item, double Rating)[] rows)
        => Matrix(RatingScale.OneToFive, rows);

    public static RatingMatrix<string, string> Matrix(RatingScale scale, params (string User, string Item, double Rating)[] rows)
    {
        var builder = new RatingMatrixBuilder<string, string>(scale);
        foreach (var (user, item, rating) in rows)
        {
            builder.Add(user, item, rating);
        }

        return builder.Build();
    }

    /// <summary>
    /// Builds a matrix from a table: one string per user, "u1: 4 5 3 2 - -", with "-" for a missing rating and items
    /// named i1, i2, … by column.
    /// </summary>
    public static RatingMatrix<string, string> Table(params string[] lines)
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        foreach (string line in lines)
        {
            string[] parts = line.Split(':', 2);
            string user = parts[0].Trim();
            string[] cells = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (int c = 0; c < cells.Length; c++)
            {
                if (cells[c] != "-")
                {
                    builder.Add(user, $"i{c + 1}", double.Parse(cells[c], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.Build();
    }
}

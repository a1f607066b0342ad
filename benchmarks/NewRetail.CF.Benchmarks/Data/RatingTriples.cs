using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks.Data;

/// <summary>A data set as parallel arrays of (user, item, rating), one entry per rating, with no duplicate pairs.</summary>
public sealed class RatingTriples
{
    public RatingTriples(string name, int[] users, int[] items, float[] ratings)
    {
        if (users.Length != items.Length || users.Length != ratings.Length)
        {
            throw new ArgumentException(
                $"The columns of {name} differ in length: {users.Length} users, {items.Length} items, {ratings.Length} ratings.",
                nameof(ratings));
        }

        Name = name;
        Users = users;
        Items = items;
        Ratings = ratings;
    }

    public string Name { get; }

    public int[] Users { get; }

    public int[] Items { get; }

    public float[] Ratings { get; }

    public int Count => Ratings.Length;

    /// <summary>Builds the library's rating matrix on the 1 to 5 scale that both MovieLens and the generator use.</summary>
    public RatingMatrix<int, int> ToMatrix()
    {
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        for (int r = 0; r < Count; r++)
        {
            builder.Add(Users[r], Items[r], Ratings[r]);
        }

        return builder.Build();
    }
}

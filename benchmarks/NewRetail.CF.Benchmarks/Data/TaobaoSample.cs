using System.Globalization;
using NewRetail.CF.Data;

namespace NewRetail.CF.Benchmarks.Data;

/// <summary>
/// Parses the Taobao user-behaviour sample (<c>taobao-userbehavior-sample/UserBehavior.csv</c>: comma-separated
/// <c>user,item,category,behaviour,timestamp</c>, no header) into a preference matrix.
/// </summary>
/// <remarks>
/// Each (user, item) gets the sum of its event weights: view (<c>pv</c>) 1, favourite 2, cart 3, purchase 4. The
/// benchmarks parse the file themselves so that they depend only on the matrix builder.
/// </remarks>
public static class TaobaoSample
{
    public static string EventsPath => Path.Combine(MovieLens100K.DataFolder, "taobao-userbehavior-sample", "UserBehavior.csv");

    public static bool IsAvailable => File.Exists(EventsPath);

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line has an unknown behaviour.</exception>
    public static RatingMatrix<long, long> Load()
    {
        string path = EventsPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Taobao sample was not found at {path}. Set {MovieLens100K.DataVariable} to the folder that contains taobao-userbehavior-sample/.", path);
        }

        var weights = new Dictionary<(long User, long Item), double>();
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(',');
            long user = long.Parse(fields[0], CultureInfo.InvariantCulture);
            long item = long.Parse(fields[1], CultureInfo.InvariantCulture);
            double weight = fields[3] switch
            {
                "pv" => 1,
                "fav" => 2,
                "cart" => 3,
                "buy" => 4,
                _ => throw new InvalidDataException($"Unknown behaviour '{fields[3]}' in {path}: {line}"),
            };
            weights[(user, item)] = weights.GetValueOrDefault((user, item)) + weight;
        }

        var builder = new RatingMatrixBuilder<long, long>(RatingScale.Unbounded);
        foreach (var ((user, item), weight) in weights)
        {
            builder.Add(user, item, weight);
        }

        return builder.Build();
    }
}

using System.Globalization;

namespace NewRetail.CF.Benchmarks.Data;

/// <summary>
/// Locates and parses MovieLens 100K <c>u.data</c>: tab-separated <c>user item rating timestamp</c>, no header,
/// 100,000 lines with integer ratings from 1 to 5.
/// </summary>
/// <remarks>
/// The benchmarks parse the file themselves so that they depend only on the matrix builder, not on the library's
/// file readers.
/// </remarks>
public static class MovieLens100K
{
    public const string DataVariable = "NEWRETAIL_CF_DATA";

    /// <summary>
    /// Returns the data folder: NEWRETAIL_CF_DATA when set, otherwise <c>shared/data</c> beside the folder that contains
    /// NewRetail.CF.sln. BenchmarkDotNet runs each case from a build folder below the project, so the search walks up
    /// from the executable and from the working directory.
    /// </summary>
    public static string DataFolder
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable(DataVariable);
            if (!string.IsNullOrEmpty(configured))
            {
                return Path.GetFullPath(configured);
            }

            foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "NewRetail.CF.sln")) && directory.Parent is not null)
                    {
                        return Path.Combine(directory.Parent.FullName, "shared", "data");
                    }
                }
            }

            return Path.GetFullPath(Path.Combine("..", "shared", "data"));
        }
    }

    public static string RatingsPath => Path.Combine(DataFolder, "ml-100k", "u.data");

    public static bool IsAvailable => File.Exists(RatingsPath);

    /// <summary>Parses <c>u.data</c>. The timestamp column is ignored.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line does not have four tab-separated integer fields.</exception>
    public static RatingTriples Load()
    {
        string path = RatingsPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"MovieLens 100K not found at {path}. Set {DataVariable} to the folder that contains ml-100k/u.data.", path);
        }

        var users = new List<int>(100_000);
        var items = new List<int>(100_000);
        var ratings = new List<float>(100_000);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split('\t');
            if (fields.Length != 4
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int user)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int item)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int rating))
            {
                throw new InvalidDataException(
                    $"{path}, line {lineNumber}: expected four tab-separated integers (user, item, rating, timestamp), got \"{line}\".");
            }

            users.Add(user);
            items.Add(item);
            ratings.Add(rating);
        }

        return new RatingTriples("ml-100k", [.. users], [.. items], [.. ratings]);
    }
}

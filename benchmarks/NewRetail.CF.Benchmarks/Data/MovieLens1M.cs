using System.Globalization;

namespace NewRetail.CF.Benchmarks.Data;

/// <summary>
/// Locates and parses the 1M-scale MovieLens ratings: <c>ml-1m/derived-SVDApproximation/ratings_user_item_rating.tsv</c>
/// in the data folder, tab-separated <c>user item rating</c> with a header line, 1,000,209 lines with integer ratings
/// from 1 to 5 (6,040 users, 3,706 items).
/// </summary>
public static class MovieLens1M
{
    public static string RatingsPath => Path.Combine(MovieLens100K.DataFolder, "ml-1m", "derived-SVDApproximation", "ratings_user_item_rating.tsv");

    public static bool IsAvailable => File.Exists(RatingsPath);

    /// <summary>Parses the file, skipping its header line.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line after the header does not have three tab-separated integer fields.</exception>
    public static RatingTriples Load()
    {
        string path = RatingsPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The 1M-scale MovieLens ratings were not found at {path}. Set {MovieLens100K.DataVariable} to the folder that contains ml-1m/.", path);
        }

        var users = new List<int>(1_000_209);
        var items = new List<int>(1_000_209);
        var ratings = new List<float>(1_000_209);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split('\t');
            if (fields.Length != 3
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int user)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int item)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int rating))
            {
                throw new InvalidDataException(
                    $"{path}, line {lineNumber}: expected three tab-separated integers (user, item, rating), got \"{line}\".");
            }

            users.Add(user);
            items.Add(item);
            ratings.Add(rating);
        }

        return new RatingTriples("ml-1m", [.. users], [.. items], [.. ratings]);
    }
}

namespace NewRetail.CF.Tests.Infrastructure;

/// <summary>
/// Locates the real data sets. The folder comes from NEWRETAIL_CF_DATA, else from ../shared/data beside the
/// repository root. Tests that need a missing file are skipped with the reason, unless NEWRETAIL_CF_REQUIRE_DATA=1,
/// which turns the skip into a failure (CI sets it).
/// </summary>
public static class TestData
{
    public const string DataVariable = "NEWRETAIL_CF_DATA";
    public const string RequireVariable = "NEWRETAIL_CF_REQUIRE_DATA";

    public static string Root
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable(DataVariable);
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NewRetail.CF.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.Parent is null
                ? Path.GetFullPath("../shared/data")
                : Path.Combine(directory.Parent.FullName, "shared", "data");
        }
    }

    /// <summary>Returns the full path of a data file, or skips (or fails, when data is required) if it is missing.</summary>
    public static string Require(params string[] relativePath)
    {
        string path = Path.Combine([Root, .. relativePath]);
        if (File.Exists(path))
        {
            return path;
        }

        string reason = $"Data file not found: {path}. Set {DataVariable} to the folder that holds the data sets (see the README).";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            throw new FileNotFoundException(reason + $" {RequireVariable}=1 makes missing data a failure.", path);
        }

        Skip.If(true, reason);
        return path;
    }
}

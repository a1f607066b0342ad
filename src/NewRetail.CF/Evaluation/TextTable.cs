using System.Text;

namespace NewRetail.CF.Evaluation;

/// <summary>Formats rows of cells as left-aligned columns separated by two spaces.</summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        int columns = rows.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (int c = 0; c < row.Count; c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (int c = 0; c < row.Count; c++)
            {
                line.Append(c == row.Count - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append(Environment.NewLine);
        }

        return text.ToString();
    }
}

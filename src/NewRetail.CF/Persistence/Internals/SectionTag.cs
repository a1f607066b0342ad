using System.Text;

namespace NewRetail.CF.Persistence.Internals;

/// <summary>The four ASCII bytes that open each section of the content, read as a little-endian 32-bit number.</summary>
internal enum SectionTag : uint
{
    /// <summary>"USER": the user id map.</summary>
    Users = 'U' | ('S' << 8) | ('E' << 16) | ((uint)'R' << 24),

    /// <summary>"ITEM": the item id map.</summary>
    Items = 'I' | ('T' << 8) | ('E' << 16) | ((uint)'M' << 24),

    /// <summary>"MTRX": the rating scale and the ratings by user.</summary>
    Matrix = 'M' | ('T' << 8) | ('R' << 16) | ((uint)'X' << 24),

    /// <summary>"IKNO": the options of an implicit neighbourhood model.</summary>
    ImplicitKnnOptions = 'I' | ('K' << 8) | ('N' << 16) | ((uint)'O' << 24),

    /// <summary>"POPO": the options of a popularity model.</summary>
    PopularityOptions = 'P' | ('O' << 8) | ('P' << 16) | ((uint)'O' << 24),

    /// <summary>"NBRS": neighbour lists.</summary>
    Neighbors = 'N' | ('B' << 8) | ('R' << 16) | ((uint)'S' << 24),

    /// <summary>"BOPT": the options of a baseline model.</summary>
    BaselineOptions = 'B' | ('O' << 8) | ('P' << 16) | ((uint)'T' << 24),

    /// <summary>"BIAS": the global mean and the user and item biases.</summary>
    Biases = 'B' | ('I' << 8) | ('A' << 16) | ((uint)'S' << 24),

    /// <summary>"KNNO": the options of a user-based or item-based neighbourhood model.</summary>
    KnnOptions = 'K' | ('N' << 8) | ('N' << 16) | ((uint)'O' << 24),

    /// <summary>"DSIM": the upper triangle of a dense similarity matrix.</summary>
    DenseSimilarities = 'D' | ('S' << 8) | ('I' << 16) | ((uint)'M' << 24),
}

internal static class SectionTags
{
    /// <summary>Returns the tag as its four characters, with non-printable bytes in hexadecimal.</summary>
    public static string Name(SectionTag tag) => Name((uint)tag);

    public static string Name(uint tag)
    {
        var text = new StringBuilder(4);
        for (int shift = 0; shift < 32; shift += 8)
        {
            char c = (char)((tag >> shift) & 0xFF);
            text.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:X2}");
        }

        return text.ToString();
    }
}

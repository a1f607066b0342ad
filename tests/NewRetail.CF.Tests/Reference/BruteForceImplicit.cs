using NewRetail.CF.Data;
using NewRetail.CF.Implicit;

namespace NewRetail.CF.Tests.Reference;

/// <summary>
/// Obviously-correct implicit similarities and scores on dense arrays, written from the formulas with plain loops and
/// no sparse structure, accumulator, heap or float storage, as an oracle for the implicit neighbourhood models.
/// </summary>
/// <remarks>
/// A dense matrix is [feature, entity] with NaN for "no entry": [user, item] for item-based models, [item, user] for
/// user-based ones. A stored 0 is an entry without weight.
/// </remarks>
public static class BruteForceImplicit
{
    /// <summary>Returns the matrix as [user, item], NaN where there is no entry.</summary>
    public static double[,] ByUser<TUser, TItem>(RatingMatrix<TUser, TItem> ratings)
        where TUser : notnull
        where TItem : notnull
    {
        var dense = new double[ratings.Users.Count, ratings.Items.Count];
        for (int u = 0; u < ratings.Users.Count; u++)
        {
            for (int i = 0; i < ratings.Items.Count; i++)
            {
                dense[u, i] = ratings.TryGetRating(ratings.Users[u], ratings.Items[i], out float value) ? value : double.NaN;
            }
        }

        return dense;
    }

    public static double[,] Transpose(double[,] x)
    {
        var t = new double[x.GetLength(1), x.GetLength(0)];
        for (int a = 0; a < x.GetLength(0); a++)
        {
            for (int b = 0; b < x.GetLength(1); b++)
            {
                t[b, a] = x[a, b];
            }
        }

        return t;
    }

    /// <summary>Returns column <paramref name="entity"/> of <paramref name="x"/>.</summary>
    public static double[] Column(double[,] x, int entity)
    {
        var column = new double[x.GetLength(0)];
        for (int f = 0; f < column.Length; f++)
        {
            column[f] = x[f, entity];
        }

        return column;
    }

    /// <summary>
    /// Computes the similarity from a query vector over the features (NaN or 0: absent) to every entity of
    /// <paramref name="x"/>, with every statistic (df, idf, inverse frequency, mean length, N) taken from
    /// <paramref name="x"/> alone.
    /// </summary>
    public static double[] QuerySimilarities(double[,] x, double[] query, ImplicitKnnOptions options)
    {
        int features = x.GetLength(0);
        int entities = x.GetLength(1);
        bool sets = options.Similarity is ImplicitSimilarity.Jaccard or ImplicitSimilarity.ConditionalProbability or ImplicitSimilarity.LogLikelihood;

        // The value a model works with: 0 for no entry (NaN) or a stored 0, 1 under binary values, else the value.
        double Raw(double value)
        {
            if (!(value > 0))
            {
                return 0;
            }

            return options.BinaryValues ? 1 : value;
        }

        // Document frequency of each feature: how many entities have a positive value for it.
        var df = new int[features];
        for (int f = 0; f < features; f++)
        {
            for (int e = 0; e < entities; e++)
            {
                if (Raw(x[f, e]) > 0)
                {
                    df[f]++;
                }
            }
        }

        double Factor(int f) => options.InverseFrequency ? 1 / Math.Log(1 + df[f]) : 1;
        double Idf(int f) => Math.Log(entities) - Math.Log(1 + df[f]);

        var lengths = new double[entities];
        for (int e = 0; e < entities; e++)
        {
            for (int f = 0; f < features; f++)
            {
                lengths[e] += Raw(x[f, e]);
            }
        }

        double averageLength = lengths.Sum() / entities;

        // The query keeps only features that some entity has.
        var q = new double[features];
        double queryLength = 0;
        for (int f = 0; f < features; f++)
        {
            q[f] = df[f] > 0 ? Raw(query[f]) : 0;
            queryLength += q[f];
        }

        double Weight(double raw, double length, int f)
        {
            if (raw <= 0)
            {
                return 0;
            }

            if (sets)
            {
                return 1;
            }

            return options.Weighting switch
            {
                InteractionWeighting.TfIdf => Math.Sqrt(raw) * Idf(f),
                InteractionWeighting.Bm25 => raw * (options.K1 + 1) / ((options.K1 * (1 - options.B + (options.B * length / averageLength))) + raw) * Idf(f),
                _ => raw,
            };
        }

        int active = df.Count(d => d > 0);
        var result = new double[entities];
        for (int e = 0; e < entities; e++)
        {
            double dot = 0;
            double squaresQuery = 0;
            double squaresEntity = 0;
            double shared = 0;
            double union = 0;
            double sizeQuery = 0;
            double sizeEntity = 0;
            for (int f = 0; f < features; f++)
            {
                double a = Weight(q[f], queryLength, f);
                double b = Weight(Raw(x[f, e]), lengths[e], f);
                bool inQuery = q[f] > 0;
                bool inEntity = Raw(x[f, e]) > 0;
                double g = Factor(f);
                if (inQuery && inEntity)
                {
                    dot += g * a * b;
                    shared += g;
                }

                if (inQuery || inEntity)
                {
                    union += g;
                }

                if (inQuery)
                {
                    squaresQuery += g * a * a;
                    sizeQuery += g;
                }

                if (inEntity)
                {
                    squaresEntity += g * b * b;
                    sizeEntity += g;
                }
            }

            result[e] = options.Similarity switch
            {
                ImplicitSimilarity.DotProduct => dot,
                ImplicitSimilarity.Cosine => squaresQuery > 0 && squaresEntity > 0 ? dot / Math.Sqrt(squaresQuery * squaresEntity) : 0,
                ImplicitSimilarity.Jaccard => union > 0 ? shared / union : 0,
                ImplicitSimilarity.ConditionalProbability => sizeQuery > 0 && sizeEntity > 0 ? shared / (sizeQuery * Math.Pow(sizeEntity, options.Alpha)) : 0,
                _ => Dunning(shared, sizeQuery - shared, sizeEntity - shared, active - sizeQuery - sizeEntity + shared),
            };
        }

        return result;
    }

    /// <summary>G² in the entropy form 2·(Σ k ln k − Σ row ln row − Σ col ln col + N ln N), only for k11 above expectation.</summary>
    public static double Dunning(double k11, double k12, double k21, double k22)
    {
        static double XLogX(double v) => v > 0 ? v * Math.Log(v) : 0;

        double n = k11 + k12 + k21 + k22;
        if (k11 * n <= (k11 + k12) * (k11 + k21))
        {
            return 0;
        }

        double cells = XLogX(k11) + XLogX(k12) + XLogX(k21) + XLogX(k22);
        double rows = XLogX(k11 + k12) + XLogX(k21 + k22);
        double columns = XLogX(k11 + k21) + XLogX(k12 + k22);
        return 2 * (cells - rows - columns + XLogX(n));
    }

    /// <summary>Returns the similarity of every entity pair [from, to]; the diagonal is 0.</summary>
    public static double[,] PairSimilarities(double[,] x, ImplicitKnnOptions options)
    {
        int entities = x.GetLength(1);
        var similarities = new double[entities, entities];
        for (int e = 0; e < entities; e++)
        {
            var row = QuerySimilarities(x, Column(x, e), options);
            for (int other = 0; other < entities; other++)
            {
                similarities[e, other] = other == e ? 0 : row[other];
            }
        }

        return similarities;
    }

    /// <summary>Keeps the k largest positive values of <paramref name="row"/> (ties: lower index), optionally divided by the largest.</summary>
    public static List<(int Index, double Similarity)> TopK(double[] row, int k, bool normalizeByRowMax, int skip = -1)
    {
        var neighbors = Enumerable.Range(0, row.Length)
            .Where(index => index != skip && row[index] > 0)
            .Select(index => (Index: index, Similarity: row[index]))
            .OrderByDescending(pair => pair.Similarity)
            .ThenBy(pair => pair.Index)
            .Take(k)
            .ToList();
        if (normalizeByRowMax && neighbors.Count > 0)
        {
            double max = neighbors[0].Similarity;
            neighbors = neighbors.Select(pair => (pair.Index, pair.Similarity / max)).ToList();
        }

        return neighbors;
    }

    /// <summary>Returns row <paramref name="entity"/> of a pair matrix.</summary>
    public static double[] Row(double[,] pairs, int entity)
    {
        var row = new double[pairs.GetLength(1)];
        for (int other = 0; other < row.Length; other++)
        {
            row[other] = pairs[entity, other];
        }

        return row;
    }

    /// <summary>Item-based scores: score(i) = Σ_{j with w(j) &gt; 0} s_topk(j→i)·w(j).</summary>
    public static double[] ItemBasedScores(double[,] itemPairs, double[] weights, int k, bool normalizeByRowMax)
    {
        int items = weights.Length;
        var scores = new double[items];
        for (int j = 0; j < items; j++)
        {
            if (!(weights[j] > 0))
            {
                continue;
            }

            foreach (var (i, similarity) in TopK(Row(itemPairs, j), k, normalizeByRowMax))
            {
                scores[i] += similarity * weights[j];
            }
        }

        return scores;
    }

    /// <summary>User-based scores: score(i) = Σ_{v in the top k} s(v)·w(v,i), from the similarities of the query to every user.</summary>
    public static double[] UserBasedScores(double[,] byUser, double[] userSimilarities, int k, bool normalizeByRowMax, bool binary, int skip = -1)
    {
        int items = byUser.GetLength(1);
        var scores = new double[items];
        foreach (var (v, similarity) in TopK(userSimilarities, k, normalizeByRowMax, skip))
        {
            for (int i = 0; i < items; i++)
            {
                double value = byUser[v, i];
                if (value > 0)
                {
                    scores[i] += similarity * (binary ? 1 : value);
                }
            }
        }

        return scores;
    }

    /// <summary>Orders positive scores, highest first, ties by index.</summary>
    public static List<(int Index, double Score)> Rank(double[] scores, Func<int, bool> eligible)
        => Enumerable.Range(0, scores.Length)
            .Where(index => scores[index] > 0 && eligible(index))
            .Select(index => (index, scores[index]))
            .OrderByDescending(pair => pair.Item2)
            .ThenBy(pair => pair.index)
            .ToList();
}

namespace NewRetail.CF.Implicit;

/// <summary>A similarity between two items (or two users) computed from who interacted with what.</summary>
/// <remarks>
/// <para>The formulas use the terms of an item-based model: U_i is the set of users with a positive value for item i,
/// x(u,i) that value, and g(u) the factor of <see cref="ImplicitKnnOptions.InverseFrequency"/> (1 when it is off).
/// For a user-based model, swap the roles of users and items.</para>
/// <para>Set sizes are weighted by the same factor: |U_i| = Σ_{u∈U_i} g(u) and |U_i∩U_j| = Σ_{u∈U_i∩U_j} g(u).</para>
/// <para>Only similarities greater than 0 are stored, so a pair with no shared user is never a neighbour.</para>
/// </remarks>
public enum ImplicitSimilarity
{
    /// <summary>
    /// Cosine of the whole vectors: Σ_u g(u)·x(u,i)·x(u,j) / (‖x_i‖·‖x_j‖), with ‖x_i‖ = √(Σ_u g(u)·x(u,i)²) over
    /// every user of i, not only the shared ones. Values are the preference weights, 1 under
    /// <see cref="ImplicitKnnOptions.BinaryValues"/>, or the weighted values of <see cref="ImplicitKnnOptions.Weighting"/>.
    /// The default.
    /// </summary>
    Cosine = 0,

    /// <summary>
    /// The plain dot product Σ_u g(u)·x(u,i)·x(u,j), without normalisation. With <see cref="InteractionWeighting.Bm25"/>
    /// this is the item-item score of the BM25Recommender in the Python <c>implicit</c> library (benfred/implicit, <c>implicit/nearest_neighbours.py</c>).
    /// </summary>
    DotProduct,

    /// <summary>Jaccard index of the user sets: |U_i∩U_j| / (|U_i| + |U_j| − |U_i∩U_j|). Values other than 0 count as 1.</summary>
    Jaccard,

    /// <summary>
    /// Asymmetric conditional probability with damping: s(i→j) = |U_i∩U_j| / (|U_i|·|U_j|^α), α being
    /// <see cref="ImplicitKnnOptions.Alpha"/>. Values other than 0 count as 1.
    /// </summary>
    /// <remarks>
    /// The neighbour list of i ranks the j that users of i also chose. α = 0 gives P(j | i), which favours the most
    /// popular j; larger α divides more of that popularity out. Deshpande and Karypis, "Item-based top-N recommendation
    /// algorithms", ACM TOIS 22(1), 2004.
    /// </remarks>
    ConditionalProbability,

    /// <summary>
    /// Dunning's log-likelihood ratio G² on the 2×2 table of users with and without i and j:
    /// k11 = |U_i∩U_j|, k12 = |U_i| − k11, k21 = |U_j| − k11, k22 = N − |U_i| − |U_j| + k11, where N is the number of
    /// users with at least one interaction. G² = 2·Σ k·ln(k·N / (row total·column total)) over the four cells, with
    /// 0·ln 0 = 0.
    /// </summary>
    /// <remarks>
    /// <para>G² is large for pairs that co-occur much more, and also much less, often than chance. Only pairs that
    /// co-occur more often than expected (k11·N &gt; |U_i|·|U_j|) are kept; the others get 0.</para>
    /// <para>G² is unbounded, so a neighbour list's values depend on the data's size; set
    /// <see cref="ImplicitKnnOptions.NormalizeByRowMax"/> to put every item's list on a 0–1 scale.</para>
    /// <para>Dunning, "Accurate methods for the statistics of surprise and coincidence", Computational Linguistics
    /// 19(1), 1993. Values other than 0 count as 1, and <see cref="ImplicitKnnOptions.InverseFrequency"/> cannot be
    /// combined with it because the test needs whole counts.</para>
    /// </remarks>
    LogLikelihood,
}

/// <summary>A weighting of the interaction values before <see cref="ImplicitSimilarity.Cosine"/> or <see cref="ImplicitSimilarity.DotProduct"/>.</summary>
/// <remarks>
/// <para>The formulas follow the <c>tfidf_weight</c> and <c>bm25_weight</c> functions of the Python <c>implicit</c> library (benfred/implicit, <c>implicit/nearest_neighbours.py</c>), in the terms of an item-based model: an item is a document and its users are its terms. For a
/// user-based model, a user is a document and its items are the terms.</para>
/// <para>With n the number of items in the matrix and df(u) the number of items user u has a positive value for:
/// idf(u) = ln(n) − ln(1 + df(u)). A user who interacted with more than about n − 1 items gets idf ≤ 0 and so adds
/// nothing, or a negative amount, to the similarities.</para>
/// </remarks>
public enum InteractionWeighting
{
    /// <summary>No weighting: the values as stored, or 1 under <see cref="ImplicitKnnOptions.BinaryValues"/>. The default.</summary>
    None = 0,

    /// <summary>TF-IDF: x'(u,i) = √x(u,i)·idf(u).</summary>
    TfIdf,

    /// <summary>
    /// Okapi BM25: x'(u,i) = x(u,i)·(K1 + 1) / (K1·L(i) + x(u,i))·idf(u), with the length norm
    /// L(i) = (1 − B) + B·len(i)/avg(len), len(i) = Σ_u x(u,i) and avg(len) the mean of len over all items.
    /// K1 and B are <see cref="ImplicitKnnOptions.K1"/> and <see cref="ImplicitKnnOptions.B"/>.
    /// </summary>
    Bm25,
}

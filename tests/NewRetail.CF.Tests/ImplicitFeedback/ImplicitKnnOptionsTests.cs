using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.ImplicitFeedback;

/// <summary>Invalid options, invalid data and model names.</summary>
public class ImplicitKnnOptionsTests
{
    public static TheoryData<string, ImplicitKnnOptions, string> OutOfRange() => new()
    {
        { "k = 0", new ImplicitKnnOptions { MaxNeighbors = 0 }, nameof(ImplicitKnnOptions.MaxNeighbors) },
        { "k < 0", new ImplicitKnnOptions { MaxNeighbors = -3 }, nameof(ImplicitKnnOptions.MaxNeighbors) },
        { "alpha < 0", new ImplicitKnnOptions { Alpha = -0.1 }, nameof(ImplicitKnnOptions.Alpha) },
        { "alpha NaN", new ImplicitKnnOptions { Alpha = double.NaN }, nameof(ImplicitKnnOptions.Alpha) },
        { "alpha infinite", new ImplicitKnnOptions { Alpha = double.PositiveInfinity }, nameof(ImplicitKnnOptions.Alpha) },
        { "K1 < 0", new ImplicitKnnOptions { K1 = -1 }, nameof(ImplicitKnnOptions.K1) },
        { "K1 NaN", new ImplicitKnnOptions { K1 = double.NaN }, nameof(ImplicitKnnOptions.K1) },
        { "B > 1", new ImplicitKnnOptions { B = 1.5 }, nameof(ImplicitKnnOptions.B) },
        { "B NaN", new ImplicitKnnOptions { B = double.NaN }, nameof(ImplicitKnnOptions.B) },
        { "similarity", new ImplicitKnnOptions { Similarity = (ImplicitSimilarity)42 }, nameof(ImplicitKnnOptions.Similarity) },
        { "weighting", new ImplicitKnnOptions { Weighting = (InteractionWeighting)42 }, nameof(ImplicitKnnOptions.Weighting) },
        { "popularity", new ImplicitKnnOptions { PopularityMeasure = (PopularityMeasure)42 }, nameof(ImplicitKnnOptions.PopularityMeasure) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Fit_OptionOutOfRangeThrows(string reason, ImplicitKnnOptions options, string parameter)
    {
        var itemBased = () => new ImplicitItemKnn(options).Fit(ImplicitFixtures.Shop());
        var userBased = () => new ImplicitUserKnn(options).Fit(ImplicitFixtures.Shop());

        itemBased.Should().Throw<ArgumentOutOfRangeException>(reason).WithParameterName(parameter);
        userBased.Should().Throw<ArgumentOutOfRangeException>(reason).WithParameterName(parameter);
    }

    [Theory]
    [InlineData(ImplicitSimilarity.Jaccard, InteractionWeighting.TfIdf)]
    [InlineData(ImplicitSimilarity.ConditionalProbability, InteractionWeighting.Bm25)]
    [InlineData(ImplicitSimilarity.LogLikelihood, InteractionWeighting.TfIdf)]
    public void Fit_WeightingOfSetSimilarityThrows(ImplicitSimilarity similarity, InteractionWeighting weighting)
    {
        var act = () => new ImplicitItemKnn(new ImplicitKnnOptions { Similarity = similarity, Weighting = weighting }).Fit(ImplicitFixtures.Shop());

        act.Should().Throw<ArgumentException>().WithParameterName("Weighting").WithMessage("*Cosine or DotProduct*");
    }

    [Fact]
    public void Fit_LogLikelihoodWithInverseFrequencyThrows()
    {
        var act = () => new ImplicitUserKnn(new ImplicitKnnOptions { Similarity = ImplicitSimilarity.LogLikelihood, InverseFrequency = true }).Fit(ImplicitFixtures.Shop());

        act.Should().Throw<ArgumentException>().WithParameterName("InverseFrequency");
    }

    [Fact]
    public void Fit_NegativeValueThrows()
    {
        var ratings = Fixtures.Matrix(RatingScale.Unbounded, ("u1", "i1", 1), ("u2", "i7", -0.5));

        var act = () => new ImplicitItemKnn().Fit(ratings);

        var error = act.Should().Throw<RatingDataException>().WithMessage("*-0.5*user u2*item i7*negative*").Which;
        error.Field.Should().Be("rating");
        error.Value.Should().Be("-0.5");
    }

    [Fact]
    public void Fit_EmptyMatrixThrows()
    {
        var act = () => new ImplicitUserKnn().Fit(Fixtures.Matrix(ImplicitFixtures.Weights));

        act.Should().Throw<RatingDataException>().WithMessage("*empty*");
    }

    [Fact]
    public void Fit_AllZeroThrows()
    {
        var act = () => new ImplicitItemKnn().Fit(Fixtures.Matrix(ImplicitFixtures.Weights, ("u1", "i1", 0), ("u2", "i1", 0)));

        act.Should().Throw<RatingDataException>().WithMessage("*All 2 preference weights are 0*");
    }

    [Fact]
    public void Fit_NullMatrixThrows()
    {
        var act = () => new ImplicitItemKnn().Fit<string, string>(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("ratings");
    }

    [Fact]
    public void Fit_CancelledThrows()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var act = () => new ImplicitItemKnn().Fit(ImplicitFixtures.Shop(), cancellation.Token);

        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void MostPopular_RejectsNegativeValues()
    {
        var act = () => new MostPopular().Fit(Fixtures.Matrix(RatingScale.Unbounded, ("u1", "i1", -1)));

        act.Should().Throw<RatingDataException>();
    }

    [Fact]
    public void Name_Defaults()
    {
        new ImplicitItemKnn().Name.Should().Be("ImplicitItemKnn(cosine, k=50)");
    }

    [Fact]
    public void Name_EveryNonDefault()
    {
        var options = new ImplicitKnnOptions
        {
            Similarity = ImplicitSimilarity.ConditionalProbability,
            MaxNeighbors = 20,
            Alpha = 0.3,
            BinaryValues = true,
            InverseFrequency = true,
            NormalizeByRowMax = true,
            PopularityMeasure = PopularityMeasure.Weight,
        };

        new ImplicitUserKnn(options).Name.Should().Be("ImplicitUserKnn(conditional-probability, k=20, alpha=0.3, binary, inverse-frequency, row-max, popularity=weight)");
    }

    [Fact]
    public void Name_Bm25()
    {
        var options = new ImplicitKnnOptions { Similarity = ImplicitSimilarity.DotProduct, Weighting = InteractionWeighting.Bm25 };

        new ImplicitItemKnn(options).Name.Should().Be("ImplicitItemKnn(dot, k=50, bm25(k1=1.2, b=0.75))");
    }
}

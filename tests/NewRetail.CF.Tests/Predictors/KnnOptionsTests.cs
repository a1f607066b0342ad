using NewRetail.CF.Data;
using NewRetail.CF.Similarities;
using NewRetail.CF.Tests.Infrastructure;

namespace NewRetail.CF.Tests.Predictors;

public class KnnOptionsTests
{
    private static readonly RatingMatrix<string, string> Ratings = Fixtures.Table(
        "u1: 4 5 3 2 - -",
        "u2: 5 5 4 - 5 2",
        "u3: - 2 3 4 1 -",
        "u4: 3 - 2 1 4 5");

    public static TheoryData<KnnOptions, string> InvalidOptions => new()
    {
        { new KnnOptions { MaxNeighbors = 0 }, "MaxNeighbors" },
        { new KnnOptions { MinNeighbors = -1 }, "MinNeighbors" },
        { new KnnOptions { MaxNeighbors = 2, MinNeighbors = 3 }, "MinNeighbors" },
        { new KnnOptions { MinSupport = 0 }, "MinSupport" },
        { new KnnOptions { Shrinkage = -1 }, "Shrinkage" },
        { new KnnOptions { Shrinkage = double.NaN }, "Shrinkage" },
        { new KnnOptions { Centering = (Centering)42 }, "Centering" },
        { new KnnOptions { Weighting = (NeighborWeighting)42 }, "Weighting" },
        { new KnnOptions { UnknownIdFallback = (FallbackEstimate)42 }, "UnknownIdFallback" },
        { new KnnOptions { Baseline = new BaselineOptions { Epochs = -1 } }, "Epochs" },
        { new KnnOptions { Baseline = new BaselineOptions { UserRegularization = -1 } }, "UserRegularization" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Fit_InvalidOptionThrows(KnnOptions options, string parameter)
    {
        new UserKnn(options).Invoking(a => a.Fit(Ratings)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName(parameter);
    }

    [Fact]
    public void Fit_NullSimilarityThrows()
    {
        new UserKnn(new KnnOptions { Similarity = null! }).Invoking(a => a.Fit(Ratings)).Should().Throw<ArgumentNullException>().WithParameterName("Similarity");
    }

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new KnnOptions();

        options.MaxNeighbors.Should().Be(40);
        options.MinNeighbors.Should().Be(1);
        options.Similarity.Should().BeOfType<Pearson>();
        options.Centering.Should().Be(Centering.Mean);
        options.Weighting.Should().Be(NeighborWeighting.Signed);
        options.UnknownIdFallback.Should().Be(FallbackEstimate.TargetMean);
        options.TooFewNeighborsFallback.Should().Be(FallbackEstimate.TargetMean);
        options.Baseline.EffectiveEpochs.Should().Be(10);
        new BaselineOptions { Method = BaselineMethod.Sgd }.EffectiveEpochs.Should().Be(20);
    }

    [Theory]
    [InlineData(Centering.None, FallbackEstimate.GlobalMean, FallbackEstimate.GlobalMean)]
    [InlineData(Centering.Mean, FallbackEstimate.GlobalMean, FallbackEstimate.TargetMean)]
    [InlineData(Centering.ZScore, FallbackEstimate.GlobalMean, FallbackEstimate.TargetMean)]
    [InlineData(Centering.Baseline, FallbackEstimate.Baseline, FallbackEstimate.Baseline)]
    public void WithSurpriseFallbacks_PerCentring(Centering centering, FallbackEstimate unknown, FallbackEstimate tooFew)
    {
        var options = new KnnOptions { Centering = centering }.WithSurpriseFallbacks();

        options.UnknownIdFallback.Should().Be(unknown);
        options.TooFewNeighborsFallback.Should().Be(tooFew);
    }

    [Fact]
    public void Fit_ResultIndependentOfThreadCount()
    {
        var random = new Random(7);
        var builder = new RatingMatrixBuilder<int, int>(RatingScale.OneToFive);
        for (int u = 0; u < 120; u++)
        {
            for (int i = 0; i < 80; i++)
            {
                if (random.NextDouble() < 0.2)
                {
                    builder.Add(u, i, random.Next(1, 6));
                }
            }
        }

        var ratings = builder.Build();
        foreach (var metric in new[] { Similarity.Pearson, Similarity.Cosine, Similarity.PearsonBaseline })
        {
            var singleThread = new ItemKnn(new KnnOptions { Similarity = metric, MaxDegreeOfParallelism = 1 }).Fit(ratings);
            var allCores = new ItemKnn(new KnnOptions { Similarity = metric, MaxDegreeOfParallelism = 0 }).Fit(ratings);
            for (int u = 0; u < 120; u += 7)
            {
                for (int i = 0; i < 80; i++)
                {
                    allCores.Predict(u, i).Should().Be(singleThread.Predict(u, i));
                }
            }

            for (int a = 0; a < 80; a++)
            {
                for (int b = 0; b < 80; b++)
                {
                    allCores.Similarity(a, b).Should().Be(singleThread.Similarity(a, b));
                }
            }
        }
    }

    [Fact]
    public void Predict_ConcurrentReadsMatchSequential()
    {
        var model = new UserKnn(new KnnOptions { Similarity = Similarity.Pearson, MinSupport = 2 }).Fit(Ratings);
        string[] users = ["u1", "u2", "u3", "u4", "u9"];
        string[] items = ["i1", "i2", "i3", "i4", "i5", "i6", "i9"];
        var expected = users.SelectMany(u => items.Select(i => model.Predict(u, i))).ToArray();

        Parallel.For(0, 2000, n =>
        {
            int u = n % users.Length;
            int i = (n / users.Length) % items.Length;
            var p = model.Predict(users[u], items[i]);
            if (p != expected[(u * items.Length) + i])
            {
                throw new InvalidOperationException($"Prediction for ({users[u]}, {items[i]}) changed under concurrency.");
            }

            _ = model.Recommend(users[u], 3);
        });
    }

    [Fact]
    public void Name_DescribesOptions()
    {
        new UserKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxNeighbors = 20, Weighting = NeighborWeighting.PositiveOnly }).Name
            .Should().Be("UserKnn(cosine, k=20, mean, positive-only)");
    }
}

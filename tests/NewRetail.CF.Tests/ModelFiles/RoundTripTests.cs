using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>Save then load gives a model with the same arrays and bit-identical lists and predictions.</summary>
public class RoundTripTests
{
    /// <summary>Every valid combination of the implicit options that change the fit.</summary>
    public static TheoryData<ImplicitSimilarity, InteractionWeighting, bool, bool, bool, PopularityMeasure> ImplicitOptionCombinations()
    {
        var data = new TheoryData<ImplicitSimilarity, InteractionWeighting, bool, bool, bool, PopularityMeasure>();
        foreach (var similarity in Enum.GetValues<ImplicitSimilarity>())
        {
            foreach (var weighting in Enum.GetValues<InteractionWeighting>())
            {
                foreach (bool binary in new[] { false, true })
                {
                    foreach (bool inverse in new[] { false, true })
                    {
                        foreach (bool rowMax in new[] { false, true })
                        {
                            var options = Options(similarity, weighting, binary, inverse, rowMax, PopularityMeasure.Users);
                            if (IsValid(options))
                            {
                                var measure = (binary ^ rowMax) ? PopularityMeasure.Weight : PopularityMeasure.Users;
                                data.Add(similarity, weighting, binary, inverse, rowMax, measure);
                            }
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ImplicitOptionCombinations))]
    public void ItemKnn_AllOptions(ImplicitSimilarity similarity, InteractionWeighting weighting, bool binary, bool inverse, bool rowMax, PopularityMeasure measure)
    {
        var ratings = Random(30, 20, 0.25, seed: 3, StringId, StringId);
        var model = new ImplicitItemKnn(Options(similarity, weighting, binary, inverse, rowMax, measure)).Fit(ratings);

        var loaded = ModelStore.LoadImplicitItemKnn<string, string>(new MemoryStream(Bytes(s => ModelStore.Save(model, s))));

        loaded.Options.Should().Be(model.Options);
        ShouldEqualMatrix(loaded.Ratings, model.Ratings);
        ShouldEqualRanking(loaded.Popularity, model.Popularity);
        loaded.NeighborLists.Pointers.Should().Equal(model.NeighborLists.Pointers);
        loaded.NeighborLists.Indices.Should().Equal(model.NeighborLists.Indices);
        ShouldHaveSameBits(loaded.NeighborLists.Similarities, model.NeighborLists.Similarities, "similarities");
        loaded.ZeroEntryCount.Should().Be(model.ZeroEntryCount);
        ShouldRecommendIdentically(loaded, model, ratings, "nobody");
    }

    [Theory]
    [MemberData(nameof(ImplicitOptionCombinations))]
    public void UserKnn_AllOptions(ImplicitSimilarity similarity, InteractionWeighting weighting, bool binary, bool inverse, bool rowMax, PopularityMeasure measure)
    {
        var ratings = Random(30, 20, 0.25, seed: 4, IntId, LongId);
        var model = new ImplicitUserKnn(Options(similarity, weighting, binary, inverse, rowMax, measure)).Fit(ratings);

        var loaded = ModelStore.LoadImplicitUserKnn<int, long>(new MemoryStream(Bytes(s => ModelStore.Save(model, s))));

        loaded.Options.Should().Be(model.Options);
        ShouldEqualMatrix(loaded.Ratings, model.Ratings);
        ShouldEqualRanking(loaded.Popularity, model.Popularity);
        loaded.NeighborLists.Pointers.Should().Equal(model.NeighborLists.Pointers);
        loaded.NeighborLists.Indices.Should().Equal(model.NeighborLists.Indices);
        ShouldHaveSameBits(loaded.NeighborLists.Similarities, model.NeighborLists.Similarities, "similarities");
        ShouldHaveSameBits(loaded.Space.EntityValues, model.Space.EntityValues, "entity values");
        ShouldHaveSameBits(loaded.Space.FeatureValues, model.Space.FeatureValues, "feature values");
        ShouldHaveSameBits(loaded.Space.FeatureFactors, model.Space.FeatureFactors, "feature factors");
        ShouldRecommendIdentically(loaded, model, ratings, IntId(999));
    }

    [Theory]
    [InlineData(PopularityMeasure.Users)]
    [InlineData(PopularityMeasure.Weight)]
    public void Popularity_BothMeasures(PopularityMeasure measure)
    {
        var ratings = Random(30, 20, 0.25, seed: 5, GuidId, IntId);
        var model = new MostPopular(measure).Fit(ratings);

        var loaded = ModelStore.LoadPopularity<Guid, int>(new MemoryStream(Bytes(s => ModelStore.Save(model, s))));

        ShouldEqualMatrix(loaded.Ratings, model.Ratings);
        ShouldEqualRanking(loaded.Popularity, model.Popularity);
        ShouldRecommendIdentically(loaded, model, ratings, GuidId(999));
    }

    public static TheoryData<BaselineMethod, int?> BaselineOptionCombinations() => new()
    {
        { BaselineMethod.Als, null },
        { BaselineMethod.Als, 3 },
        { BaselineMethod.Sgd, null },
        { BaselineMethod.Sgd, 0 },
    };

    [Theory]
    [MemberData(nameof(BaselineOptionCombinations))]
    public void Baseline_AllOptions(BaselineMethod method, int? epochs)
    {
        var ratings = Random(30, 20, 0.25, seed: 6, LongId, StringId);
        var options = new BaselineOptions { Method = method, Epochs = epochs, UserRegularization = 7, LearningRate = 0.01 };
        var model = new BaselineOnly(options).Fit(ratings);

        var loaded = ModelStore.LoadBaseline<long, string>(new MemoryStream(Bytes(s => ModelStore.Save(model, s))));

        loaded.Options.Should().Be(model.Options);
        ShouldEqualMatrix(loaded.Ratings, model.Ratings);
        ShouldHaveSameBits(loaded.Biases.UserBiases, model.Biases.UserBiases, "user biases");
        ShouldHaveSameBits(loaded.Biases.ItemBiases, model.Biases.ItemBiases, "item biases");
        BitConverter.DoubleToInt64Bits(loaded.GlobalMean).Should().Be(BitConverter.DoubleToInt64Bits(model.GlobalMean));
        var users = ratings.Users.Ids.ToArray().Append(LongId(999)).ToArray();
        var items = ratings.Items.Ids.ToArray().Append("unknown").ToArray();
        foreach (long user in users)
        {
            foreach (string item in items)
            {
                loaded.Predict(user, item).Should().Be(model.Predict(user, item), $"({user}, {item})");
                BitConverter.DoubleToInt64Bits(loaded.Predict(user, item).Raw)
                    .Should().Be(BitConverter.DoubleToInt64Bits(model.Predict(user, item).Raw), $"({user}, {item})");
            }

            loaded.Recommend(user, 5).Should().Equal(model.Recommend(user, 5), $"user {user}");
        }
    }

    [Fact]
    public void Baseline_DivergedBiasesKept()
    {
        // A learning rate of 1e6 makes SGD overflow to infinity and then NaN within a few ratings.
        var ratings = Random(10, 8, 0.5, seed: 7, IntId, IntId);
        var model = new BaselineOnly(new BaselineOptions { Method = BaselineMethod.Sgd, LearningRate = 1e6 }).Fit(ratings);
        model.Biases.UserBiases.Should().Contain(double.NaN);

        var loaded = ModelStore.LoadBaseline<int, int>(new MemoryStream(Bytes(s => ModelStore.Save(model, s))));

        ShouldHaveSameBits(loaded.Biases.UserBiases, model.Biases.UserBiases, "user biases");
    }

    [Fact]
    public void File_RoundTrip()
    {
        var ratings = SmallStrings();
        var model = new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 3 }).Fit(ratings);
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.nrcf");
        try
        {
            ModelStore.Save(model, path);
            var loaded = ModelStore.LoadImplicitItemKnn<string, string>(path);

            ShouldRecommendIdentically(loaded, model, ratings, "nobody");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadTopN_EveryKind()
    {
        var ratings = SmallStrings();
        ITopNRecommender<string, string>[] models =
        [
            new ImplicitItemKnn().Fit(ratings),
            new ImplicitUserKnn().Fit(ratings),
            new MostPopular().Fit(ratings),
        ];
        var bytes = new[]
        {
            Bytes(s => ModelStore.Save((ImplicitItemKnnModel<string, string>)models[0], s)),
            Bytes(s => ModelStore.Save((ImplicitUserKnnModel<string, string>)models[1], s)),
            Bytes(s => ModelStore.Save((PopularityRecommender<string, string>)models[2], s)),
        };

        for (int m = 0; m < models.Length; m++)
        {
            var loaded = ModelStore.LoadTopN<string, string>(new MemoryStream(bytes[m]));

            loaded.GetType().Should().Be(models[m].GetType());
            ShouldRecommendIdentically(loaded, models[m], ratings, "nobody");
        }
    }

    [Fact]
    public void Stream_ModelsBackToBack()
    {
        var ratings = SmallStrings();
        var first = new MostPopular().Fit(ratings);
        var second = new ImplicitItemKnn().Fit(ratings);
        using var stream = new MemoryStream();
        ModelStore.Save(first, stream);
        ModelStore.Save(second, stream);
        long end = stream.Position;
        stream.Position = 0;

        ModelStore.LoadPopularity<string, string>(stream);
        var loaded = ModelStore.LoadImplicitItemKnn<string, string>(stream);

        stream.Position.Should().Be(end);
        ShouldRecommendIdentically(loaded, second, ratings, "nobody");
    }

    [Fact]
    public void ForwardOnlyStream_Loads()
    {
        var ratings = SmallStrings();
        var model = new ImplicitUserKnn(new ImplicitKnnOptions { Weighting = InteractionWeighting.Bm25 }).Fit(ratings);

        var loaded = ModelStore.LoadImplicitUserKnn<string, string>(new ForwardOnlyStream(Bytes(s => ModelStore.Save(model, s))));

        ShouldRecommendIdentically(loaded, model, ratings, "nobody");
    }

    [Fact]
    public void CustomOrder_NeedsComparer()
    {
        // Descending item ids: index 0 is the largest id.
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        var builder = new RatingMatrixBuilder<int, int>(Weights, itemOrder: descending);
        builder.Add(1, 10, 1);
        builder.Add(1, 20, 2);
        builder.Add(2, 20, 3);
        builder.Add(2, 30, 1);
        var ratings = builder.Build();
        var model = new ImplicitItemKnn().Fit(ratings);
        var bytes = Bytes(s => ModelStore.Save(model, s));

        var withoutComparer = () => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes));
        var withOtherComparer = () => ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes), itemOrder: Comparer<int>.Default);
        var loaded = ModelStore.LoadImplicitItemKnn<int, int>(new MemoryStream(bytes), itemOrder: descending);

        withoutComparer.Should().Throw<ModelFormatException>().Which.Reason.Should().Be(ModelFormatError.IdOrderMismatch);
        withOtherComparer.Should().Throw<ModelFormatException>().Which.Reason.Should().Be(ModelFormatError.IdOrderMismatch);
        loaded.Ratings.Items.Ids.ToArray().Should().Equal(30, 20, 10);
        ShouldRecommendIdentically(loaded, model, ratings, 99);
    }

    [Fact]
    public void ReadHeader_DescribesFile()
    {
        var model = new ImplicitUserKnn().Fit(Random(5, 5, 0.6, seed: 8, LongId, GuidId));
        var bytes = Bytes(s => ModelStore.Save(model, s));

        var header = ModelStore.ReadHeader(new MemoryStream(bytes));

        header.FormatVersion.Should().Be(1);
        header.Kind.Should().Be(ModelKind.ImplicitUserKnn);
        header.UserIdType.Should().Be<long>();
        header.ItemIdType.Should().Be<Guid>();
        header.ContentLength.Should().Be(bytes.Length - 28 - 4);
    }

    [Fact]
    public void Save_SameBytesTwice()
    {
        var model = new ImplicitItemKnn().Fit(SmallStrings());

        Bytes(s => ModelStore.Save(model, s)).Should().Equal(Bytes(s => ModelStore.Save(model, s)));
    }

    private static ImplicitKnnOptions Options(
        ImplicitSimilarity similarity, InteractionWeighting weighting, bool binary, bool inverse, bool rowMax, PopularityMeasure measure) => new()
        {
            Similarity = similarity,
            Weighting = weighting,
            BinaryValues = binary,
            InverseFrequency = inverse,
            NormalizeByRowMax = rowMax,
            PopularityMeasure = measure,
            MaxNeighbors = 4,
            Alpha = 0.3,
            K1 = 1.5,
            B = 0.6,
            MaxDegreeOfParallelism = 2,
        };

    private static bool IsValid(ImplicitKnnOptions options)
    {
        try
        {
            new ImplicitItemKnn(options).Fit(SmallStrings());
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

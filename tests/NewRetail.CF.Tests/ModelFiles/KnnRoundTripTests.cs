using System.Buffers.Binary;
using NewRetail.CF.Data;
using NewRetail.CF.Persistence;
using NewRetail.CF.Similarities;
using static NewRetail.CF.Tests.ModelFiles.KnnFileFixtures;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>
/// Save then load of user-based and item-based models gives the same stored parts and bit-identical predictions,
/// lists and similarities, and saving gives the same bytes every time.
/// </summary>
public class KnnRoundTripTests
{
    /// <summary>Every built-in metric, and PearsonBaseline with a shrinkage other than the shared instance's.</summary>
    private static readonly Dictionary<string, SimilarityMetric> Metrics = new()
    {
        ["cosine"] = Similarity.Cosine,
        ["pearson"] = Similarity.Pearson,
        ["pearson-overall-means"] = Similarity.PearsonOverallMeans,
        ["msd"] = Similarity.MeanSquaredDifference,
        ["jaccard"] = Similarity.Jaccard,
        ["adjusted-cosine"] = Similarity.AdjustedCosine,
        ["pearson-baseline"] = Similarity.PearsonBaseline,
        ["pearson-baseline-25"] = new PearsonBaseline(25),
    };

    public static TheoryData<string, bool, bool> MetricCases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (string metric in Metrics.Keys)
        {
            foreach (bool userBased in new[] { true, false })
            {
                foreach (bool stored in new[] { false, true })
                {
                    data.Add(metric, userBased, stored);
                }
            }
        }

        return data;
    }

    public static TheoryData<Centering, NeighborWeighting, bool, bool> CenteringCases()
    {
        var data = new TheoryData<Centering, NeighborWeighting, bool, bool>();
        foreach (var centering in Enum.GetValues<Centering>())
        {
            foreach (var weighting in Enum.GetValues<NeighborWeighting>())
            {
                foreach (bool userBased in new[] { true, false })
                {
                    foreach (bool stored in new[] { false, true })
                    {
                        data.Add(centering, weighting, userBased, stored);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Each fallback once as the unknown-id fallback and once as the too-few-neighbours fallback.</summary>
    public static TheoryData<FallbackEstimate, FallbackEstimate, bool, bool> FallbackCases()
    {
        var data = new TheoryData<FallbackEstimate, FallbackEstimate, bool, bool>();
        var fallbacks = Enum.GetValues<FallbackEstimate>();
        for (int f = 0; f < fallbacks.Length; f++)
        {
            foreach (bool userBased in new[] { true, false })
            {
                foreach (bool stored in new[] { false, true })
                {
                    data.Add(fallbacks[f], fallbacks[(f + 1) % fallbacks.Length], userBased, stored);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MetricCases))]
    public void Metric_RoundTrip(string metric, bool userBased, bool stored)
    {
        var options = new KnnOptions
        {
            Similarity = Metrics[metric],
            MaxNeighbors = 4,
            MaxStoredNeighbors = stored ? 6 : null,
            MaxDegreeOfParallelism = 2,
        };

        RoundTrip(Stars(25, 18, 0.35, seed: 21, StringId, IntId), options, userBased, "nobody", -1);
    }

    [Theory]
    [MemberData(nameof(CenteringCases))]
    public void Centering_RoundTrip(Centering centering, NeighborWeighting weighting, bool userBased, bool stored)
    {
        var options = new KnnOptions
        {
            Centering = centering,
            Weighting = weighting,
            MaxNeighbors = 3,
            MaxStoredNeighbors = stored ? 5 : null,
            MinSupport = 2,
            Shrinkage = 10,
        };

        RoundTrip(Stars(25, 18, 0.35, seed: 22, LongId, GuidId), options, userBased, LongId(999), GuidId(999));
    }

    [Theory]
    [MemberData(nameof(FallbackCases))]
    public void Fallback_RoundTrip(FallbackEstimate unknownId, FallbackEstimate tooFewNeighbors, bool userBased, bool stored)
    {
        // MinNeighbors = 3 makes many predictions fall back; SGD baselines with a set epoch count cover the BOPT fields.
        var options = new KnnOptions
        {
            UnknownIdFallback = unknownId,
            TooFewNeighborsFallback = tooFewNeighbors,
            MinNeighbors = 3,
            MaxNeighbors = 5,
            MaxStoredNeighbors = stored ? 4 : null,
            Similarity = Similarity.Cosine,
            Baseline = new BaselineOptions { Method = BaselineMethod.Sgd, Epochs = 7, LearningRate = 0.01, SgdRegularization = 0.05 },
        };

        var model = RoundTrip(Stars(25, 18, 0.35, seed: 23, IntId, StringId), options, userBased, IntId(999), "unknown");

        var reasons = model.Ratings.Users.Ids.ToArray()
            .SelectMany(user => model.Ratings.Items.Ids.ToArray().Select(item => model.Predict(user, item).Reason));
        reasons.Should().Contain(ImpossibleReason.TooFewNeighbors, "the too-few-neighbours fallback must be exercised");
    }

    [Fact]
    public void Default_RoundTripOnRealScale()
    {
        // Ratings in quarter steps on a 0-10 scale with stored zeros, and the default options (Pearson, k = 40).
        var ratings = Random(30, 20, 0.3, seed: 24, GuidId, LongId);

        RoundTrip(ratings, new KnnOptions(), userBased: true, GuidId(999), LongId(999));
        RoundTrip(ratings, new KnnOptions(), userBased: false, GuidId(999), LongId(999));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Save_SameBytesTwice(bool userBased, bool stored)
    {
        var model = Fit(Stars(12, 9, 0.4, seed: 25, StringId, StringId), Options(stored), userBased);

        Save(model).Should().Equal(Save(model));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void SaveLoadSave_SameBytes(bool userBased, bool stored)
    {
        var model = Fit(Stars(12, 9, 0.4, seed: 26, StringId, StringId), Options(stored), userBased);
        var bytes = Save(model);

        var loaded = Load<string, string>(bytes, userBased);

        Save(loaded).Should().Equal(bytes);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void FitTwice_SameBytes(bool userBased, bool stored)
    {
        // Two fits run in parallel with different thread timing; the same data and options must give the same file.
        var ratings = Stars(40, 30, 0.3, seed: 27, IntId, IntId);

        Save(Fit(ratings, Options(stored), userBased)).Should().Equal(Save(Fit(ratings, Options(stored), userBased)));
    }

    [Theory]
    [InlineData(true, false, "USER ITEM MTRX KNNO BOPT BIAS DSIM")]
    [InlineData(false, true, "USER ITEM MTRX KNNO BOPT NBRS")]
    public void Sections_InOrder(bool baseline, bool stored, string expected)
    {
        var options = Options(stored) with { Centering = baseline ? Centering.Baseline : Centering.Mean };
        var model = Fit(Stars(6, 5, 0.6, seed: 28, IntId, IntId), options, userBased: false);

        string.Join(' ', SectionTags(Save(model))).Should().Be(expected);
    }

    [Fact]
    public void OptionsSection_Layout()
    {
        var options = new KnnOptions
        {
            MaxNeighbors = 7,
            MinNeighbors = 2,
            Similarity = new PearsonBaseline(12.5),
            MinSupport = 3,
            Shrinkage = 4.25,
            Centering = Centering.ZScore,
            Weighting = NeighborWeighting.PositiveOnly,
            UnknownIdFallback = FallbackEstimate.ItemMean,
            TooFewNeighborsFallback = FallbackEstimate.Baseline,
            MaxStoredNeighbors = 9,
            MaxDegreeOfParallelism = 3,
        };
        var bytes = Save(Fit(Stars(6, 5, 0.6, seed: 29, IntId, IntId), options, userBased: true));
        int payload = PayloadOffset(bytes, "KNNO");
        var knno = bytes.AsSpan(payload);

        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(payload - 8)).Should().Be(44, "payload length");
        BinaryPrimitives.ReadInt32LittleEndian(knno).Should().Be(7, "MaxNeighbors");
        BinaryPrimitives.ReadInt32LittleEndian(knno[4..]).Should().Be(2, "MinNeighbors");
        knno[8].Should().Be(5, "metric code of PearsonBaseline");
        knno[9].Should().Be(0, "Pearson centring");
        BinaryPrimitives.ReadDoubleLittleEndian(knno[10..]).Should().Be(12.5, "metric shrinkage");
        knno[18].Should().Be(1, "MinSupport flag");
        BinaryPrimitives.ReadInt32LittleEndian(knno[19..]).Should().Be(3, "MinSupport");
        BinaryPrimitives.ReadDoubleLittleEndian(knno[23..]).Should().Be(4.25, "Shrinkage");
        knno[31].Should().Be(2, "ZScore");
        knno[32].Should().Be(1, "PositiveOnly");
        knno[33].Should().Be(3, "ItemMean");
        knno[34].Should().Be(4, "Baseline fallback");
        knno[35].Should().Be(1, "MaxStoredNeighbors flag");
        BinaryPrimitives.ReadInt32LittleEndian(knno[36..]).Should().Be(9, "MaxStoredNeighbors");
        BinaryPrimitives.ReadInt32LittleEndian(knno[40..]).Should().Be(3, "MaxDegreeOfParallelism");
    }

    [Fact]
    public void DenseSection_UpperTriangleByRow()
    {
        // Items 1-3 rated by users 1-3; the cosines over co-rated users are worked out by hand:
        // (1,2): users 1, 2: (1·2 + 2·2) / √((1 + 4)(4 + 4)) = 6/√40; (1,3): user 2 only: 2·4 / (2·4) = 1;
        // (2,3): users 2, 3: (2·4 + 3·1) / √((4 + 9)(16 + 1)) = 11/√221.
        var builder = new RatingMatrixBuilder<int, int>(new RatingScale(1, 5));
        builder.Add(1, 1, 1);
        builder.Add(1, 2, 2);
        builder.Add(2, 1, 2);
        builder.Add(2, 2, 2);
        builder.Add(2, 3, 4);
        builder.Add(3, 2, 3);
        builder.Add(3, 3, 1);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MinSupport = 1 }).Fit(builder.Build());
        var bytes = Save(model);
        int payload = PayloadOffset(bytes, "DSIM");

        BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(payload - 8)).Should().Be(4 + (3 * 4), "n, then n(n - 1)/2 values");
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(payload)).Should().Be(3);
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(payload + 4)).Should().BeApproximately((float)(6 / Math.Sqrt(40)), 1e-6f, "S(1,2)");
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(payload + 8)).Should().BeApproximately(1f, 1e-6f, "S(1,3)");
        BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(payload + 12)).Should().BeApproximately((float)(11 / Math.Sqrt(221)), 1e-6f, "S(2,3)");
    }

    [Fact]
    public void File_RoundTrip()
    {
        var ratings = Stars(12, 9, 0.4, seed: 30, StringId, StringId);
        var model = new UserKnn(Options(stored: false)).Fit(ratings);
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.nrcf");
        try
        {
            ModelStore.Save(model, path);
            var loaded = ModelStore.LoadUserKnn<string, string>(path);

            ShouldBehaveIdentically(loaded, model, "nobody", "nothing");
            File.ReadAllBytes(path).Should().Equal(Save(model));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadRecommender_EveryKind()
    {
        var ratings = Stars(12, 9, 0.4, seed: 31, StringId, StringId);
        var baseline = new BaselineOnly().Fit(ratings);
        var users = new UserKnn().Fit(ratings);
        var items = new ItemKnn(Options(stored: true)).Fit(ratings);
        var files = new (IRecommender<string, string> Model, byte[] Bytes)[]
        {
            (baseline, Bytes(s => ModelStore.Save(baseline, s))),
            (users, Save(users)),
            (items, Save(items)),
        };

        foreach (var (model, bytes) in files)
        {
            var loaded = ModelStore.LoadRecommender<string, string>(new MemoryStream(bytes));

            loaded.GetType().Should().Be(model.GetType());
            foreach (string user in ratings.Users.Ids.ToArray())
            {
                foreach (string item in ratings.Items.Ids.ToArray())
                {
                    loaded.Predict(user, item).Should().Be(model.Predict(user, item), $"{model.GetType().Name} ({user}, {item})");
                }

                ShouldBeIdentical(loaded.Recommend(user, 4), model.Recommend(user, 4), $"{model.GetType().Name} user {user}");
            }
        }
    }

    [Fact]
    public void CustomOrder_NeedsComparer()
    {
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        var builder = new RatingMatrixBuilder<int, int>(new RatingScale(1, 5), itemOrder: descending);
        builder.Add(1, 10, 1);
        builder.Add(1, 20, 2);
        builder.Add(2, 20, 3);
        builder.Add(2, 30, 1);
        builder.Add(3, 10, 4);
        builder.Add(3, 30, 5);
        var model = new ItemKnn(new KnnOptions { Similarity = Similarity.Cosine, MaxStoredNeighbors = 1 }).Fit(builder.Build());
        var bytes = Save(model);

        var withoutComparer = () => ModelStore.LoadItemKnn<int, int>(new MemoryStream(bytes));
        var loaded = ModelStore.LoadItemKnn<int, int>(new MemoryStream(bytes), itemOrder: descending);

        withoutComparer.Should().Throw<ModelFormatException>().Which.Reason.Should().Be(ModelFormatError.IdOrderMismatch);
        loaded.Ratings.Items.Ids.ToArray().Should().Equal(30, 20, 10);
        ShouldBehaveIdentically(loaded, model, 99, 99);
    }

    [Fact]
    public void ForwardOnlyStream_Loads()
    {
        var model = new ItemKnn(Options(stored: false)).Fit(Stars(12, 9, 0.4, seed: 32, StringId, StringId));

        var loaded = ModelStore.LoadItemKnn<string, string>(new ForwardOnlyStream(Save(model)));

        ShouldBehaveIdentically(loaded, model, "nobody", "nothing");
    }

    [Fact]
    public void Stream_ModelsBackToBack()
    {
        var ratings = Stars(12, 9, 0.4, seed: 33, StringId, StringId);
        var first = new UserKnn(Options(stored: true)).Fit(ratings);
        var second = new ItemKnn(Options(stored: false)).Fit(ratings);
        using var stream = new MemoryStream();
        ModelStore.Save(first, stream);
        ModelStore.Save(second, stream);
        stream.Position = 0;

        var loadedFirst = ModelStore.LoadUserKnn<string, string>(stream);
        var loadedSecond = ModelStore.LoadItemKnn<string, string>(stream);

        stream.Position.Should().Be(stream.Length);
        ShouldBehaveIdentically(loadedFirst, first, "nobody", "nothing");
        ShouldBehaveIdentically(loadedSecond, second, "nobody", "nothing");
    }

    [Fact]
    public void ReadHeader_NewKinds()
    {
        var ratings = Stars(6, 5, 0.6, seed: 34, LongId, GuidId);

        ModelStore.ReadHeader(new MemoryStream(Save(new UserKnn().Fit(ratings)))).Kind.Should().Be(ModelKind.UserKnn);
        ModelStore.ReadHeader(new MemoryStream(Save(new ItemKnn().Fit(ratings)))).Kind.Should().Be(ModelKind.ItemKnn);
        ((int)ModelKind.UserKnn).Should().Be(5);
        ((int)ModelKind.ItemKnn).Should().Be(6);
    }

    [Fact]
    public void CustomMetric_NotSaved()
    {
        var ratings = Stars(6, 5, 0.6, seed: 35, IntId, IntId);
        var model = new ItemKnn(new KnnOptions { Similarity = new OverlapCount() }).Fit(ratings);
        using var stream = new MemoryStream();
        string path = Path.Combine(Path.GetTempPath(), $"newretail-cf-{Guid.NewGuid():N}.nrcf");

        var toStream = () => ModelStore.Save(model, stream);
        var toFile = () => ModelStore.Save(model, path);

        toStream.Should().Throw<NotSupportedException>().WithMessage($"*{typeof(OverlapCount).FullName}*only the built-in metrics can be saved*");
        stream.Length.Should().Be(0);
        toFile.Should().Throw<NotSupportedException>();
        File.Exists(path).Should().BeFalse();
    }

    private static KnnOptions Options(bool stored) => new()
    {
        Similarity = Similarity.Pearson,
        MaxNeighbors = 3,
        MaxStoredNeighbors = stored ? 4 : null,
    };

    private static KnnModel<TUser, TItem> Fit<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, KnnOptions options, bool userBased)
        where TUser : notnull
        where TItem : notnull
        => userBased ? new UserKnn(options).Fit(ratings) : new ItemKnn(options).Fit(ratings);

    private static byte[] Save<TUser, TItem>(KnnModel<TUser, TItem> model)
        where TUser : notnull
        where TItem : notnull
        => model switch
        {
            UserKnnModel<TUser, TItem> users => Bytes(s => ModelStore.Save(users, s)),
            _ => Bytes(s => ModelStore.Save((ItemKnnModel<TUser, TItem>)model, s)),
        };

    private static KnnModel<TUser, TItem> Load<TUser, TItem>(byte[] bytes, bool userBased)
        where TUser : notnull
        where TItem : notnull
        => userBased
            ? ModelStore.LoadUserKnn<TUser, TItem>(new MemoryStream(bytes))
            : ModelStore.LoadItemKnn<TUser, TItem>(new MemoryStream(bytes));

    /// <summary>Fits, saves and loads a model, compares the copy with the original, and returns the original.</summary>
    private static KnnModel<TUser, TItem> RoundTrip<TUser, TItem>(RatingMatrix<TUser, TItem> ratings, KnnOptions options, bool userBased, TUser unknownUser, TItem unknownItem)
        where TUser : notnull
        where TItem : notnull
    {
        var model = Fit(ratings, options, userBased);

        var loaded = Load<TUser, TItem>(Save(model), userBased);

        ShouldBehaveIdentically(loaded, model, unknownUser, unknownItem);
        return model;
    }

    /// <summary>A metric outside the library: the number of co-rated entries.</summary>
    private sealed class OverlapCount : SimilarityMetric
    {
        public override string Name => "overlap";

        public override SimilarityStatistics Statistics => SimilarityStatistics.Count;

        public override double Compute(in PairStatistics statistics) => statistics.Count;
    }
}

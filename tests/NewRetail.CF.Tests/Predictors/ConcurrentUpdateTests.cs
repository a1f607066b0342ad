using System.Collections.Concurrent;

namespace NewRetail.CF.Tests.Predictors;

/// <summary>
/// Readers calling Predict and Recommend on a <see cref="VersionedModel{TModel}"/> while another thread applies
/// updates and publishes versions. Each result must equal, bit for bit, the result of the version the reader took.
/// </summary>
public class ConcurrentUpdateTests
{
    private const int Versions = 12;
    private const int Readers = 4;

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 5)]
    public async Task ReadersDuringUpdates_SeeWholeVersions(bool userBased, int stored)
    {
        var options = new KnnOptions { MaxNeighbors = 6, MaxStoredNeighbors = stored == 0 ? null : stored };
        var data = ModelUpdateTests.TestData.Random(users: 80, items: 50, density: 0.2, seed: 17, fractional: false);
        KnnModel<string, string> first = userBased ? new UserKnn(options).Fit(data.Build()) : new ItemKnn(options).Fit(data.Build());

        // 1. The batches, and the results of every version computed one at a time beforehand.
        var batches = new List<RatingChanges<string, string>>();
        var expected = new List<Answers> { Answers.Of(first) };
        var model = first;
        for (int v = 1; v < Versions; v++)
        {
            var batch = data.RandomChanges(500 + v, fractional: false);
            batches.Add(batch);
            model = Apply(model, batch);
            expected.Add(Answers.Of(model));
        }

        expected.Select(a => a.Fingerprint).Distinct().Count().Should().Be(Versions, "every version must answer differently, or a mixed read could go unseen");

        // 2. The same batches applied by one updater while readers check every result against its version.
        var holder = new VersionedModel<KnnModel<string, string>>(first);
        var failures = new ConcurrentQueue<string>();
        long reads = 0;
        var versionsSeen = new ConcurrentDictionary<long, bool>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var readersStarted = new CountdownEvent(Readers);
        var updater = Task.Run(() =>
        {
            // Readers overlap every version: the updater starts when all readers run, and publishes the next version
            // only after a reader has seen the current one (or the run's time is up).
            readersStarted.Wait(stop.Token);
            foreach (var batch in batches)
            {
                while (!versionsSeen.ContainsKey(holder.Current.Version) && !stop.IsCancellationRequested)
                {
                    Thread.Sleep(1);
                }

                holder.Update(m => Apply(m, batch));
            }
        });

        var readers = Enumerable.Range(0, Readers).Select(r => Task.Run(() =>
        {
            readersStarted.Signal();
            var random = new Random(r);
            while (!stop.IsCancellationRequested && (!updater.IsCompleted || Interlocked.Read(ref reads) < 2_000))
            {
                var snapshot = holder.Current;
                versionsSeen[snapshot.Version] = true;
                var answers = expected[(int)snapshot.Version - 1];
                int query = random.Next(answers.Queries.Count);
                var (user, item) = answers.Queries[query];
                var prediction = snapshot.Model.Predict(user, item);
                if (BitConverter.DoubleToInt64Bits(prediction.Raw) != answers.Predictions[query])
                {
                    failures.Enqueue($"version {snapshot.Version}: prediction ({user}, {item}) {prediction.Raw:R}");
                }

                var top = string.Join(",", snapshot.Model.Recommend(user, 5).Select(s => $"{s.Item}:{s.Score:R}"));
                if (top != answers.Top[user])
                {
                    failures.Enqueue($"version {snapshot.Version}: top-5 of {user}");
                }

                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        await Task.WhenAll([updater, .. readers]);

        failures.Should().BeEmpty();
        stop.IsCancellationRequested.Should().BeFalse("the run is bounded at 20 s and should end well before");
        holder.Current.Version.Should().Be(Versions);
        versionsSeen.Count.Should().BeGreaterThanOrEqualTo(Versions - 1, "readers see every version, the last one perhaps only after the updater ends");
        Interlocked.Read(ref reads).Should().BeGreaterThanOrEqualTo(2_000);
    }

    [Fact]
    public void Update_ThatThrows_PublishesNothing()
    {
        var data = ModelUpdateTests.TestData.Random(users: 10, items: 8, density: 0.4, seed: 2, fractional: false);
        var holder = new VersionedModel<ItemKnnModel<string, string>>(new ItemKnn().Fit(data.Build()));
        var before = holder.Current;

        var act = () => holder.Update(m => m.ForgetUser("nobody"));

        act.Should().Throw<ArgumentException>().WithMessage("*nobody*not in the model*");
        holder.Current.Should().BeSameAs(before);
    }

    [Fact]
    public void Update_ReturningNull_Throws()
    {
        var data = ModelUpdateTests.TestData.Random(users: 10, items: 8, density: 0.4, seed: 2, fractional: false);
        var holder = new VersionedModel<ItemKnnModel<string, string>>(new ItemKnn().Fit(data.Build()));

        var act = () => holder.Update(_ => null!);

        act.Should().Throw<InvalidOperationException>().WithMessage("*returned null*");
        holder.Current.Version.Should().Be(1);
    }

    [Fact]
    public void Publish_NumbersVersions()
    {
        var data = ModelUpdateTests.TestData.Random(users: 10, items: 8, density: 0.4, seed: 2, fractional: false);
        var first = new ItemKnn().Fit(data.Build());
        var holder = new VersionedModel<ItemKnnModel<string, string>>(first);

        var second = holder.Publish(new ItemKnn().Fit(data.Build()));

        second.Version.Should().Be(2);
        holder.Current.Should().BeSameAs(second);
        second.Model.Should().NotBeSameAs(first);
    }

    private static KnnModel<string, string> Apply(KnnModel<string, string> model, RatingChanges<string, string> batch) => model switch
    {
        UserKnnModel<string, string> user => user.Update(batch),
        ItemKnnModel<string, string> item => item.Update(batch),
        _ => throw new InvalidOperationException("Unknown model type."),
    };

    /// <summary>Fixed queries and one version's answers to them.</summary>
    private sealed record Answers(List<(string User, string Item)> Queries, long[] Predictions, Dictionary<string, string> Top, string Fingerprint)
    {
        public static Answers Of(KnnModel<string, string> model)
        {
            // Queries over ids that every version contains, plus ids that only some versions contain.
            var queries = new List<(string, string)>();
            for (int u = 0; u < 80; u += 3)
            {
                for (int i = 0; i < 50; i += 4)
                {
                    queries.Add(($"u{u:D2}", $"i{i:D2}"));
                }
            }

            queries.Add(("new-user-501", "i01"));
            var predictions = queries.Select(q => BitConverter.DoubleToInt64Bits(model.Predict(q.Item1, q.Item2).Raw)).ToArray();
            var top = queries.Select(q => q.Item1).Distinct().ToDictionary(
                u => u,
                u => string.Join(",", model.Recommend(u, 5).Select(s => $"{s.Item}:{s.Score:R}")));
            var fingerprint = string.Join(";", predictions) + "|" + string.Join(";", top.Values);
            return new Answers(queries, predictions, top, fingerprint);
        }
    }
}

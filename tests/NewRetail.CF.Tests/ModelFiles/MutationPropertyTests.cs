using CsCheck;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>Random mutations of saved models: the loader returns a model or throws <see cref="ModelFormatException"/>, nothing else.</summary>
public class MutationPropertyTests
{
    private static readonly Lazy<byte[][]> Models = new(() =>
    {
        var strings = Random(5, 4, 0.5, seed: 31, StringId, StringId);
        return
        [
            Bytes(s => ModelStore.Save(new ImplicitItemKnn(new ImplicitKnnOptions { MaxNeighbors = 2 }).Fit(strings), s)),
            Bytes(s => ModelStore.Save(new ImplicitUserKnn(new ImplicitKnnOptions { Weighting = InteractionWeighting.Bm25 }).Fit(strings), s)),
            Bytes(s => ModelStore.Save(new MostPopular().Fit(strings), s)),
            Bytes(s => ModelStore.Save(new BaselineOnly().Fit(strings), s)),
            Bytes(s => ModelStore.Save(new UserKnn(new KnnOptions { Centering = Centering.Baseline }).Fit(strings), s)),
            Bytes(s => ModelStore.Save(new ItemKnn(new KnnOptions { MaxStoredNeighbors = 2, MinSupport = 1 }).Fit(strings), s)),
            Bytes(s => ModelStore.Save(new ItemKnn(new KnnOptions { Similarity = Similarities.Similarity.Cosine }).Fit(strings), s)),
        ];
    });

    /// <summary>One edit: 0 flips a byte, 1 overwrites a run, 2 deletes a run, 3 inserts a run, 4 truncates.</summary>
    private static readonly Gen<(int Kind, int Position, int Length, byte Value)> Edit =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[1, 9], Gen.Byte);

    [Fact]
    public void Mutations_NeverEscape()
    {
        Gen.Select(Gen.Int[0, 6], Edit.Array[1, 4], Gen.Bool).Sample(
            (model, edits, fixChecksums) =>
            {
                var original = Models.Value[model];
                var bytes = Apply(original, edits);
                if (fixChecksums)
                {
                    bytes = WithChecksums(bytes);
                }

                bool changed = !bytes.AsSpan().SequenceEqual(original);
                try
                {
                    Load(model, bytes);
                    if (changed && !fixChecksums)
                    {
                        throw new InvalidOperationException("A damaged model with its original checksums loaded.");
                    }
                }
                catch (ModelFormatException)
                {
                    if (!changed)
                    {
                        throw;
                    }
                }
            },
            iter: 7000,
            threads: 1);
    }

    private static void Load(int model, byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        var loaded = model switch
        {
            0 => ModelStore.LoadImplicitItemKnn<string, string>(stream),
            1 => ModelStore.LoadImplicitUserKnn<string, string>(stream),
            2 => ModelStore.LoadPopularity<string, string>(stream),
            3 => ModelStore.LoadBaseline<string, string>(stream),
            4 => ModelStore.LoadUserKnn<string, string>(stream),
            _ => (object)ModelStore.LoadItemKnn<string, string>(stream),
        };

        // A neighbourhood model that passed every check must also compute every list and prediction without throwing.
        if (loaded is KnnModel<string, string> knn)
        {
            foreach (string user in knn.Ratings.Users.Ids.ToArray())
            {
                knn.Recommend(user, 3);
                foreach (string item in knn.Ratings.Items.Ids.ToArray())
                {
                    knn.Predict(user, item);
                }
            }

            if (knn is ItemKnnModel<string, string> items)
            {
                foreach (string item in knn.Ratings.Items.Ids.ToArray())
                {
                    items.SimilarItems(item, 3);
                }
            }
        }
    }

    private static byte[] Apply(byte[] original, (int Kind, int Position, int Length, byte Value)[] edits)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, position, length, value) in edits)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            int at = position % bytes.Count;
            int run = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(value | 1);
                    break;
                case 1:
                    for (int k = 0; k < run; k++)
                    {
                        bytes[at + k] = value;
                    }

                    break;
                case 2:
                    bytes.RemoveRange(at, run);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Repeat(value, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}

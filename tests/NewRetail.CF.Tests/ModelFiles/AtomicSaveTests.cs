using NewRetail.CF.Data;
using NewRetail.CF.Implicit;
using NewRetail.CF.Persistence;
using static NewRetail.CF.Tests.ModelFiles.ModelFileFixtures;

namespace NewRetail.CF.Tests.ModelFiles;

/// <summary>A failed save leaves the old file as it was and no temporary file behind.</summary>
public sealed class AtomicSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("newretail-cf-").FullName;

    private string Target => Path.Combine(_folder, "model.nrcf");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Save_ReplacesOldFile()
    {
        File.WriteAllText(Target, "old");
        var model = new MostPopular().Fit(SmallStrings());

        ModelStore.Save(model, Target);

        File.ReadAllBytes(Target).Should().Equal(Bytes(s => ModelStore.Save(model, s)));
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void WriteFailsPartWay_TargetUnchanged()
    {
        File.WriteAllText(Target, "old");

        var save = () => ModelStore.WriteFileAtomically(Target, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new IOException("Disk full.");
        });

        save.Should().Throw<IOException>().WithMessage("Disk full.");
        File.ReadAllText(Target).Should().Be("old");
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void InvalidStringId_TargetUnchanged()
    {
        File.WriteAllText(Target, "old");
        var builder = new RatingMatrixBuilder<string, string>(Weights);
        builder.Add("a", "i1", 1);
        builder.Add("b\uD800", "i1", 2);
        var model = new MostPopular().Fit(builder.Build());

        var save = () => ModelStore.Save(model, Target);

        save.Should().Throw<ArgumentException>().WithMessage("*user id at index 1*lone surrogate*").Which.ParamName.Should().Be("model");
        File.ReadAllText(Target).Should().Be("old");
        Directory.GetFiles(_folder).Should().ContainSingle();
    }

    [Fact]
    public void MissingFolder_NoFileLeft()
    {
        var model = new MostPopular().Fit(SmallStrings());
        string path = Path.Combine(_folder, "missing", "model.nrcf");

        var save = () => ModelStore.Save(model, path);

        save.Should().Throw<DirectoryNotFoundException>();
        Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public void Save_NullArguments()
    {
        var model = new MostPopular().Fit(SmallStrings());

        var nullModel = () => ModelStore.Save((PopularityRecommender<string, string>)null!, Target);
        var nullPath = () => ModelStore.Save(model, (string)null!);
        var emptyPath = () => ModelStore.Save(model, string.Empty);
        var nullStream = () => ModelStore.Save(model, (Stream)null!);

        nullModel.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("model");
        nullPath.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
        emptyPath.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
        nullStream.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("destination");
    }

    [Fact]
    public void Save_ReadOnlyStream()
    {
        var model = new MostPopular().Fit(SmallStrings());

        var save = () => ModelStore.Save(model, new MemoryStream([], writable: false));

        save.Should().Throw<NotSupportedException>().WithMessage("*not writable*");
    }

    [Fact]
    public void Load_WriteOnlyStream()
    {
        string path = Path.Combine(_folder, "write-only.nrcf");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);

        var load = () => ModelStore.LoadPopularity<string, string>(stream);

        load.Should().Throw<NotSupportedException>().WithMessage("*not readable*");
    }

    [Fact]
    public void ReadHeader_PathInMessage()
    {
        File.WriteAllBytes(Target, [0x89, (byte)'N', (byte)'R']);

        var read = () => ModelStore.ReadHeader(Target);

        var error = read.Should().Throw<ModelFormatException>().Which;
        error.Reason.Should().Be(ModelFormatError.Truncated);
        error.SourceName.Should().Be(Target);
    }

    [Fact]
    public void Load_MissingFile()
    {
        var load = () => ModelStore.LoadPopularity<string, string>(Target);

        load.Should().Throw<FileNotFoundException>();
    }
}

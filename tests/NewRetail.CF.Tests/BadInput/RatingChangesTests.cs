using NewRetail.CF.Data;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>Every kind of bad change batch gives the documented exception, and the model it was applied to stays as it was.</summary>
public class RatingChangesTests
{
    private static ItemKnnModel<string, string> Model()
    {
        var builder = new RatingMatrixBuilder<string, string>(RatingScale.OneToFive);
        builder.Add("a", "x", 4);
        builder.Add("a", "y", 2);
        builder.Add("b", "x", 5);
        builder.Add("b", "y", 3);
        builder.Add("c", "z", 1);
        return new ItemKnn().Fit(builder.Build());
    }

    public static TheoryData<string, Func<RatingChanges<string, string>, RatingChanges<string, string>>, string> ArgumentCases() => new()
    {
        { "unknown user forgotten", c => c.ForgetUser("nobody"), "Change 1 forgets user 'nobody', who is not in the model*" },
        { "unknown item forgotten", c => c.ForgetItem("nothing"), "Change 1 forgets item 'nothing', which is not in the model*" },
        { "user forgotten twice", c => c.ForgetUser("a").ForgetUser("a"), "Change 2 forgets user 'a' again; change 1 already does*" },
        { "item forgotten twice", c => c.ForgetItem("x").ForgetItem("x"), "Change 2 forgets item 'x' again; change 1 already does*" },
        { "remove of an unknown user", c => c.Remove("nobody", "x"), "Change 1 removes the rating of (nobody, x), but user 'nobody' is not in the model*" },
        { "remove of an unknown item", c => c.Remove("a", "nothing"), "*but item 'nothing' is not in the model*" },
        { "remove of an unrated pair", c => c.Remove("c", "x"), "*but user 'c' has no rating of item 'x'*" },
        { "pair changed twice", c => c.Set("a", "x", 3).Remove("a", "x"), "Change 2 changes the rating of (a, x) again; change 1 already does*" },
        { "set on a user forgotten later", c => c.Set("a", "z", 3).ForgetUser("a"), "Change 1 of 2 uses user 'a', which change 2 forgets*" },
        { "set on a forgotten item", c => c.ForgetItem("z").Set("a", "z", 3), "Change 2 of 2 uses item 'z', which change 1 forgets*" },
        { "replace and set on one user", c => c.ReplaceUser("a", [("x", 1)]).Set("a", "y", 2), "Change 2 changes a rating of user 'a', whose ratings change 1 replaces*" },
        { "set then replace on one user", c => c.Set("a", "y", 2).ReplaceUser("a", [("x", 1)]), "Change 2 replaces the ratings of user 'a', which change 1 also changes*" },
        { "replacement with a repeated item", c => c.ReplaceUser("a", [("x", 1), ("x", 2)]), "Change 1 replaces the ratings of user 'a' with item 'x' twice*" },
        { "replacement with a forgotten item", c => c.ForgetItem("y").ReplaceUser("a", [("y", 1)]), "Change 2 of 2 uses item 'y', which change 1 forgets*" },
    };

    [Theory]
    [MemberData(nameof(ArgumentCases))]
    public void BadBatch_ThrowsArgumentException(string name, Func<RatingChanges<string, string>, RatingChanges<string, string>> build, string message)
    {
        var model = Model();
        var before = model.Predict("a", "x");

        var act = () => model.Update(build(new RatingChanges<string, string>()));

        act.Should().Throw<ArgumentException>(name).WithMessage(message).Which.ParamName.Should().Be("changes");
        model.Predict("a", "x").Should().Be(before);
        model.Ratings.Count.Should().Be(5);
    }

    [Theory]
    [InlineData(double.NaN, "NaN", "not a finite number")]
    [InlineData(double.PositiveInfinity, "Infinity", "not a finite number")]
    [InlineData(double.NegativeInfinity, "-Infinity", "not a finite number")]
    [InlineData(0.5, "0.5", "outside the scale [1, 5] of the model's ratings or preference weights")]
    [InlineData(6, "6", "outside the scale [1, 5] of the model's ratings or preference weights")]
    public void BadRating_ThrowsRatingDataException(double rating, string text, string reason)
    {
        var model = Model();

        var act = () => model.Update(new RatingChanges<string, string>().Set("a", "x", 4).Set("new", "x", rating));

        var error = act.Should().Throw<RatingDataException>().Which;
        error.Message.Should().Be($"field 'rating': Change 2 sets the rating of (new, x) to {text}, {(reason.StartsWith("not", StringComparison.Ordinal) ? "which is " : string.Empty)}{reason}. Fix the value.");
        error.Field.Should().Be("rating");
        error.Value.Should().Be(text);
    }

    [Fact]
    public void BadRatingInReplacement_NamesTheChange()
    {
        var act = () => Model().Update(new RatingChanges<string, string>().ReplaceUser("a", [("x", 3), ("y", double.NaN)]));

        act.Should().Throw<RatingDataException>().WithMessage("*Change 1 sets the rating of (a, y) to NaN*");
    }

    [Fact]
    public void RemovingEveryRating_Throws()
    {
        var act = () => Model().Update(new RatingChanges<string, string>().ForgetUser("a").ForgetUser("b").ForgetUser("c"));

        act.Should().Throw<RatingDataException>().WithMessage("*no ratings left*");
    }

    [Fact]
    public void NullArguments_Throw()
    {
        var changes = new RatingChanges<string, string>();

        new Action(() => changes.Set(null!, "x", 1)).Should().Throw<ArgumentNullException>().WithParameterName("user");
        new Action(() => changes.Set("a", null!, 1)).Should().Throw<ArgumentNullException>().WithParameterName("item");
        new Action(() => changes.Remove(null!, "x")).Should().Throw<ArgumentNullException>().WithParameterName("user");
        new Action(() => changes.ForgetUser(null!)).Should().Throw<ArgumentNullException>().WithParameterName("user");
        new Action(() => changes.ForgetItem(null!)).Should().Throw<ArgumentNullException>().WithParameterName("item");
        new Action(() => changes.ReplaceUser("a", null!)).Should().Throw<ArgumentNullException>().WithParameterName("ratings");
        new Action(() => changes.ReplaceUser("a", [(null!, 1)])).Should().Throw<ArgumentNullException>().WithMessage("*user 'a' is null*");
        new Action(() => Model().Update(null!)).Should().Throw<ArgumentNullException>().WithParameterName("changes");
        changes.Count.Should().Be(0, "a rejected change is not added");
    }

    [Fact]
    public void ForgetUnknownId_NamesTheParameter()
    {
        var model = Model();

        var user = new Action(() => model.ForgetUser("nobody")).Should().Throw<ArgumentException>().Which;
        var item = new Action(() => model.ForgetItem("nothing")).Should().Throw<ArgumentException>().Which;

        user.ParamName.Should().Be("user");
        user.Message.Should().StartWith("User 'nobody' is not in the model, so there is nothing to forget.");
        item.ParamName.Should().Be("item");
        item.Message.Should().StartWith("Item 'nothing' is not in the model, so there is nothing to forget.");
    }

    [Fact]
    public void EmptyBatch_GivesAnEqualModel()
    {
        var model = Model();

        var updated = model.Update(new RatingChanges<string, string>());

        updated.Should().NotBeSameAs(model);
        updated.LastUpdate!.RowsRecomputed.Should().Be(0);
        updated.Predict("a", "x").Should().Be(model.Predict("a", "x"));
    }

    [Fact]
    public void CancelledToken_Throws()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        var act = () => Model().Update(new RatingChanges<string, string>().Set("a", "z", 2), source.Token);

        act.Should().Throw<OperationCanceledException>();
    }
}

using System.Diagnostics;
using CsCheck;
using NewRetail.CF.Data;

namespace NewRetail.CF.Tests.BadInput;

/// <summary>
/// Runs a property over inputs from a CsCheck generator, case by case from a fixed base seed, so that every run gets
/// the same inputs. A failure names the case's PCG seed, which replays that one case when set in
/// <c>NEWRETAIL_CF_PROPERTY_SEED</c>.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>The environment variable that replays one case by its seed, as a failure message prints it.</summary>
    public const string ReplayVariable = "NEWRETAIL_CF_PROPERTY_SEED";

    /// <summary>The longest time one case may take before it counts as a hang.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most bytes one case may allocate, far above what the small inputs here need.</summary>
    private const long MaxAllocatedBytes = 256L << 20;

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> inputs drawn from <paramref name="gen"/>.</summary>
    /// <param name="gen">The input generator.</param>
    /// <param name="property">Throws when the input breaks the property.</param>
    /// <param name="cases">The number of cases.</param>
    /// <param name="baseSeed">The seed of case 0; case i uses <c>baseSeed + i</c>.</param>
    /// <param name="print">Describes an input in the failure message.</param>
    public static void Run<T>(Gen<T> gen, Action<T> property, int cases, ulong baseSeed, Func<T, string>? print = null)
    {
        string? replay = Environment.GetEnvironmentVariable(ReplayVariable);
        if (!string.IsNullOrEmpty(replay))
        {
            RunCase(gen, property, PCG.Parse(replay), print);
            return;
        }

        for (int i = 0; i < cases; i++)
        {
            RunCase(gen, property, new PCG(1, baseSeed + (ulong)i), print);
        }
    }

    private static void RunCase<T>(Gen<T> gen, Action<T> property, PCG pcg, Func<T, string>? print)
    {
        string seed = pcg.ToString();
        T input = gen.Generate(pcg, null, out _);
        Exception? failure = null;
        long allocated = 0;
        var stopwatch = Stopwatch.StartNew();
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                property(input);
            }
            catch (Exception e)
            {
                failure = e;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        if (!task.Wait(CaseTimeout))
        {
            failure = new TimeoutException($"The case ran longer than {CaseTimeout.TotalSeconds} s.");
        }
        else if (failure is null && allocated > MaxAllocatedBytes)
        {
            failure = new InvalidOperationException($"The case allocated {allocated:N0} bytes, more than {MaxAllocatedBytes:N0}.");
        }

        if (failure is not null)
        {
            string text = print is null ? Describe(input) : print(input);
            throw new PropertyFailedException(
                $"The property failed after {stopwatch.ElapsedMilliseconds} ms. Replay with {ReplayVariable}={seed}. Input: {text}", failure);
        }
    }

    private static string Describe<T>(T input) => input switch
    {
        byte[] bytes => Convert.ToHexString(bytes),
        string text => Quote(text),
        _ => input?.ToString() ?? "null",
    };

    /// <summary>Shows line breaks, the byte order mark and other control characters as escapes.</summary>
    public static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\uFEFF' => "\\uFEFF",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}

/// <summary>A property broke on a generated input; the message names the seed that replays it.</summary>
internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>The outcomes the bad-input properties allow, and the checks on a documented exception.</summary>
internal static class Outcome
{
    /// <summary>
    /// Runs <paramref name="action"/> and returns its result, or the <see cref="RatingDataException"/> it threw.
    /// Any other exception escapes and fails the property.
    /// </summary>
    public static (T? Result, RatingDataException? Error) DataErrorOr<T>(Func<T> action)
    {
        try
        {
            return (action(), null);
        }
        catch (RatingDataException e)
        {
            return (default, e);
        }
    }

    /// <summary>Runs <paramref name="action"/> and returns the <see cref="ArgumentException"/> or <see cref="RatingDataException"/> it threw, or null.</summary>
    public static Exception? ArgumentOrDataError(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (ArgumentException e)
        {
            return e;
        }
        catch (RatingDataException e)
        {
            return e;
        }
    }
}

using Microsoft.Extensions.Logging;

namespace NewRetail.CF.Tests.Diagnostics;

/// <summary>An <see cref="ILogger"/> that stores every message at or above <paramref name="minimum"/>, with its structured fields.</summary>
internal sealed class CapturingLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    private readonly object _gate = new();
    private readonly List<LogEntry> _entries = [];

    /// <summary>The number of <see cref="Log"/> calls, including any for a disabled level.</summary>
    public int LogCalls { get; private set; }

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
        lock (_gate)
        {
            LogCalls++;
            if (IsEnabled(logLevel))
            {
                _entries.Add(new LogEntry(logLevel, eventId, formatter(state, exception), fields));
            }
        }
    }

    /// <summary>Returns the only entry with <paramref name="eventName"/>.</summary>
    public LogEntry Single(string eventName)
    {
        var matches = Entries.Where(e => e.EventId.Name == eventName).ToList();
        matches.Should().ContainSingle($"one {eventName} message is expected, and the log has: {string.Join(" | ", Entries.Select(e => e.Message))}");
        return matches[0];
    }
}

/// <summary>One logged message.</summary>
internal sealed record LogEntry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)
{
    /// <summary>Returns the value of the structured field <paramref name="name"/>.</summary>
    public object? this[string name]
    {
        get
        {
            var matches = Fields.Where(f => f.Key == name).ToList();
            matches.Should().ContainSingle($"the message '{Message}' should have the field {name}");
            return matches[0].Value;
        }
    }
}

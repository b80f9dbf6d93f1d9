namespace BlueGreen.Core.State;

/// <summary>The state store could not be read or written; the admin plane answers 503.</summary>
public sealed class StateStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public StateStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StateStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

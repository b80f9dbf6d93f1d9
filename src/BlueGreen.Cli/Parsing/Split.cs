namespace BlueGreen.Cli.Parsing;

/// <summary>A traffic split as the operator writes it, <c>BLUE/GREEN</c> (e.g. <c>95/5</c>).</summary>
public sealed record Split(decimal Blue, decimal Green);

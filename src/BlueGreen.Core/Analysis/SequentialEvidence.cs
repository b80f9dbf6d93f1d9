namespace BlueGreen.Core.Analysis;

/// <summary>Where one sequential test stands: its likelihood ratio against the threshold it rejects at.</summary>
/// <param name="Event">What the test counts: <c>errors</c>, or <c>answers slower than the stable p99</c>.</param>
/// <param name="LikelihoodRatio">The evidence that the canary has them more often than the stable pool.</param>
/// <param name="Threshold">1/alpha.</param>
/// <param name="Events">Events seen (in windows where both pools served).</param>
/// <param name="Rejected">Whether the ratio reached the threshold: the canary is worse, with a false-alarm rate of at most alpha.</param>
public sealed record SequentialEvidence(string Event, double LikelihoodRatio, double Threshold, long Events, bool Rejected);

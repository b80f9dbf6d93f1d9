namespace BlueGreen.Core.Rollouts;

/// <summary>One side of a judgement, as its words name it.</summary>
/// <param name="Subject">The side as the subject of a sentence: "the canary green", "the updated batch".</param>
/// <param name="Label">The side in a list of figures: "green", "updated".</param>
public sealed record JudgedSide(string Subject, string Label);

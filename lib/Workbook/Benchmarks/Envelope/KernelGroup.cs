namespace Workbook.Benchmarks.Envelope;

/// <summary>The pass of a training step a group of kernels belongs to.</summary>
public enum StepPhase { Forward, Backward, Loss, Optimizer }

/// <summary>
/// The kernels one layer launches in one phase of a training step (or the loss's, or the optimizer's), counted for a
/// whole batch: the arithmetic they do, the bytes they read and write in device memory, and how many kernels it takes.
/// </summary>
public sealed record KernelGroup(string Layer, string Kind, StepPhase Phase, double Flops, double Bytes, int Launches);

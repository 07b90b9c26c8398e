namespace Workbook.Models;

/// <summary>What "no deep learning at all" achieves: ML.NET's maximum-entropy (multinomial logistic) classifier on raw pixels, on the CPU.</summary>
public sealed record BaselineResult(string Trainer, int TrainImages, int TestImages, double TrainSeconds, double Accuracy, double MacroAccuracy,
    double LogLoss, long[][] ConfusionMatrix);

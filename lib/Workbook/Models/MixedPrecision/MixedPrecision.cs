using TorchSharp.Modules;
using Workbook.Devices;

namespace Workbook.Models;

/// <summary>
/// A model in the precision it will train in. For bf16: every convolution and dense layer of its layer sequence computes
/// in bf16 on its float32 weights (<see cref="Bf16Conv2d"/>, <see cref="Bf16Linear"/>); what lies between them (ReLU,
/// pooling, dropout, batch norm with float32 statistics) runs on the bf16 values they pass on; the logits return to
/// float32 for the loss. TorchSharp has no autocast, so this is autocast's rule written as a rewrite of the layers.
/// </summary>
public static class MixedPrecision
{
    /// <summary>Rewrites <paramref name="model"/> in place for <paramref name="precision"/> (only bf16 changes layers) and
    /// records it in <see cref="WorkbookModel.Precision"/>. Returns the layers that compute in bf16.</summary>
    /// <exception cref="ArgumentException">A model with none of its convolutions or dense layers in its own sequence (a
    /// student's module with its own forward): it could not compute in bf16, and a row must not say it did.</exception>
    public static IReadOnlyList<string> Apply(WorkbookModel model, Precision precision)
    {
        model.Precision = precision;
        if (precision != Precision.Bf16) return [];
        var lowered = new List<string>();
        var sequence = model.Sequence.Select(l => (l.Name, Layer: Lower(l.Layer, l.Name, lowered))).ToList();
        if (lowered.Count == 0)
            throw new ArgumentException($"{model.Key}: bf16 needs the model's convolutions and dense layers in its layer sequence (an nn.Sequential); this one computes them in its own forward. Train it in float32.");
        model.Rearrange([.. sequence, ("to_float32", new ToFloat32())]);
        return lowered;
    }

    /// <summary><see cref="Apply"/> as a step of building the model that is timed.</summary>
    public static WorkbookModel In(this WorkbookModel model, Precision precision)
    {
        Apply(model, precision);
        return model;
    }

    static TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Lower(
        TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> layer, string name, List<string> lowered)
    {
        switch (layer)
        {
            case Conv2d conv:
                lowered.Add(name);
                return new Bf16Conv2d(conv);
            case Linear linear:
                lowered.Add(name);
                return new Bf16Linear(linear);
            default:
                return layer;
        }
    }
}

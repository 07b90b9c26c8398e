using TorchSharp.Modules;
using Workbook.Devices;
using static TorchSharp.torch;

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
        // Its layers already compute in bf16: the rewrite is done once, and is not undone.
        if (model.Precision == Precision.Bf16)
            return precision == Precision.Bf16 ? [] : throw new ArgumentException($"{model.Key} already computes in bf16; build a fresh model for {precision.Name()}");
        if (precision != Precision.Bf16)
        {
            model.Precision = precision; // float32 layers; TF32 is libtorch's switch (Tf32Switch), not the model's
            return [];
        }
        var lowered = new List<string>();
        var sequence = model.Sequence.Select(l => (l.Name, Layer: Lower(l.Layer, l.Name, lowered))).ToList();
        if (lowered.Count == 0)
            throw new ArgumentException($"{model.Key}: bf16 needs the model's convolutions and dense layers in its layer sequence (an nn.Sequential); this one computes them in its own forward. Train it in float32.");
        model.Rearrange([.. sequence, ("to_float32", new ToFloat32())]);
        model.Precision = Precision.Bf16;
        return lowered;
    }

    /// <summary><see cref="Apply"/> as a step of building the model that is timed.</summary>
    public static WorkbookModel In(this WorkbookModel model, Precision precision)
    {
        Apply(model, precision);
        return model;
    }

    static nn.Module<Tensor, Tensor> Lower(nn.Module<Tensor, Tensor> layer, string name, List<string> lowered)
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

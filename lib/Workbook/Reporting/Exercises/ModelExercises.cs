using TorchSharp.Modules;
using Workbook.Models;
using static TorchSharp.torch;

namespace Workbook.Reporting;

/// <summary>The checks of notebook 02's exercises (the models).</summary>
public static class ModelExercises
{
    /// <summary>Exercise 1: the parameters of <paramref name="model"/> counted by hand.</summary>
    public static ExerciseVerdict ParameterCount(long answer, nn.Module model)
    {
        var parameters = model.named_parameters().ToList();
        var total = parameters.Sum(p => p.parameter.numel());
        var biases = parameters.Where(p => p.name.EndsWith("bias", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        var largest = parameters.MaxBy(p => p.parameter.numel());
        // Counting dense_1's inputs before the 2x2 pooling instead of after it: 4 times its inputs.
        var dense = model.modules().OfType<Linear>().First();
        var beforePooling = total + 3 * dense.in_features * dense.out_features;
        return Exercise.Check("Exercise 1", answer == total,
            $"{answer:N0}. Nearly all of it ({100.0 * largest.parameter.numel() / total:F0} %) is {largest.name.Split('.')[0]}: the dense layer after the flatten, not the convolutions.",
            answer == 0 ? "for each of the four layers, its weights (the formulas above) plus one bias per output; then add the four."
            : answer == total - biases ? "you counted the weights; each layer also has one bias per output channel or unit."
            : answer == beforePooling ? "dense_1's inputs are what the 2x2 max pooling leaves of conv2d_2's output, flattened."
            : answer > total ? $"{answer:N0} is too many: recount one layer at a time." : $"{answer:N0} is too few: recount one layer at a time.");
    }

    /// <summary>
    /// Exercise 2: <paramref name="swapped"/> has the ReLU after conv2d_2 moved after the max pooling (anywhere before
    /// dense_1, where it commutes with dropout and flatten too) and, with <paramref name="original"/>'s weights, computes
    /// its outputs on <paramref name="batch"/>.
    /// </summary>
    public static ExerciseVerdict SwappedOrder(nn.Module<Tensor, Tensor>? swapped, nn.Module<Tensor, Tensor> original, Tensor batch)
    {
        if (swapped is null)
            return Exercise.Check("Exercise 2", false, "", "copy the nn.Sequential of section 2 into `swapped` and change the order of two entries.");
        using var scope = NewDisposeScope();
        try
        {
            swapped.load_state_dict(original.state_dict());
        }
        catch (Exception e)
        {
            return Exercise.Check("Exercise 2", false, "", $"the weights do not load ({e.Message.Split('\n')[0]}): keep section 2's layer names and sizes.");
        }
        var kinds = swapped.named_children().Select(c => c.module.GetType().Name).ToList();
        var pool = kinds.FindIndex(k => k.Contains("Pool", StringComparison.Ordinal));
        var lastConv = kinds.FindLastIndex(pool < 0 ? kinds.Count - 1 : pool, k => k == nameof(Conv2d));
        var firstDense = kinds.FindIndex(k => k == nameof(Linear));
        int ReLUs(int from, int to) => Enumerable.Range(from + 1, Math.Max(0, to - from - 1)).Count(i => kinds[i] == nameof(ReLU));
        var difference = Difference(swapped, original, batch);
        var moved = pool > 0 && lastConv >= 0 && ReLUs(lastConv, pool) == 0 && firstDense > pool && ReLUs(pool, firstDense) == 1;
        return Exercise.Check("Exercise 2", moved && difference < 1e-5,
            $"outputs at most {difference:G2} apart: ReLU and max pooling commute, so the order that applies the ReLU to 4 times fewer values computes the same thing.",
            pool < 0 ? "your network has no pooling: start from section 2's layers and only move one."
            : !moved && lastConv >= 0 && ReLUs(lastConv, pool) > 0 ? "the ReLU after conv2d_2 still runs before the pooling: that is section 2's order."
            : !moved ? $"between the pooling and dense_1 there must be exactly one ReLU; yours has {(firstDense > pool ? ReLUs(pool, firstDense) : 0)}."
            : $"the order is right, but the outputs differ by up to {difference:G2}: with the same weights, the swapped network must compute the same function. Which layers did you change besides the order?");
    }

    /// <summary>The largest difference between the two networks' outputs, both in eval mode (dropout off), weights unchanged.</summary>
    static double Difference(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, Tensor batch)
    {
        var (aTraining, bTraining) = (a.training, b.training);
        try
        {
            using var grad = no_grad();
            a.eval();
            b.eval();
            var ya = a.forward(batch);
            var yb = b.forward(batch);
            return ya.shape.SequenceEqual(yb.shape) ? (ya - yb).abs().max().item<float>() : double.PositiveInfinity;
        }
        catch (Exception)
        {
            return double.PositiveInfinity; // a network that cannot run the batch does not compute the same thing
        }
        finally
        {
            a.train(aTraining);
            b.train(bTraining);
        }
    }

    /// <summary>Exercise 3: the forward FLOPs of <paramref name="model"/>'s layer <paramref name="layer"/> for one image.</summary>
    public static ExerciseVerdict ConvFlops(long answer, WorkbookModel model, string layer = "conv2d_2")
    {
        var conv = model.Layers.First(l => l.Name == layer);
        var expected = conv.ForwardFlops;
        var outputs = conv.OutputShape.Aggregate(1L, (a, b) => a * b);
        return Exercise.Check("Exercise 3", answer == expected,
            $"{answer:N0} FLOPs, {100.0 * expected / model.ForwardFlopsPerSample:F0} % of the whole network's forward pass: the convolutions, not the big dense layer, are the work.",
            answer == 0 ? "count the output values, the multiply-adds each needs (a 3 x 3 window over every input channel), and the FLOPs per multiply-add."
            : answer * 2 == expected ? "that counts multiply-adds; each is 2 FLOPs (a multiply and an add)."
            : answer == expected / outputs ? "that is one output value's share; the layer computes every value of its 64 x 24 x 24 output."
            : $"{answer:N0} is not it: check each factor (outputs, multiply-adds per output, FLOPs per multiply-add).");
    }
}

using Workbook.Models;
using Workbook.Runtime;
using static TorchSharp.torch;

namespace Workbook.Tests.Models;

public class ModelZooTests
{
    public ModelZooTests() => TorchRuntime.Initialize();

    [Theory]
    // 784*128+128 + 128*10+10
    [InlineData("mlp", 101_770L)]
    // Keras mnist_cnn: 1*32*9+32 + 32*64*9+64 + 9216*128+128 + 128*10+10
    [InlineData("cnn", 1_199_882L)]
    // convs without bias (batch norm follows): 288+9216*2 + 18432+36864*2 + 73728+147456*2 + 294912+589824;
    // batch norm 2C each: 2*(3*32+3*64+3*128+2*256); dense 256*256+256 + 256*10+10
    [InlineData("deep", 1_434_986L)]
    public void Parameter_counts_equal_hand_computed_values(string key, long expected)
    {
        using var model = ModelZoo.Create(key);
        Assert.Equal(expected, model.ParameterCount);
        Assert.Equal(expected, model.Layers.Sum(l => l.Parameters));
    }

    [Fact]
    public void Keras_cnn_forward_flops_and_shapes_follow_its_layers()
    {
        using var model = ModelZoo.KerasMnistCnn();
        // 2*(1*9)*32*26*26 + 2*(32*9)*64*24*24 + 2*9216*128 + 2*128*10
        Assert.Equal(389_376L + 21_233_664L + 2_359_296L + 2_560L, model.ForwardFlopsPerSample);
        Assert.Equal("[64, 12, 12]", model.Layers.Single(l => l.Name == "max_pooling2d_1").Shape);
        Assert.Equal("[10]", model.Layers[^1].Shape);
        Assert.Equal(4, model.WeightLayers);
    }

    [Fact]
    public void Deep_cnn_has_more_than_10_weight_layers_and_classifies_28x28()
    {
        using var model = ModelZoo.DeepCnn();
        Assert.True(model.WeightLayers >= 12, $"{model.WeightLayers} weight layers");
        Assert.Contains(model.Layers, l => l.Kind == "BatchNorm2d");
        using var scope = NewDisposeScope();
        model.eval();
        Assert.Equal(new long[] { 5, 10 }, model.forward(zeros(5, 1, 28, 28)).shape);
    }

    [Fact]
    public void Summary_is_a_dataframe_row_per_layer()
    {
        using var model = ModelZoo.Mlp();
        var frame = Workbook.Reporting.ModelTables.Layers(model);
        Assert.Equal(4, frame.Rows.Count);
        Assert.Equal(["layer", "kind", "output shape", "parameters", "forward FLOPs"], frame.Columns.Select(c => c.Name));
        Assert.Equal(100_480L, (long)frame["parameters"][1]!);
    }

    [Fact]
    public void Unknown_model_names_the_choices() =>
        Assert.Contains("mlp, cnn, deep", Assert.Throws<ArgumentException>(() => ModelZoo.Create("resnet")).Message);
}

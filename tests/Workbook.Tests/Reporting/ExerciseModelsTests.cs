using Workbook.Benchmarks;
using Workbook.Gate;
using Workbook.Models;
using Workbook.Reporting;
using Workbook.Runtime;
using Workbook.Tests.Gate;
using static TorchSharp.torch;

namespace Workbook.Tests.Reporting;

/// <summary>
/// The checks of the exercises whose answer is a tensor or a network: judged by what the answer computes on fixed
/// inputs and weights, so an equivalent answer passes and a network with the right parameter count but another
/// function (max pooling for average, a sigmoid for a ReLU) does not.
/// </summary>
public class ExerciseModelsTests
{
    public ExerciseModelsTests() => TorchRuntime.Initialize();

    static void Right(ExerciseVerdict v) => Assert.True(v.Right, v.ToString());

    static void NotYet(ExerciseVerdict v, string? hintContains = null)
    {
        Assert.False(v.Right, v.ToString());
        if (hintContains is not null) Assert.Contains(hintContains, v.Message);
    }

    [Fact]
    public void Second_batch_accepts_narrow_a_slice_or_a_copy_and_rejects_the_first_batch()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1);
        var images = rand([512, 1, 28, 28], generator: generator);
        var labels = randint(0, 10, [512], generator: generator);

        Right(DataExercises.SecondBatch(images.narrow(0, 128, 128), labels.narrow(0, 128, 128), images, labels));
        Right(DataExercises.SecondBatch(images[128..256], labels[128..256], images, labels));
        Right(DataExercises.SecondBatch(images.index_select(0, arange(128, 256)).clone(), labels.narrow(0, 128, 128).to(int32), images, labels));

        NotYet(DataExercises.SecondBatch(null, null, images, labels), "narrow");                                  // the placeholder
        NotYet(DataExercises.SecondBatch(images.narrow(0, 0, 128), labels.narrow(0, 0, 128), images, labels), "first batch");
        NotYet(DataExercises.SecondBatch(images.narrow(0, 128, 256), labels.narrow(0, 128, 256), images, labels), "128 images of 1 x 28 x 28");
        NotYet(DataExercises.SecondBatch(images.narrow(0, 127, 128), labels.narrow(0, 127, 128), images, labels), "not the second batch");
        NotYet(DataExercises.SecondBatch(images.narrow(0, 128, 128), labels.narrow(0, 0, 128), images, labels), "labels are not theirs");
        NotYet(DataExercises.SecondBatch(images.narrow(0, 128, 128), null, images, labels), "now the labels");
    }

    static nn.Module<Tensor, Tensor> KerasCnn(bool reluAfterPool = false, bool relu = true, bool averagePool = false)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv2d_1", nn.Conv2d(1, 32, 3)), ("relu_1", nn.ReLU()), ("conv2d_2", nn.Conv2d(32, 64, 3)) };
        var pool = ("max_pooling2d_1", averagePool ? nn.AvgPool2d(2) : (nn.Module<Tensor, Tensor>)nn.MaxPool2d(2));
        if (relu && !reluAfterPool) layers.Add(("relu_2", nn.ReLU()));
        layers.Add(pool);
        if (relu && reluAfterPool) layers.Add(("relu_2", nn.ReLU()));
        layers.AddRange([("dropout_1", nn.Dropout(0.25)), ("flatten_1", nn.Flatten()), ("dense_1", nn.Linear(9216, 128)), ("relu_3", nn.ReLU()),
            ("dropout_2", nn.Dropout(0.5)), ("dense_2", nn.Linear(128, 10))]);
        return nn.Sequential(layers);
    }

    [Fact]
    public void Parameter_count_accepts_the_count_and_names_the_usual_slips()
    {
        using var model = KerasCnn();
        Right(ModelExercises.ParameterCount(1_199_882, model));
        NotYet(ModelExercises.ParameterCount(0, model), "one bias per output");                    // the placeholder
        NotYet(ModelExercises.ParameterCount(1_199_882 - 234, model), "also has one bias");         // weights only
        NotYet(ModelExercises.ParameterCount(1_199_882 + 3 * 9216 * 128, model), "max pooling");    // dense_1 fed before the pooling
        NotYet(ModelExercises.ParameterCount(1_199_881, model), "too few");
    }

    [Fact]
    public void Swapped_order_accepts_the_relu_after_the_pooling_and_rejects_the_unchanged_or_another_function()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(0);
        var original = KerasCnn();
        var batch = rand([4, 1, 28, 28], generator: new Generator(2));
        Right(ModelExercises.SwappedOrder(KerasCnn(reluAfterPool: true), original, batch));
        var afterFlatten = nn.Sequential(("conv2d_1", nn.Conv2d(1, 32, 3)), ("relu_1", nn.ReLU()), ("conv2d_2", nn.Conv2d(32, 64, 3)),
            ("max_pooling2d_1", nn.MaxPool2d(2)), ("dropout_1", nn.Dropout(0.25)), ("flatten_1", nn.Flatten()), ("relu_2", nn.ReLU()),
            ("dense_1", nn.Linear(9216, 128)), ("relu_3", nn.ReLU()), ("dropout_2", nn.Dropout(0.5)), ("dense_2", nn.Linear(128, 10)));
        Right(ModelExercises.SwappedOrder(afterFlatten, original, batch)); // ReLU commutes with dropout and flatten as well

        NotYet(ModelExercises.SwappedOrder(null, original, batch), "nn.Sequential");                        // the placeholder
        NotYet(ModelExercises.SwappedOrder(KerasCnn(), original, batch), "section 2's order");             // computes the same, not swapped
        NotYet(ModelExercises.SwappedOrder(KerasCnn(relu: false), original, batch), "exactly one ReLU");   // dropped instead of moved
        NotYet(ModelExercises.SwappedOrder(KerasCnn(reluAfterPool: true, averagePool: true), original, batch), "must compute the same function");
        Assert.True(original.training); // the check leaves the modes as it found them
    }

    [Fact]
    public void Conv_flops_accepts_the_count_and_names_the_usual_slips()
    {
        using var library = ModelZoo.KerasMnistCnn();
        const long expected = 2L * 3 * 3 * 32 * 64 * 24 * 24; // 21,233,664
        Right(ModelExercises.ConvFlops(expected, library));
        NotYet(ModelExercises.ConvFlops(0, library), "multiply-adds each needs");      // the placeholder
        NotYet(ModelExercises.ConvFlops(expected / 2, library), "2 FLOPs");            // multiply-adds, not FLOPs
        NotYet(ModelExercises.ConvFlops(2L * 3 * 3 * 32, library), "one output value"); // one output only
        NotYet(ModelExercises.ConvFlops(2L * 3 * 3 * 32 * 64 * 26 * 26, library), "each factor"); // the input size for the output
    }

    /// <summary>LeNet-5 variants, all with 61,706 parameters unless the layer sizes change.</summary>
    static nn.Module<Tensor, Tensor> LeNet(bool maxPool = false, bool sigmoid = false, int padding = 2)
    {
        nn.Module<Tensor, Tensor> Act() => sigmoid ? nn.Sigmoid() : nn.ReLU();
        nn.Module<Tensor, Tensor> Pool() => maxPool ? nn.MaxPool2d(2) : nn.AvgPool2d(2, 2);
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding: padding), Act(), Pool(), nn.Conv2d(6, 16, 5), Act(), Pool(), nn.Flatten(),
            nn.Linear(400, 120), Act(), nn.Linear(120, 84), Act(), nn.Linear(84, 10));
    }

    /// <summary>The same function written as two nested blocks with other names, as a student might.</summary>
    static nn.Module<Tensor, Tensor> NestedLeNet() => nn.Sequential(
        ("features", nn.Sequential(("c1", nn.Conv2d(1, 6, 5, padding: 2)), ("r1", nn.ReLU()), ("p1", nn.AvgPool2d(2)),
            ("c2", nn.Conv2d(6, 16, 5)), ("r2", nn.ReLU()), ("p2", nn.AvgPool2d(2)))),
        ("classifier", nn.Sequential(("flat", nn.Flatten()), ("f1", nn.Linear(400, 120)), ("r3", nn.ReLU()),
            ("f2", nn.Linear(120, 84)), ("r4", nn.ReLU()), ("f3", nn.Linear(84, 10)))));

    static readonly GateDecision Passed = new(new WorkloadVerdict("lenet", "cpu", true, "output", 1e-7, 1e-3, "float32, 1 thread", null),
        Workaround.None, null, null, null, []);

    static TimedTraining Timed(Func<nn.Module<Tensor, Tensor>> factory, int images = 2000, double? seconds = 0.5, double? loop = 0.45, GateDecision? gate = null) =>
        new("lenet", factory, gate ?? Passed, "cpu", images, seconds, loop);

    [Fact]
    public void LeNet_accepts_any_network_computing_lenets_function_and_rejects_max_pooling_and_sigmoid_with_the_same_parameters()
    {
        Right(CpuVsGpuExercises.LeNet(Timed(() => LeNet()), 2000, 2.0));
        Right(CpuVsGpuExercises.LeNet(Timed(NestedLeNet), 2000, 2.0));

        NotYet(CpuVsGpuExercises.LeNet(null, 2000, 2.0), "factory");                                        // the placeholder
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(maxPool: true)), 2000, 2.0), "maximum");             // 61,706 parameters too
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(sigmoid: true)), 2000, 2.0), "sigmoid");             // d2l's 1998 original
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(maxPool: true, sigmoid: true)), 2000, 2.0), "maximum");
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(padding: 0)), 2000, 2.0), "fails on a batch");       // conv1 unpadded: 16x4x4 reach Linear(400)
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => nn.Sequential(nn.Flatten(), nn.Linear(784, 10))), 2000, 2.0), "7,850 parameters");
    }

    [Fact]
    public void LeNet_needs_a_time_from_the_gated_clock_on_the_whole_data()
    {
        var refused = new GateDecision(new WorkloadVerdict("lenet", "cpu", false, "output", 0.4, 1e-3, "float32, 1 thread", "conv2 (FaultyConv): forward off by 0.4"),
            Workaround.None, null, null, null, []);
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(), seconds: null, loop: null, gate: refused), 2000, 2.0), "gate refused");
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(), images: 128), 2000, 2.0), "trainImages");
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(), loop: 1.0), 2000, 2.0), "its own clock");  // the loop claims more than the clock saw
        NotYet(CpuVsGpuExercises.LeNet(Timed(() => LeNet(), loop: 0), 2000, 2.0), "its own clock");
    }

    [Fact]
    public void A_time_can_only_come_from_the_library_clock()
    {
        // The provenance rule is the type: the check takes a TimedTraining, which has no public constructor, no setter
        // and no `with` (not a record), so `lenetSeconds = 1` does not compile where the check wants a time.
        var type = typeof(TimedTraining);
        Assert.Empty(type.GetConstructors());
        Assert.Null(type.GetMethod("<Clone>$"));
        Assert.All(type.GetProperties(), p => Assert.Null(p.SetMethod));
        Assert.True(type.IsSealed);
        var time = typeof(CpuVsGpuExercises).GetMethod(nameof(CpuVsGpuExercises.LeNet))!.GetParameters()[0];
        Assert.Equal(type, time.ParameterType);
    }
}

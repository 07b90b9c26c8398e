using TorchSharp.Modules;
using Workbook.Devices;
using Workbook.Models;
using Workbook.Runtime;
using Workbook.Training;
using static TorchSharp.torch;

namespace Workbook.Tests.Models;

/// <summary>The speed-ups in the models (channels-last weights, mask dropout) change layouts and draws, never results.</summary>
public class FastPathTests
{
    public FastPathTests() => TorchRuntime.Initialize();

    static readonly Device CPU = TorchSharp.torch.CPU;

    [Theory]
    [InlineData("cnn")]
    [InlineData("deep")]
    public void Convolutions_run_channels_last_and_stay_so_under_the_flat_optimizer(string key)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.CreateTimed(key, CPU);
        var convs = model.modules().OfType<Conv2d>().ToList();
        Assert.NotEmpty(convs);
        Assert.All(convs, c => Assert.True(MemoryLayout.IsChannelsLast(c.weight!), $"{c.GetName()} weight strides {string.Join(",", c.weight!.stride())}"));
        // libtorch really chose NHWC: the first convolution's output comes back channels-last.
        var output = convs[0].forward(randn(4, 1, 28, 28));
        Assert.True(MemoryLayout.IsChannelsLast(output), $"output strides {string.Join(",", output.stride())}");

        using var optimizer = new FlatAdadelta(model.parameters());
        nn.functional.cross_entropy(model.forward(randn(4, 1, 28, 28)), tensor(new long[] { 1, 2, 3, 4 })).backward();
        Assert.All(convs, c => Assert.True(MemoryLayout.IsChannelsLast(c.weight!) && MemoryLayout.IsChannelsLast(c.weight!.grad!), $"{c.GetName()} lost its layout"));
    }

    [Fact]
    public void Channels_last_changes_the_layout_not_the_function()
    {
        using var scope = NewDisposeScope();
        using var fast = ModelZoo.CreateTimed("cnn", CPU);
        using var plain = ModelZoo.CreateTimed("cnn", CPU);
        using (no_grad())
        {
            foreach (var (a, b) in fast.parameters().Zip(plain.parameters()))
            {
                b.set_(a.contiguous().clone()); // same values, ordinary NCHW strides
            }
        }
        Assert.False(MemoryLayout.IsChannelsLast(plain.modules().OfType<Conv2d>().Last().weight!));
        AssertSameLossAndGradients(fast, plain);
    }

    [Fact]
    public void Relu_after_max_pooling_is_the_same_function_and_gradient()
    {
        using var scope = NewDisposeScope();
        var x = randn([8, 64, 24, 24], generator: new Generator(11)).requires_grad_(true);
        var g = randn([8, 64, 12, 12], generator: new Generator(12));
        var kerasOrder = nn.functional.max_pool2d(nn.functional.relu(x), 2);
        kerasOrder.backward([g]);
        var kerasGrad = x.grad!.clone();
        x.grad = null;
        var ours = nn.functional.relu(nn.functional.max_pool2d(x, 2));
        ours.backward([g]);
        Assert.True(ours.eq(kerasOrder).all().item<bool>());
        Assert.True(x.grad!.eq(kerasGrad).all().item<bool>());
    }

    [Fact]
    public void Channels_last_flatten_is_kerass_h_w_c_order_and_a_view()
    {
        using var scope = NewDisposeScope();
        var nchw = arange(2 * 3 * 2 * 2, dtype: ScalarType.Float32).view(2, 3, 2, 2);
        var nhwc = nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2); // same values, channels-last strides
        using var flatten = new ChannelsLastFlatten();
        var flat = flatten.forward(nhwc);
        // Image 0, pixel (0,0): its three channels first, as Keras's Flatten on (h, w, c).
        Assert.Equal([0f, 4f, 8f, 1f, 5f, 9f], flat[0].narrow(0, 0, 6).data<float>().ToArray());
        nhwc[0, 0, 0, 0] = tensor(100f);
        Assert.Equal(100f, flat[0, 0].item<float>()); // a view of the channels-last storage, not a copy
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Mask_dropout_keeps_one_minus_p_scaled_by_its_inverse(double p)
    {
        using var scope = NewDisposeScope();
        using var dropout = new MaskDropout(p);
        dropout.train();
        var x = ones(1000, 1000).requires_grad_(true);
        var y = dropout.forward(x);
        var dropped = y.eq(0).to_type(ScalarType.Float64).mean().item<double>();
        // The fraction's standard deviation is sqrt(p(1-p)/1e6) < 0.0005.
        Assert.InRange(dropped, p - 0.005, p + 0.005);
        var kept = y.masked_select(y.ne(0));
        Assert.True(kept.eq((float)(1 / (1 - p))).all().item<bool>(), "kept elements must be scaled by 1/(1-p)");
        y.sum().backward();
        Assert.True(x.grad!.eq(y.detach()).all().item<bool>(), "the gradient is the same mask and scale");

        dropout.eval();
        var z = dropout.forward(x);
        Assert.True(z.eq(x).all().item<bool>(), "eval mode is the identity");
    }

    [Fact]
    public void Mask_dropout_rejects_impossible_probabilities()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskDropout(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskDropout(-0.1));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void Dense_weights_go_column_major_exactly_where_MKL_runs_AVX_512_and_stay_so(string key)
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.CreateTimed(key, CPU);
        var dense = model.modules().OfType<Linear>().ToList();
        Assert.NotEmpty(dense);
        // An AVX2-only CPU (or WORKBOOK_MKL_AVX512=0) keeps nn.Linear's own row-major weights: nothing changes there.
        Assert.All(dense, d => Assert.Equal(MklAvx512.Active, ColumnMajorDense.Is(d.weight!)));
        Assert.All(dense, d => Assert.Equal(!MklAvx512.Active, d.weight!.is_contiguous()));

        ColumnMajorDense.Apply(model);
        using var optimizer = new FlatAdadelta(model.parameters());
        nn.functional.cross_entropy(model.forward(randn(4, 1, 28, 28)), tensor(new long[] { 1, 2, 3, 4 })).backward();
        optimizer.Step();
        Assert.All(dense, d => Assert.True(ColumnMajorDense.Is(d.weight!) && ColumnMajorDense.Is(d.weight!.grad!), $"{d.GetName()} lost its layout"));
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void Column_major_dense_weights_change_the_layout_not_the_function(string key)
    {
        using var scope = NewDisposeScope();
        using var fast = ModelZoo.CreateTimed(key, CPU);
        using var plain = ModelZoo.CreateTimed(key, CPU);
        using (no_grad())
        {
            foreach (var (a, b) in fast.parameters().Zip(plain.parameters()))
                b.set_(a.detach().contiguous().clone()); // same values, ordinary row-major
        }
        ColumnMajorDense.Apply(fast);
        Assert.All(fast.modules().OfType<Linear>(), d => Assert.True(ColumnMajorDense.Is(d.weight!)));
        Assert.All(plain.modules().OfType<Linear>(), d => Assert.False(ColumnMajorDense.Is(d.weight!)));
        AssertSameLossAndGradients(fast, plain);
    }

    [Fact]
    public void A_bias_added_after_max_pooling_is_the_convolutions_own_bias_value_and_gradient()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var keras = nn.Conv2d(32, 64, 3); // Keras's layer: the bias inside the convolution
        using var conv = nn.Conv2d(32, 64, 3, bias: false);
        using (no_grad()) conv.weight!.copy_(keras.weight!);
        using var bias = new PooledBias(keras.bias!);

        var x = randn([8, 32, 26, 26], generator: new Generator(21)).requires_grad_(true);
        var g = randn([8, 64, 12, 12], generator: new Generator(22));
        var reference = nn.functional.relu(nn.functional.max_pool2d(keras.forward(x), 2));
        reference.backward([g]);
        var xGrad = x.grad!.clone();
        x.grad = null;
        var ours = nn.functional.relu(bias.forward(nn.functional.max_pool2d(conv.forward(x), 2)));
        ours.backward([g]);

        Assert.True(ours.allclose(reference, rtol: 1e-5, atol: 1e-6), $"outputs differ by {(ours - reference).abs().max().item<float>()}");
        Assert.True(x.grad!.allclose(xGrad, rtol: 1e-4, atol: 1e-5), $"input gradients differ by {(x.grad! - xGrad).abs().max().item<float>()}");
        Assert.True(conv.weight!.grad!.allclose(keras.weight!.grad!, rtol: 1e-4, atol: 1e-4), "weight gradients differ");
        Assert.True(bias.Bias.grad!.allclose(keras.bias!.grad!, rtol: 1e-4, atol: 1e-4),
            $"bias gradients differ by {(bias.Bias.grad! - keras.bias!.grad!).abs().max().item<float>()}");
    }

    [Fact]
    public void Dropout_masks_keep_the_layout_follow_manual_seed_and_are_independent_draws()
    {
        using var scope = NewDisposeScope();
        using var dropout = new MaskDropout(0.25);
        dropout.train();
        var nhwc = randn(64, 12, 12, 64).permute(0, 3, 1, 2).abs_().add_(1); // channels-last, no zeros of its own
        random.manual_seed(9);
        var a = dropout.forward(nhwc);
        random.manual_seed(9);
        var b = dropout.forward(nhwc);
        var c = dropout.forward(nhwc);
        Assert.True(MemoryLayout.IsChannelsLast(a), $"strides {string.Join(",", a.stride())}");
        Assert.True(a.eq(b).all().item<bool>(), "the same seed must give the same mask");
        Assert.False(a.eq(c).all().item<bool>(), "the next call must draw a new mask");

        // In memory order (where the generator's lanes lie side by side): each element dropped with probability p,
        // and neighbours independently (both dropped: p^2). n = 589,824: standard deviations below 0.0006.
        var dropped = a.permute(0, 2, 3, 1).reshape(-1).eq(0).to_type(ScalarType.Float64);
        Assert.InRange(dropped.mean().item<double>(), 0.245, 0.255);
        var pairs = (dropped.narrow(0, 0, dropped.shape[0] - 1) * dropped.narrow(0, 1, dropped.shape[0] - 1)).mean().item<double>();
        Assert.InRange(pairs, 0.0625 - 0.004, 0.0625 + 0.004);
        for (var lane = 0; lane < 16; lane++) // every lane of a 512-bit vector draws like the others
            Assert.InRange(dropped.view(-1, 16)[.., lane].mean().item<double>(), 0.235, 0.265);

        // A length that is not a whole number of vectors: the tail is drawn too (0 or 1/(1-p), never left unset).
        var odd = dropout.forward(ones(1001));
        Assert.True(odd.eq(0).logical_or(odd.eq(1 / 0.75f)).all().item<bool>());
    }

    /// <summary>The same loss and parameter gradients for one batch, in eval mode (dropout off).</summary>
    static void AssertSameLossAndGradients(WorkbookModel fast, WorkbookModel plain)
    {
        fast.eval();
        plain.eval();
        var x = rand(16, 1, 28, 28, generator: new Generator(5));
        var y = randint(0, 10, [16], generator: new Generator(6));
        var lossFast = nn.functional.cross_entropy(fast.forward(x), y);
        var lossPlain = nn.functional.cross_entropy(plain.forward(x), y);
        lossFast.backward();
        lossPlain.backward();
        Assert.Equal(lossPlain.item<float>(), lossFast.item<float>(), 4);
        foreach (var (a, b) in fast.parameters().Zip(plain.parameters()))
            Assert.True(a.grad!.allclose(b.grad!, rtol: 1e-3, atol: 1e-5), $"gradient differs by {(a.grad! - b.grad!).abs().max().item<float>()}");
    }
}

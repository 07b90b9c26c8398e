using static TorchSharp.torch;

namespace Workbook.Tests.Devices;

/// <summary>The models the notebooks have students write, as the notebooks write them (nn.Sequential, NCHW).</summary>
public static class StudentModels
{
    /// <summary>Notebook 02's Keras mnist_cnn, layer for layer (plain nn.Dropout, ReLU before the pooling).</summary>
    public static nn.Module<Tensor, Tensor> KerasCnn() => nn.Sequential(
        ("conv2d_1", nn.Conv2d(1, 32, 3)), ("relu_1", nn.ReLU()),
        ("conv2d_2", nn.Conv2d(32, 64, 3)), ("relu_2", nn.ReLU()),
        ("max_pooling2d_1", nn.MaxPool2d(2)),
        ("dropout_1", nn.Dropout(0.25)),
        ("flatten_1", nn.Flatten()),
        ("dense_1", nn.Linear(9216, 128)), ("relu_3", nn.ReLU()),
        ("dropout_2", nn.Dropout(0.5)),
        ("dense_2", nn.Linear(128, 10)));

    /// <summary>Notebook 02's exercise answer: the same network with relu_2 after the pooling.</summary>
    public static nn.Module<Tensor, Tensor> SwappedKerasCnn() => nn.Sequential(
        ("conv2d_1", nn.Conv2d(1, 32, 3)), ("relu_1", nn.ReLU()),
        ("conv2d_2", nn.Conv2d(32, 64, 3)),
        ("max_pooling2d_1", nn.MaxPool2d(2)), ("relu_2", nn.ReLU()),
        ("dropout_1", nn.Dropout(0.25)),
        ("flatten_1", nn.Flatten()),
        ("dense_1", nn.Linear(9216, 128)), ("relu_3", nn.ReLU()),
        ("dropout_2", nn.Dropout(0.5)),
        ("dense_2", nn.Linear(128, 10)));
}

using Workbook.Runtime;
var r = TorchRuntime.Initialize();
Console.WriteLine(r);
foreach (var l in r.Loaded) Console.WriteLine(l);
foreach (var n in r.Notes) Console.WriteLine(n);
var t = TorchSharp.torch.ones(3, 3).matmul(TorchSharp.torch.ones(3, 3));
Console.WriteLine(t.sum().item<float>());

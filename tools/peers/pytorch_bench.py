#!/usr/bin/python3
"""PyTorch peer of the workbook's TorchSharp MNIST benchmark.

Trains the same three models (mlp, cnn, deep) with the same data order rules so the
TorchSharp numbers can be compared side by side. Run with Debian's python3-torch:
    /usr/bin/python3 tools/peers/pytorch_bench.py --models mlp,cnn --steps 20 --threads 2
One line per model per repeat on stdout (key=value, or JSON with --json); diagnostics go
to stderr so a shell script can parse stdout directly.
When the machine is busy, libgomp's spin-waiting makes --threads N close to the core count
collapse (seen: MLP 3 ms -> 140 ms per step on 2 shared cores); OMP_WAIT_POLICY=PASSIVE in
both peers' environment avoids it.
"""
import argparse, gzip, json, os, struct, sys, time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--models", default="mlp,cnn,deep")
p.add_argument("--batch-size", type=int, default=128)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--steps", type=int, default=20, help="timed training steps per repeat")
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--repeats", type=int, default=1)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
p.add_argument("--optimizer", choices=["adadelta", "adam"], default="adadelta")
p.add_argument("--precision", choices=["float32", "bf16"], default="float32",
               help="bf16: the forward pass and the loss under torch.autocast(device, dtype=torch.bfloat16), PyTorch's one "
                    "line of mixed precision (float32 weights; autocast keeps the loss and batch norm's statistics in float32)")
p.add_argument("--epoch", action="store_true", help="time one full epoch, then report test accuracy")
p.add_argument("--json", action="store_true")
p.add_argument("--fast", action="store_true",
               help="apply the workbook's CNN changes here too (channels-last, ReLU and the second convolution's bias "
                    "after pooling, flatten in (h, w, c) order, dropout from uniform draws): shows what they are worth "
                    "in PyTorch")
p.add_argument("--data", type=Path, default=REPO_ROOT / "data" / "mnist")
args = p.parse_args()

# OpenBLAS (pthread build) and OpenMP size their pools when the library loads, and
# torch.set_num_threads does not reach OpenBLAS; set both before importing torch so
# --threads really bounds every pool. An explicit environment setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_interop_threads(1)  # must precede any parallel work, or torch refuses
torch.set_num_threads(args.threads)
dev = torch.device(args.device)
if dev.type == "cuda" and not torch.cuda.is_available():
    raise SystemExit("--device cuda: this torch has no usable CUDA (Debian's python3-torch is CPU-only)")


def sync():
    # CUDA kernels run asynchronously; without this the clock would measure queueing.
    if dev.type == "cuda":
        torch.cuda.synchronize()


def blas_name():
    """Which BLAS libtorch's sgemm resolves to. Debian's torch reports BLAS_INFO=generic,
    so look at what is mapped: libblas.so.3 is the alternatives-selected library that
    libtorch links (libopenblas may be mapped anyway, via liblapack)."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))
    maps = {line.split()[-1] for line in open("/proc/self/maps") if "/" in line}
    libblas = [m for m in maps if os.path.basename(m).startswith("libblas.so")]
    for m in libblas or sorted(maps):
        if "openblas" in m: return "openblas"
        if "mkl" in m: return "mkl"
        if "blis" in m: return "blis"
        if "atlas" in m: return "atlas"
    return "reference" if libblas else "unknown"


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    got, = struct.unpack(">i", raw[:4])
    assert got == magic, f"{path}: magic {got}, expected {magic}"
    ndim = raw[3]
    dims = struct.unpack(f">{ndim}i", raw[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8).reshape(dims)


def load(prefix):
    x = read_idx(args.data / f"{prefix}-images-idx3-ubyte.gz", 2051)
    y = read_idx(args.data / f"{prefix}-labels-idx1-ubyte.gz", 2049)
    # Resident on the device once, like the workbook: batches are indexed, never copied in.
    return (x.float().div_(255).unsqueeze(1).to(dev), y.long().to(dev))


def conv_bn(cin, cout):
    # No conv bias: the batch norm right after it has its own (as the workbook's DeepCnn).
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class ChannelsLastFlatten(nn.Module):
    """Keras's (h, w, c) flatten order: a view of channels-last feature maps (as the workbook's)."""
    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1)


class PooledBias(nn.Module):
    """A convolution's bias added after the max pooling that follows it (as the workbook's): max(x + b) = max(x) + b,
    so the function is the same; initialised like Conv2d's bias, from the draws right after the convolution's weight."""
    def __init__(self, channels, fan_in):
        super().__init__()
        bound = 1 / fan_in ** 0.5
        self.bias = nn.Parameter(torch.empty(channels).uniform_(-bound, bound))

    def forward(self, x):
        return x + self.bias.view(1, -1, 1, 1)


class MaskDropout(nn.Module):
    """Dropout drawn as uniform floats compared with p (as the workbook's)."""
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        return x * torch.rand_like(x).ge_(self.p).mul_(1 / (1 - self.p))


def build(name):
    if name == "cnn" and args.fast:  # the workbook's ModelZoo.KerasMnistCnn: same function, faster layout
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3, bias=False), nn.MaxPool2d(2), PooledBias(64, 32 * 9),
            nn.ReLU(),
            MaskDropout(0.25), ChannelsLastFlatten(),
            nn.Linear(9216, 128), nn.ReLU(), MaskDropout(0.5), nn.Linear(128, 10))
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if name == "cnn":  # Keras examples/mnist_cnn.py, layer for layer
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
            nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
            nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    if name == "deep":  # VGG-style: 28 -> 14 -> 7 -> 3, then global average pool
        layers = []
        for cin, cout, n, pool in [(1, 32, 3, True), (32, 64, 3, True), (64, 128, 3, True), (128, 256, 2, False)]:
            for i in range(n):
                layers += conv_bn(cin if i == 0 else cout, cout)
            if pool:
                layers.append(nn.MaxPool2d(2))
        return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                             nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
    raise SystemExit(f"unknown model {name!r} (mlp, cnn, deep)")


def make_optimizer(model):
    if args.optimizer == "adam":
        return torch.optim.Adam(model.parameters(), lr=1e-3)
    # Keras' example uses Adadelta(lr=1.0, rho=0.95, eps=1e-7); we keep torch's defaults
    # (rho=0.9, eps=1e-6) because TorchSharp's defaults are the same, so both peers match.
    return torch.optim.Adadelta(model.parameters(), lr=1.0)


def batches(n, gen):
    """Endless index batches: contiguous slices of a seeded shuffle, reshuffled per pass."""
    while True:
        perm = torch.randperm(n, generator=gen).to(dev)
        for i in range(0, n, args.batch_size):
            yield perm[i:i + args.batch_size]


def autocast():
    """The precision's context: bf16 autocast, or nothing for float32."""
    return torch.autocast(args.device, dtype=torch.bfloat16, enabled=args.precision == "bf16")


def train_step(model, opt, x, y):
    opt.zero_grad(set_to_none=True)
    with autocast():
        loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    return loss  # a tensor: calling .item() here would force a sync every step


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            with autocast():
                correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    model.train()
    return correct / len(x)


def main():
    xtr, ytr = load("train")
    xte, yte = load("t10k") if args.epoch else (None, None)
    blas = blas_name() if dev.type == "cpu" else "cuda"
    for name in args.models.split(","):
        torch.manual_seed(args.seed)
        model = build(name).to(dev)
        if args.fast:
            model = model.to(memory_format=torch.channels_last)
        nparams = sum(p.numel() for p in model.parameters())
        expected = {"mlp": 101_770, "cnn": 1_199_882, "deep": 1_434_986}[name]
        assert nparams == expected, f"{name}: {nparams} parameters, the workbook's has {expected}"
        print(f"# model={name} params={nparams}", file=sys.stderr)
        # Every repeat starts from the same seeded weights (incl. BatchNorm running stats),
        # so warm-up steps never leak into the timed run or the reported accuracy.
        init = {k: v.clone() for k, v in model.state_dict().items()}
        for rep in range(args.repeats):
            # Warm-up (allocator, oneDNN primitives, thread pools), then rewind weights,
            # optimiser state and data order for the timed part.
            opt = make_optimizer(model)
            it = batches(len(xtr), torch.Generator().manual_seed(args.seed))
            for _ in range(args.warmup):
                idx = next(it)
                train_step(model, opt, xtr[idx], ytr[idx])
            model.load_state_dict(init)
            opt = make_optimizer(model)
            it = batches(len(xtr), torch.Generator().manual_seed(args.seed))
            steps = -(-len(xtr) // args.batch_size) if args.epoch else args.steps
            samples = 0
            sync()
            t0 = time.perf_counter()
            for _ in range(steps):
                idx = next(it)
                loss = train_step(model, opt, xtr[idx], ytr[idx])
                samples += len(idx)
            sync()
            seconds = time.perf_counter() - t0
            rec = dict(peer="pytorch-fast" if args.fast else "pytorch", model=name, device=args.device, precision=args.precision,
                       threads=args.threads,
                       batch=args.batch_size, steps=steps, seconds=round(seconds, 3),
                       samples_per_s=round(samples / seconds, 1),
                       step_ms=round(1000 * seconds / steps, 1), loss=round(loss.item(), 4))
            if args.epoch:
                rec["accuracy"] = round(accuracy(model, xte, yte), 4)
            rec.update(torch=torch.__version__, blas=blas)
            if args.json:
                print(json.dumps(rec), flush=True)
            else:
                fmt = {"seconds": "{:.3f}", "samples_per_s": "{:.1f}", "step_ms": "{:.1f}",
                       "loss": "{:.4f}", "accuracy": "{:.4f}"}
                print(" ".join(f"{k}={fmt.get(k, '{}').format(v)}" for k, v in rec.items()), flush=True)


if __name__ == "__main__":
    main()

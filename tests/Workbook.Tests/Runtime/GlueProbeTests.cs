using Workbook.Runtime;

namespace Workbook.Tests.Runtime;

/// <summary>
/// tools/glue/probe.sh and rebuild.sh against real libtorch files, and the runtime's version gate that reads the probe's
/// record. The "2.11.0" folders are the restored CPU libtorch 2.10.0 under another version label: what the gate must
/// decide from the probe, since the label alone says nothing about whether the glue fits.
/// </summary>
public class GlueProbeTests
{
    static NativeLayout Resolve(string glue, string lib) =>
        NativeLayout.Resolve(name => name == NativeLayout.LibTorchVariable ? lib : null, [Path.GetDirectoryName(glue)!], null);

    static Dictionary<string, string> Record(string glue) =>
        File.ReadLines(GlueProbe.PathFor(glue)).Where(l => !l.StartsWith('#')).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public void Prebuilt_glue_probes_clean_against_the_restored_cpu_libtorch()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var (exit, output) = LibTorchFarm.Script("probe.sh", glue, LibTorchFarm.NativeDir);
        Assert.True(exit == 0, output);
        Assert.Contains("0 unresolved symbol(s), 0 missing", output);
        var record = Record(glue);
        Assert.Equal("clean", record["verdict"]);
        Assert.Equal("prebuilt", record["origin"]);
        Assert.StartsWith("ok", record["load"]);
        Assert.Equal(Path.GetFullPath(LibTorchFarm.NativeDir), record["libtorch_dir"]);
    }

    [SkippableFact]
    public void A_missing_library_is_found_and_the_rebuild_says_it_needs_headers()
    {
        Skip.If(LibTorchFarm.VendoredSources is null, LibTorchFarm.NoSources);
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu", remove: "libc10.so");
        var (exit, output) = LibTorchFarm.Script("probe.sh", glue, lib);
        Assert.Equal(1, exit);
        // Without it the loader reports libc10.so missing, or, where the system has another libc10.so (Debian's
        // libtorch-dev puts 1.13's in /usr/lib), picks that one and the glue's c10 functions are unresolved.
        var record = Record(glue);
        Assert.Equal("not clean", record["verdict"]);
        Assert.True(record["missing_libraries"] == "1" ? output.Contains("missing: libc10.so") : int.Parse(record["unresolved_symbols"]) > 0, output);

        var (rebuilt, log) = LibTorchFarm.Script("rebuild.sh", "--glue", glue, "--libtorch", lib,
            "--sources", LibTorchFarm.VendoredSources!, "--work", scratch.File("build"));
        Assert.Equal(1, rebuilt);
        Assert.Contains("no libtorch headers beside", log);
        Assert.Contains("torch/include", log);
        Assert.Equal(File.ReadAllBytes(LibTorchFarm.PrebuiltGlue), File.ReadAllBytes(glue)); // nothing was replaced
    }

    [SkippableFact]
    public void A_rebuild_whose_sources_do_not_compile_names_the_first_errors_and_leaves_the_glue()
    {
        Skip.If(LibTorchFarm.VendoredSources is null, LibTorchFarm.NoSources);
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu");
        // Headers where torch.h stops the compiler: the real compiler runs on the real sources, and every C++ file fails.
        var api = Directory.CreateDirectory(scratch.File("libtorch/include/torch/csrc/api/include/torch")).FullName;
        File.WriteAllText(Path.Combine(api, "torch.h"), "#error this test's torch.h is not libtorch\n");
        var (exit, log) = LibTorchFarm.Script("rebuild.sh", "--glue", glue, "--libtorch", lib, "--sources", LibTorchFarm.VendoredSources!,
            "--work", scratch.File("build"), "--jobs", "2");
        Assert.Equal(1, exit);
        Assert.Contains("rebuild: 25 sources against", log);
        Assert.Matches(@"rebuild: [1-9]\d* step\(s\) failed", log);
        Assert.Contains("error", log);
        Assert.Contains("rebuild: FAILED: the glue's sources do not build against libtorch", log);
        Assert.Contains("0 to 33 changed lines", log);
        Assert.Equal(File.ReadAllBytes(LibTorchFarm.PrebuiltGlue), File.ReadAllBytes(glue));
        Assert.False(File.Exists(glue + ".built"));
    }

    [Fact]
    public void Unresolved_symbols_are_counted_and_the_gate_refuses_with_the_rebuild_command()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        // libc10.so is there but is another library: every c10 function the glue calls is unresolved.
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu", swap: ("libc10.so", "libgomp-98b21ff3.so.1"));
        var (exit, output) = LibTorchFarm.Script("probe.sh", glue, lib);
        Assert.Equal(1, exit);
        var unresolved = int.Parse(Record(glue)["unresolved_symbols"]);
        Assert.True(unresolved > 10, output);
        Assert.Contains("c10::", output); // the first ones, demangled

        var e = Assert.Throws<TorchRuntimeException>(() => Resolve(glue, lib));
        Assert.Contains("2.11.0+cpu", e.Problem);
        Assert.Contains($"found {unresolved} unresolved symbol(s)", e.Problem);
        Assert.Contains("tools/glue/rebuild.sh", e.Fix);
    }

    [Fact]
    public void Another_version_is_accepted_after_a_clean_probe_and_says_so()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu");
        var (exit, output) = LibTorchFarm.Script("probe.sh", glue, lib);
        Assert.True(exit == 0, output);
        var layout = Resolve(glue, lib);
        Assert.Equal("2.11.0+cpu", layout.LibTorchVersion);
        Assert.Equal("libtorch 2.11.0+cpu, prebuilt glue, 0 unresolved symbols", layout.Glue);
    }

    [Fact]
    public void Another_version_without_a_probe_is_refused_with_the_probe_command()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cu130");
        var e = Assert.Throws<TorchRuntimeException>(() => Resolve(glue, lib));
        Assert.Contains("version 2.11.0+cu130", e.Problem);
        Assert.Contains("built for libtorch 2.10.0", e.Problem);
        Assert.Contains("no probe has checked", e.Problem);
        Assert.Contains($"bash tools/glue/probe.sh {glue} {lib}", e.Fix);
        Assert.Contains("pip install torch==2.10.0", e.Fix);
    }

    [Fact]
    public void A_stale_probe_is_refused_when_the_glue_or_the_version_changed()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu");
        Assert.Equal(0, LibTorchFarm.Script("probe.sh", glue, lib).Exit);

        File.WriteAllText(scratch.File("libtorch/build-version"), "2.12.0+cpu\n");
        var version = Assert.Throws<TorchRuntimeException>(() => Resolve(glue, lib));
        Assert.Contains("is stale: it checked libtorch 2.11.0+cpu, but the folder now says 2.12.0+cpu", version.Problem);
        Assert.Contains("Probe again", version.Fix);

        File.WriteAllText(scratch.File("libtorch/build-version"), "2.11.0+cpu\n");
        File.AppendAllText(glue, "\0");
        var changed = Assert.Throws<TorchRuntimeException>(() => Resolve(glue, lib));
        Assert.Contains("the glue changed since", changed.Problem);
    }

    [Fact]
    public void A_glue_built_here_is_reported_as_rebuilt_on_this_machine()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.11.0+cpu");
        // rebuild.sh leaves GLUE.built naming the SHA-256 of what it installed; probe.sh reads the origin from it.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(glue)));
        File.WriteAllText(glue + ".built", $"glue_sha256={sha}\nhost=test\n");
        Assert.Equal(0, LibTorchFarm.Script("probe.sh", glue, lib).Exit);
        Assert.Equal("libtorch 2.11.0+cpu, glue rebuilt on this machine, 0 unresolved symbols", Resolve(glue, lib).Glue);
    }

    [Fact]
    public void The_matching_version_needs_no_probe_and_a_broken_record_does_not_block_it()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var lib = LibTorchFarm.Make(scratch, "2.10.0+cpu");
        Assert.Equal("prebuilt glue for libtorch 2.10.0", Resolve(glue, lib).Glue);
        File.WriteAllText(GlueProbe.PathFor(glue), "verdict=clean\n");
        Assert.Equal("prebuilt glue for libtorch 2.10.0", Resolve(glue, lib).Glue);
        var e = Assert.Throws<TorchRuntimeException>(() => GlueProbe.Read(glue));
        Assert.Contains("has no 'libtorch_version' line", e.Problem);
    }

    [Fact]
    public void Probe_refuses_a_folder_that_is_not_libtorch()
    {
        using var scratch = new ScratchDir();
        var glue = LibTorchFarm.GlueCopy(scratch);
        var (exit, output) = LibTorchFarm.Script("probe.sh", glue, scratch.Path);
        Assert.Equal(2, exit);
        Assert.Contains("not a libtorch lib folder", output);
    }
}

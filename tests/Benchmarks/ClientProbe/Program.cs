using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Dm.ClientProbe;

// Usage: Dm.ClientProbe dm|official <kubeconfig> <namespace> <configmaps>
// Does the same calls with one client (apply a namespace, server-side apply N ConfigMaps, get, list, delete) and prints
// one JSON line with the process's CPU up to the first answer, its total CPU, wall time and peak RSS.
if (args.Length != 4 || args[0] is not ("dm" or "official"))
{
    await Console.Error.WriteLineAsync("usage: Dm.ClientProbe dm|official <kubeconfig> <namespace> <configmaps>");
    return 2;
}

var (mode, kubeconfig, ns, count) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
using (var client = ProbeClients.Create(mode, kubeconfig))
{
    await client.ApplyNamespaceAsync(ns);
    var startupCpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < count; i++)
    {
        await client.ApplyConfigMapAsync(ns, $"cm-{i}", i.ToString(CultureInfo.InvariantCulture));
    }

    var read = await client.GetConfigMapValueAsync(ns, "cm-0");
    var listed = await client.CountConfigMapsAsync(ns);
    await client.DeleteConfigMapAsync(ns, "cm-0");
    if (read != "0" || listed != count)
    {
        await Console.Error.WriteLineAsync($"unexpected answers: cm-0 = {read}, {listed} listed");
        return 1;
    }

    using var self = Process.GetCurrentProcess();
    self.Refresh();
    Console.WriteLine(new JsonObject
    {
        ["mode"] = mode,
        ["startupCpuMs"] = Math.Round(startupCpu.TotalMilliseconds),
        ["totalCpuMs"] = Math.Round(self.TotalProcessorTime.TotalMilliseconds),
        ["wallMs"] = Math.Round((DateTime.Now - self.StartTime).TotalMilliseconds),
        ["peakRssMiB"] = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
    }.ToJsonString());
}

return 0;

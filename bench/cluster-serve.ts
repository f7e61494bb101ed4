// Starts a benchmark central system in one process or, with more, in a Node cluster sharing one
// port (so that no process holds more sockets than its open-file limit allows), and prints one
// JSON line {"port": n} once every process listens. The benchmark ends it with SIGTERM; the
// cluster's workers follow their primary.
import cluster from "node:cluster";
import type { AddressInfo } from "node:net";

/** serve(port) listens on 127.0.0.1 (port 0: any) and resolves with the port. */
export async function clusterServe(processes: number, serve: (port: number) => Promise<number>) {
  process.on("SIGTERM", () => process.exit(0));
  if (processes <= 1) {
    console.log(JSON.stringify({ port: await serve(0) }));
  } else if (cluster.isPrimary) {
    // Workers of a cluster cannot share port 0: pick a free port first, then let them all bind it.
    const { createServer } = await import("node:net");
    const probe = createServer();
    const port = await new Promise<number>((r) =>
      probe.listen(0, "127.0.0.1", () => r((probe.address() as AddressInfo).port)),
    );
    await new Promise((r) => probe.close(r));
    let listening = 0;
    for (let i = 0; i < processes; i++) {
      cluster.fork({ BENCH_PORT: String(port) }).on("message", () => {
        if (++listening === processes) console.log(JSON.stringify({ port }));
      });
    }
    cluster.on("exit", () => process.exit(1));
  } else {
    await serve(Number(process.env.BENCH_PORT));
    process.send?.("listening");
  }
}

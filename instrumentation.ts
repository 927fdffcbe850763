// Runs once when the server starts, before it serves a request. In the Node.js runtime, instrumentation-node.ts
// refuses TRACE before Next sees it and stamps each request with its TCP peer's address (see there why), and the
// fast lane answers the hot API reads.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { guardNodeServer } = await import("./instrumentation-node");
    // The web process answers its hot API reads itself (instrumentation-fast-lane.ts); its import is here, not in
    // instrumentation-node.ts, which the route handlers' modules import in turn.
    const { serveFastLane } = await import("./instrumentation-fast-lane");
    guardNodeServer(serveFastLane);
  }
}

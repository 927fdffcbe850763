// Runs once when the server starts, before it serves a request. In the Node.js runtime, instrumentation-node.ts
// refuses TRACE before Next sees it and stamps each request with its TCP peer's address (see there why).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { guardNodeServer } = await import("./instrumentation-node");
    guardNodeServer();
  }
}

// TRACE never reaches proxy.ts or a route: Next builds a fetch Request for both, and fetch forbids TRACE, so Next
// used to answer 500 and log a stack trace. instrumentation-node.ts refuses it before Next sees it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { refuseTraceBeforeNext } = await import("./instrumentation-node");
    refuseTraceBeforeNext();
  }
}
